// File: controller/async/event.h
//
// Two small synchronisation awaitables for coroutines on one Dispatcher:
// - Event: an auto-reset signal with at most one waiter (the instances-reconcile task waits on
//   "a new request or an operation completion"). A Notify with no waiter is remembered.
// - OneShot<T>: a value set once and awaited with a timeout (a reconcile waits at most 5 s for
//   the instance task's answer; a late answer is kept but nobody is resumed).
// Waiters are resumed from a posted callback, never inside Notify/Set, so the notifier's stack
// cannot be re-entered. Destroying a waiting frame just abandons the wait.
//
// Example:
//   auto answer = std::make_shared<OneShot<Status>>(dispatcher);
//   task.Submit(request, answer);
//   std::optional<Status> s = co_await WaitFor(answer, std::chrono::seconds(5));
//   if (!s) co_return ReconcileResult::RequeueAfter(std::chrono::seconds(10));
#pragma once

#include <coroutine>
#include <memory>
#include <optional>
#include <utility>

#include "controller/api/check.h"
#include "controller/api/dispatcher.h"

namespace meshsim::controller::async {

namespace internal {

// A suspended coroutine that may be abandoned (h cleared) when its frame dies.
struct Waiter {
  std::coroutine_handle<> h;
  bool timed_out = false;
  TimerPtr timer;
};

// Posts the resumption of `w` unless it was abandoned or already resumed.
void PostResume(Dispatcher& d, const std::shared_ptr<Waiter>& w);

}  // namespace internal

class Event {
 public:
  explicit Event(Dispatcher& dispatcher) : dispatcher_(dispatcher) {}
  Event(const Event&) = delete;
  Event& operator=(const Event&) = delete;

  // Wakes the waiter, or lets the next Wait() pass at once.
  void Notify();
  bool is_set() const { return set_; }

  class Awaiter {
   public:
    explicit Awaiter(Event& e) : event_(e) {}
    ~Awaiter() {
      if (waiter_) waiter_->h = {};
    }
    bool await_ready();
    void await_suspend(std::coroutine_handle<> h);
    void await_resume() const noexcept {}

   private:
    Event& event_;
    std::shared_ptr<internal::Waiter> waiter_;
  };
  // Completes when the event is set, and clears it. REQUIRES: no other coroutine waits.
  Awaiter Wait() { return Awaiter(*this); }

 private:
  Dispatcher& dispatcher_;
  bool set_ = false;
  std::shared_ptr<internal::Waiter> waiter_;
};

template <class T>
class OneShot {
 public:
  explicit OneShot(Dispatcher& dispatcher) : dispatcher_(dispatcher) {}

  // Stores `v` (only the first Set counts) and wakes the waiter.
  void Set(T v) {
    if (value_) return;
    value_.emplace(std::move(v));
    if (waiter_) internal::PostResume(dispatcher_, std::exchange(waiter_, nullptr));
  }
  bool is_set() const { return value_.has_value(); }
  const std::optional<T>& value() const { return value_; }

 private:
  template <class U>
  friend class WaitForAwaiter;
  Dispatcher& dispatcher_;
  std::optional<T> value_;
  std::shared_ptr<internal::Waiter> waiter_;
};

template <class T>
class WaitForAwaiter {
 public:
  WaitForAwaiter(std::shared_ptr<OneShot<T>> shot, Duration timeout)
      : shot_(std::move(shot)), timeout_(timeout) {}
  ~WaitForAwaiter() {
    if (waiter_) {
      waiter_->h = {};
      waiter_->timer.reset();
    }
  }
  bool await_ready() const { return shot_->is_set(); }
  void await_suspend(std::coroutine_handle<> h) {
    MESHSIM_CHECK(!shot_->waiter_) << "OneShot awaited twice";
    waiter_ = std::make_shared<internal::Waiter>();
    waiter_->h = h;
    shot_->waiter_ = waiter_;
    std::weak_ptr<internal::Waiter> weak = waiter_;
    Dispatcher& d = shot_->dispatcher_;
    waiter_->timer = d.CreateTimer([&d, weak] {
      if (auto w = weak.lock()) {
        w->timed_out = true;
        internal::PostResume(d, w);
      }
    });
    waiter_->timer->Enable(timeout_);
  }
  // Returns the value, or nullopt when the timeout came first.
  std::optional<T> await_resume() {
    if (waiter_ && waiter_->timed_out && !shot_->is_set()) {
      shot_->waiter_.reset();
      return std::nullopt;
    }
    return shot_->value();
  }

 private:
  std::shared_ptr<OneShot<T>> shot_;
  Duration timeout_;
  std::shared_ptr<internal::Waiter> waiter_;
};

// Awaits `shot` for at most `timeout`.
template <class T>
WaitForAwaiter<T> WaitFor(std::shared_ptr<OneShot<T>> shot, Duration timeout) {
  return WaitForAwaiter<T>(std::move(shot), timeout);
}

}  // namespace meshsim::controller::async
