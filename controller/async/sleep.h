// File: controller/async/sleep.h
//
// `co_await Sleep(dispatcher, d)`: suspends the coroutine for `d` of dispatcher time, using a
// Timer. Destroying the suspended frame disarms the timer. The resumption happens in a posted
// callback (never inside the timer's own callback), so the timer can be freed safely.
//
// Example:
//   co_await Sleep(dispatcher, std::chrono::seconds(3));  // then poll GetOperation
#pragma once

#include <coroutine>
#include <memory>

#include "controller/api/dispatcher.h"

namespace meshsim::controller::async {

class SleepAwaiter {
 public:
  SleepAwaiter(Dispatcher& dispatcher, Duration delay) : dispatcher_(dispatcher), delay_(delay) {}
  SleepAwaiter(SleepAwaiter&&) = default;
  ~SleepAwaiter();

  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<> h);
  void await_resume() const noexcept {}

 private:
  struct State {
    std::coroutine_handle<> h;  // empty once resumed or abandoned
    TimerPtr timer;
  };
  Dispatcher& dispatcher_;
  Duration delay_;
  std::shared_ptr<State> state_;
};

// Suspends for `delay` (a zero or negative delay still yields once, after pending posts).
inline SleepAwaiter Sleep(Dispatcher& dispatcher, Duration delay) {
  return SleepAwaiter(dispatcher, delay);
}

}  // namespace meshsim::controller::async
