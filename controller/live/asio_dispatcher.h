// File: controller/live/asio_dispatcher.h
//
// The Dispatcher port on a boost::asio::io_context, for live mode and `meshsim serve`: the
// same controller and fakes that run in simulated time run here in real time. Now() is
// std::chrono::steady_clock time since the dispatcher was created (so, as in the simulator, 0
// is the start of the run: a timeline's `at: 10s` is 10 s in), WallNow() system_clock; every Timer is an
// asio::steady_timer. Callbacks run on the thread that calls Run()/RunFor(), one at a time.
// As in the simulator, time stands still during a callback: Now() is read once when a
// Timer, Schedule() or Post() callback starts and returned for the whole callback, and
// Schedule()d callbacks run in (due time, schedule order). So a caller that computes a due
// time and schedules `due - Now()` gets exactly that due time, and callbacks due at the same
// instant keep their order. The fake API server relies on this to deliver watch events in
// resourceVersion order; with Asio's own timer order (and a clock read between "now" and the
// schedule) an informer could apply an older pod status after a newer one and keep
// ContainersReady=False, so a new pod was never registered in live mode.
//
// Example:
//   AsioDispatcher dispatcher;
//   TimerPtr t = dispatcher.CreateTimer([&] { dispatcher.Stop(); });
//   t->Enable(std::chrono::seconds(1));
//   dispatcher.Run();  // returns when stopped or out of work
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <utility>

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
  // Arms schedule_timer_ for the earliest scheduled callback, unless it already is.
  void ArmScheduleTimer();
  // Runs, in order, every scheduled callback that is due now.
  void RunDueScheduled();

  asio::io_context io_;
  std::chrono::steady_clock::time_point epoch_ = std::chrono::steady_clock::now();
  std::map<std::pair<MonotonicTime, uint64_t>, std::function<void()>> scheduled_;
  uint64_t next_seq_ = 0;
  asio::steady_timer schedule_timer_{io_};
  std::optional<MonotonicTime> armed_for_;
  uint64_t schedule_generation_ = 0;
  std::optional<MonotonicTime> turn_now_;  // set while one of our callbacks runs

 public:
  // Runs `cb` as one turn: Now() is frozen at its start. For callbacks Asio calls directly.
  void RunTurn(const std::function<void()>& cb);
};

}  // namespace meshsim::live
