// File: controller/api/dispatcher.h
//
// Everything the reconciler and the fakes need from time, shaped like Envoy's
// Event::Dispatcher and TimeSource. sim::SimulatedDispatcher implements it in simulated time;
// an Asio-based dispatcher implements it on an io_context for `meshsim serve` and live mode.
// Callbacks never run concurrently and never re-entrantly inside the call that scheduled them.
//
// Example:
//   TimerPtr poll = dispatcher.CreateTimer([this] { PollOperation(); });
//   poll->Enable(std::chrono::seconds(3));   // destroying `poll` cancels it
//   dispatcher.Post([this] { Continue(); });  // after the current callback returns
#pragma once

#include <functional>
#include <memory>

#include "controller/api/time.h"

namespace meshsim {

// A re-armable one-shot alarm. Destroying it cancels it.
class Timer {
 public:
  virtual ~Timer() = default;
  // Arms the timer to fire `delay` from now, replacing any earlier arming.
  // REQUIRES: delay >= 0.
  virtual void Enable(Duration delay) = 0;
  // Disarms the timer; a no-op when it is not armed.
  virtual void Disable() = 0;
  // Returns true while armed and not yet fired.
  virtual bool Enabled() const = 0;
};
using TimerPtr = std::unique_ptr<Timer>;

class Dispatcher {
 public:
  virtual ~Dispatcher() = default;

  // Returns the current monotonic time. Only differences are meaningful.
  virtual MonotonicTime Now() const = 0;
  // Returns the current wall-clock time, for API timestamps. In simulation: a fixed epoch plus
  // simulated time, so it is as deterministic as Now().
  virtual SystemTime WallNow() const = 0;
  // Returns a disarmed timer that runs `cb` when it fires.
  virtual TimerPtr CreateTimer(std::function<void()> cb) = 0;
  // Runs `cb` once after `delay`, with no way to cancel it. For fire-and-forget work whose
  // owner outlives the delay (a fake's own latency); anything cancellable uses CreateTimer.
  // REQUIRES: delay >= 0.
  virtual void Schedule(Duration delay, std::function<void()> cb) = 0;
  // Runs `cb` after the current callback returns, in FIFO order with other posts.
  virtual void Post(std::function<void()> cb) = 0;
};

}  // namespace meshsim
