// File: tools/serve/asio_dispatcher.h
//
// A real-time Dispatcher on an asio::io_context for `meshsim serve`, so the FakeCloudMap's
// latencies and operation durations elapse on the wall clock. Callbacks run on the thread that
// runs the io_context, one at a time. (controller/live/asio_dispatcher.h is the live mode's
// equivalent; this one exists because that one was not in the tree when serve needed it.)
//
// Example:
//   asio::io_context io;
//   ServeDispatcher dispatcher(io);
//   dispatcher.Schedule(std::chrono::seconds(1), [&] { io.stop(); });
//   io.run();
#pragma once

#include <functional>

#include "controller/api/dispatcher.h"
#include "tools/serve/asio.h"

namespace meshsim::serve {

class ServeDispatcher : public Dispatcher {
 public:
  // REQUIRES: `io` outlives this object and every Timer it creates.
  explicit ServeDispatcher(asio::io_context& io) : io_(io) {}

  MonotonicTime Now() const override;
  SystemTime WallNow() const override;
  TimerPtr CreateTimer(std::function<void()> cb) override;
  void Schedule(Duration delay, std::function<void()> cb) override;
  void Post(std::function<void()> cb) override;

 private:
  asio::io_context& io_;
};

}  // namespace meshsim::serve
