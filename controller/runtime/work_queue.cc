#include "controller/runtime/work_queue.h"

#include "controller/api/check.h"

namespace meshsim::controller::runtime {

WorkQueue::WorkQueue(Dispatcher& dispatcher)
    : dispatcher_(dispatcher), delay_timer_(dispatcher.CreateTimer([this] { OnDelayTimer(); })) {}

void WorkQueue::Add(const std::string& key) {
  if (shutting_down_ || dirty_.count(key)) return;
  dirty_.insert(key);
  added_at_.emplace(key, dispatcher_.Now());
  if (processing_.count(key)) return;
  Push(key);
}

void WorkQueue::Push(const std::string& key) {
  queue_.push_back(key);
  HandToWaiters();
}

WorkQueue::Item WorkQueue::Pop() {
  MESHSIM_CHECK(!queue_.empty()) << "Pop on an empty queue";
  Item item{std::move(queue_.front()), Duration(0)};
  queue_.pop_front();
  processing_.insert(item.key);
  dirty_.erase(item.key);
  auto it = added_at_.find(item.key);
  if (it != added_at_.end()) {
    item.queue_wait = dispatcher_.Now() - it->second;
    added_at_.erase(it);
  }
  return item;
}

void WorkQueue::HandToWaiters() {
  while (!paused_ && !queue_.empty() && !waiters_.empty()) {
    std::shared_ptr<Waiter> w = std::move(waiters_.front());
    waiters_.pop_front();
    if (!w->h) continue;  // the worker's frame is gone
    w->item = Pop();
    std::weak_ptr<Waiter> weak = w;
    dispatcher_.Post([weak] {
      std::shared_ptr<Waiter> s = weak.lock();
      if (s && s->h) std::exchange(s->h, {}).resume();
    });
  }
}

void WorkQueue::Done(const std::string& key) {
  processing_.erase(key);
  if (dirty_.count(key)) Push(key);
}

void WorkQueue::AddAfter(const std::string& key, Duration delay) {
  if (shutting_down_) return;
  if (delay <= Duration(0)) {
    Add(key);
    return;
  }
  MonotonicTime ready = dispatcher_.Now() + delay;
  auto it = waiting_for_.find(key);
  if (it != waiting_for_.end()) {
    if (it->second.first <= ready) return;  // an earlier add is already pending
    waiting_.erase(it->second);
    waiting_for_.erase(it);
  }
  std::pair<MonotonicTime, uint64_t> slot{ready, next_seq_++};
  waiting_.emplace(slot, key);
  waiting_for_.emplace(key, slot);
  ArmDelayTimer();
}

Duration WorkQueue::AddRateLimited(const std::string& key) {
  Duration d = limiter_.When(key, dispatcher_.Now());
  AddAfter(key, d);
  return d;
}

void WorkQueue::ArmDelayTimer() {
  if (waiting_.empty()) {
    delay_timer_->Disable();
    return;
  }
  delay_timer_->Enable(waiting_.begin()->first.first - dispatcher_.Now());
}

void WorkQueue::OnDelayTimer() {
  MonotonicTime now = dispatcher_.Now();
  while (!waiting_.empty() && waiting_.begin()->first.first <= now) {
    std::string key = waiting_.begin()->second;
    waiting_.erase(waiting_.begin());
    waiting_for_.erase(key);
    Add(key);
  }
  ArmDelayTimer();
}

void WorkQueue::Resume() {
  paused_ = false;
  HandToWaiters();
}

void WorkQueue::ShutDown() {
  shutting_down_ = true;
  delay_timer_->Disable();
  for (auto& w : waiters_) {
    std::weak_ptr<Waiter> weak = w;
    dispatcher_.Post([weak] {
      std::shared_ptr<Waiter> s = weak.lock();
      if (s && s->h) std::exchange(s->h, {}).resume();
    });
  }
  waiters_.clear();
}

WorkQueue::GetAwaiter::~GetAwaiter() {
  if (waiter_) waiter_->h = {};
}

bool WorkQueue::GetAwaiter::await_ready() {
  if (q_.shutting_down_) return true;
  if (q_.paused_ || q_.queue_.empty()) return false;
  ready_ = q_.Pop();
  return true;
}

void WorkQueue::GetAwaiter::await_suspend(std::coroutine_handle<> h) {
  waiter_ = std::make_shared<Waiter>();
  waiter_->h = h;
  q_.waiters_.push_back(waiter_);
}

std::optional<WorkQueue::Item> WorkQueue::GetAwaiter::await_resume() {
  if (ready_) return std::move(ready_);
  if (waiter_) return std::move(waiter_->item);
  return std::nullopt;
}

}  // namespace meshsim::controller::runtime
