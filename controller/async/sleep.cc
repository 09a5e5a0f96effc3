#include "controller/async/sleep.h"

#include <utility>

namespace meshsim::controller::async {

SleepAwaiter::~SleepAwaiter() {
  if (state_) {
    state_->h = {};
    state_->timer.reset();
  }
}

void SleepAwaiter::await_suspend(std::coroutine_handle<> h) {
  state_ = std::make_shared<State>();
  state_->h = h;
  std::weak_ptr<State> weak = state_;
  Dispatcher& d = dispatcher_;
  auto resume = [weak] {
    std::shared_ptr<State> s = weak.lock();
    if (s && s->h) std::exchange(s->h, {}).resume();
  };
  if (delay_ <= Duration(0)) {
    d.Post(std::move(resume));
    return;
  }
  state_->timer = d.CreateTimer([&d, resume] { d.Post(resume); });
  state_->timer->Enable(delay_);
}

}  // namespace meshsim::controller::async
