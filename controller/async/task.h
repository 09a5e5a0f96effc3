// File: controller/async/task.h
//
// A lazy C++20 coroutine Task<T>, so the Go reconciler ports function by function instead of as
// callbacks. A Task does nothing until it is co_awaited (or spawned into a TaskScope); completion
// resumes the awaiting coroutine by symmetric transfer, so long chains do not grow the stack.
// Destroying a Task destroys its frame, and with it every child Task and awaiter it holds: that
// is how cancellation works (see task_scope.h). Exceptions are not used: an exception escaping a
// coroutine terminates.
//
// Example:
//   Task<int> Answer() { co_return 42; }
//   Task<void> Caller() {
//     int x = co_await Answer();
//     co_await Sleep(dispatcher, std::chrono::seconds(1));
//   }
//
// g++ 12 pitfalls: never pass references to temporaries into a coroutine (pass requests by
// value) and never make a capturing lambda itself a coroutine.
#pragma once

#include <coroutine>
#include <exception>
#include <functional>
#include <optional>
#include <utility>

namespace meshsim::controller::async {

namespace internal {

struct PromiseBase {
  // The coroutine awaiting this one; empty for a detached root.
  std::coroutine_handle<> continuation;
  // For a detached root: called when the coroutine finishes. May destroy the frame.
  std::function<void()> on_done;

  struct FinalAwaiter {
    bool await_ready() noexcept { return false; }
    template <class P>
    std::coroutine_handle<> await_suspend(std::coroutine_handle<P> h) noexcept {
      PromiseBase& p = h.promise();
      if (p.continuation) return p.continuation;
      if (p.on_done) {
        auto done = std::move(p.on_done);
        done();  // may destroy the frame: touch nothing after this
      }
      return std::noop_coroutine();
    }
    void await_resume() noexcept {}
  };

  std::suspend_always initial_suspend() noexcept { return {}; }
  FinalAwaiter final_suspend() noexcept { return {}; }
  void unhandled_exception() noexcept { std::terminate(); }
};

template <class T>
struct Promise : PromiseBase {
  std::optional<T> value;
  void return_value(T v) { value.emplace(std::move(v)); }
  T Take() { return std::move(*value); }
};

template <>
struct Promise<void> : PromiseBase {
  void return_void() {}
  void Take() {}
};

}  // namespace internal

template <class T = void>
class [[nodiscard]] Task {
 public:
  struct promise_type : internal::Promise<T> {
    Task get_return_object() { return Task(Handle::from_promise(*this)); }
  };
  using Handle = std::coroutine_handle<promise_type>;

  Task() = default;
  Task(Task&& other) noexcept : h_(std::exchange(other.h_, {})) {}
  Task& operator=(Task&& other) noexcept {
    if (this != &other) {
      Reset();
      h_ = std::exchange(other.h_, {});
    }
    return *this;
  }
  Task(const Task&) = delete;
  Task& operator=(const Task&) = delete;
  ~Task() { Reset(); }

  bool valid() const { return static_cast<bool>(h_); }

  // Awaiting starts the task and resumes the caller with its result when it finishes.
  auto operator co_await() && noexcept {
    struct Awaiter {
      Handle h;
      bool await_ready() const noexcept { return !h || h.done(); }
      std::coroutine_handle<> await_suspend(std::coroutine_handle<> caller) noexcept {
        h.promise().continuation = caller;
        return h;
      }
      T await_resume() { return h.promise().Take(); }
    };
    return Awaiter{h_};
  }

  // Gives up ownership of the frame (TaskScope uses this for detached roots).
  Handle Release() { return std::exchange(h_, {}); }

 private:
  explicit Task(Handle h) : h_(h) {}
  void Reset() {
    if (h_) std::exchange(h_, {}).destroy();
  }
  Handle h_;
};

}  // namespace meshsim::controller::async
