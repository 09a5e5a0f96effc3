// File: controller/async/call.h
//
// Turns a callback-style API call (CloudMapClient's) into an awaitable of Result<T>. The
// starter lambda receives the Callback to pass on; it runs synchronously inside the co_await,
// so it may capture the coroutine's locals by reference. If the awaiting frame is destroyed
// before the answer arrives, the answer is dropped.
//
// Example:
//   cloudmap::GetServiceRequest req{.id = id};
//   Result<cloudmap::Service> r = co_await Call<cloudmap::Service>(
//       [&](Callback<cloudmap::Service> cb) { client.GetService(req, std::move(cb)); });
#pragma once

#include <coroutine>
#include <memory>
#include <optional>
#include <type_traits>
#include <utility>

#include "controller/api/cloudmap_client.h"
#include "controller/api/status.h"

namespace meshsim::controller::async {

template <class T, class F>
class CallAwaiter {
 public:
  explicit CallAwaiter(F start) : start_(std::move(start)) {}
  CallAwaiter(CallAwaiter&&) = default;
  ~CallAwaiter() {
    if (state_) state_->h = {};
  }

  bool await_ready() const noexcept { return false; }
  bool await_suspend(std::coroutine_handle<> h) {
    state_ = std::make_shared<State>();
    state_->h = h;
    state_->starting = true;
    start_(Callback<T>([s = state_](Result<T> r) {
      if (s->result) return;  // a second answer is a bug of the callee; keep the first
      s->result.emplace(std::move(r));
      if (s->starting) return;  // answered synchronously: await_suspend returns false
      if (auto h = std::exchange(s->h, {})) h.resume();
    }));
    state_->starting = false;
    return !state_->result.has_value();
  }
  Result<T> await_resume() { return std::move(*state_->result); }

 private:
  struct State {
    std::coroutine_handle<> h;
    bool starting = false;
    std::optional<Result<T>> result;
  };
  F start_;
  std::shared_ptr<State> state_;
};

template <class T, class F>
CallAwaiter<T, std::decay_t<F>> Call(F&& start) {
  return CallAwaiter<T, std::decay_t<F>>(std::forward<F>(start));
}

}  // namespace meshsim::controller::async
