#include "controller/async/mutex.h"

#include <utility>

namespace meshsim::controller::async {

Mutex::Guard& Mutex::Guard::operator=(Guard&& o) noexcept {
  if (this != &o) {
    Release();
    m_ = std::exchange(o.m_, nullptr);
  }
  return *this;
}

void Mutex::Guard::Release() {
  if (m_) std::exchange(m_, nullptr)->Unlock();
}

Mutex::Awaiter::~Awaiter() {
  if (!waiter_) return;
  bool granted_but_not_resumed = waiter_->granted && !owned_;
  waiter_->h = {};
  // The lock was handed to this frame, which died before it could take the guard.
  if (granted_but_not_resumed) m_.Unlock();
}

bool Mutex::Awaiter::await_ready() {
  if (m_.locked_) return false;
  m_.locked_ = true;
  return true;
}

void Mutex::Awaiter::await_suspend(std::coroutine_handle<> h) {
  waiter_ = std::make_shared<Waiter>();
  waiter_->h = h;
  m_.waiters_.push_back(waiter_);
}

Mutex::Guard Mutex::Awaiter::await_resume() {
  owned_ = true;
  return Guard(&m_);
}

void Mutex::Unlock() {
  while (!waiters_.empty()) {
    std::shared_ptr<Waiter> next = std::move(waiters_.front());
    waiters_.pop_front();
    if (!next->h) continue;  // its frame died while waiting
    next->granted = true;    // stays locked: ownership passes to `next`
    std::weak_ptr<Waiter> weak = next;
    dispatcher_.Post([weak] {
      std::shared_ptr<Waiter> s = weak.lock();
      if (s && s->h) std::exchange(s->h, {}).resume();
    });
    return;
  }
  locked_ = false;
}

}  // namespace meshsim::controller::async
