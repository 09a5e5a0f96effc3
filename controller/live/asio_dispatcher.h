// File: controller/live/asio_dispatcher.h
//
// The Dispatcher port on a boost::asio::io_context, for live mode and `meshsim serve`: the
// same controller and fakes that run in simulated time run here in real time. Now() is
// std::chrono::steady_clock time since the dispatcher was created (so, as in the simulator, 0
// is the start of the run: a timeline's `at: 10s` is 10 s in), WallNow() system_clock; every Timer is an
// asio::steady_timer. Callbacks run on the thread that calls Run()/RunFor(), one at a time.
//
// Example:
//   AsioDispatcher dispatcher;
//   TimerPtr t = dispatcher.CreateTimer([&] { dispatcher.Stop(); });
//   t->Enable(std::chrono::seconds(1));
//   dispatcher.Run();  // returns when stopped or out of work
#pragma once

#include <functional>

#include "controller/api/dispatcher.h"
#include "controller/live/asio.h"

namespace meshsim::live {

class AsioDispatcher : public Dispatcher {
 public:
  AsioDispatcher() = default;
  // Pending callbacks that have not run are destroyed without running.
  // REQUIRES: every Timer this created has been destroyed.
  ~AsioDispatcher() override = default;
  AsioDispatcher(const AsioDispatcher&) = delete;
  AsioDispatcher& operator=(const AsioDispatcher&) = delete;

  // The io_context every callback runs on; HTTP clients and servers put their sockets here.
  asio::io_context& io_context() { return io_; }

  // Runs callbacks until Stop() or until nothing is pending. Returns how many ran.
  size_t Run();
  // Like Run(), but returns after at most `limit` of wall time.
  size_t RunFor(Duration limit);
  // Makes Run()/RunFor() return as soon as the current callback finishes. Safe from any thread
  // and from a signal's asio::signal_set handler.
  void Stop() { io_.stop(); }
  bool Stopped() const { return io_.stopped(); }

  // Dispatcher
  MonotonicTime Now() const override;
  SystemTime WallNow() const override;
  TimerPtr CreateTimer(std::function<void()> cb) override;
  void Schedule(Duration delay, std::function<void()> cb) override;
  void Post(std::function<void()> cb) override;

 private:
  asio::io_context io_;
  std::chrono::steady_clock::time_point epoch_ = std::chrono::steady_clock::now();
};

}  // namespace meshsim::live
