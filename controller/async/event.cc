#include "controller/async/event.h"

namespace meshsim::controller::async {

namespace internal {

void PostResume(Dispatcher& d, const std::shared_ptr<Waiter>& w) {
  if (!w || !w->h) return;
  std::weak_ptr<Waiter> weak = w;
  d.Post([weak] {
    std::shared_ptr<Waiter> s = weak.lock();
    if (s && s->h) std::exchange(s->h, {}).resume();
  });
}

}  // namespace internal

void Event::Notify() {
  if (waiter_ && waiter_->h) {
    internal::PostResume(dispatcher_, std::exchange(waiter_, nullptr));
    return;
  }
  waiter_.reset();
  set_ = true;
}

bool Event::Awaiter::await_ready() {
  if (!event_.set_) return false;
  event_.set_ = false;
  return true;
}

void Event::Awaiter::await_suspend(std::coroutine_handle<> h) {
  MESHSIM_CHECK(!event_.waiter_ || !event_.waiter_->h) << "Event awaited by two coroutines";
  waiter_ = std::make_shared<internal::Waiter>();
  waiter_->h = h;
  event_.waiter_ = waiter_;
}

}  // namespace meshsim::controller::async
