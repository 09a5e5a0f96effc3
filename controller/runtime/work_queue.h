// File: controller/runtime/work_queue.h
//
// client-go's rate-limited delaying work queue, for coroutine workers on one Dispatcher:
// - a key added while it is queued is coalesced (dirty set);
// - a key is never handed to two workers at once (processing set);
// - a key added while it is being processed is queued again when Done() is called;
// - AddAfter(key, d) adds it later (the earliest pending time wins);
// - AddRateLimited(key) adds it after DefaultControllerRateLimiter's delay; Forget resets it.
// Workers `co_await queue.Get()`; a waiting worker gets the key handed to it directly and is
// resumed from a posted callback.
// - Pause() stops handing keys out (adds still queue and coalesce); Resume() hands them out
//   again. This models a stalled controller: events pile up, deduplicated, then drain.
//
// Example:
//   std::optional<WorkQueue::Item> item = co_await queue.Get();
//   if (!item) co_return;  // shut down
//   ... reconcile item->key ...
//   queue.Done(item->key);
#pragma once

#include <coroutine>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <utility>

#include "controller/api/dispatcher.h"
#include "controller/runtime/rate_limiter.h"

namespace meshsim::controller::runtime {

class WorkQueue {
 public:
  struct Item {
    std::string key;
    Duration queue_wait{0};  // from the first Add that made the key dirty to Get
  };

  explicit WorkQueue(Dispatcher& dispatcher);
  WorkQueue(const WorkQueue&) = delete;
  WorkQueue& operator=(const WorkQueue&) = delete;

  // Queues `key` unless it is already queued; a processing key is queued again at Done().
  void Add(const std::string& key);
  // Adds `key` after `delay` (at once when delay <= 0).
  void AddAfter(const std::string& key, Duration delay);
  // Adds `key` after the rate limiter's delay and returns that delay.
  Duration AddRateLimited(const std::string& key);
  // Resets the key's failure count in the rate limiter.
  void Forget(const std::string& key) { limiter_.Forget(key); }
  int NumRequeues(const std::string& key) const { return limiter_.NumRequeues(key); }
  // Marks `key` as no longer processed. REQUIRES: it was handed out by Get().
  void Done(const std::string& key);
  // Wakes every waiting worker with nullopt; later Gets return nullopt at once.
  void ShutDown();
  // While paused, Get() hands out nothing; keys keep their first-add time, so the queue wait
  // of a key that waited through a pause includes the pause.
  void Pause() { paused_ = true; }
  void Resume();
  bool paused() const { return paused_; }

  size_t Len() const { return queue_.size(); }
  bool IsProcessing(const std::string& key) const { return processing_.count(key) > 0; }
  bool IsWaiting(const std::string& key) const { return waiting_for_.count(key) > 0; }

  struct Waiter {
    std::coroutine_handle<> h;
    std::optional<Item> item;
  };
  class GetAwaiter {
   public:
    explicit GetAwaiter(WorkQueue& q) : q_(q) {}
    GetAwaiter(GetAwaiter&&) = default;
    ~GetAwaiter();
    bool await_ready();
    void await_suspend(std::coroutine_handle<> h);
    std::optional<Item> await_resume();

   private:
    WorkQueue& q_;
    std::optional<Item> ready_;
    std::shared_ptr<Waiter> waiter_;
  };
  // Completes with the next key to process, or nullopt once shut down.
  GetAwaiter Get() { return GetAwaiter(*this); }

 private:
  Item Pop();
  void Push(const std::string& key);
  void HandToWaiters();
  void OnDelayTimer();
  void ArmDelayTimer();

  Dispatcher& dispatcher_;
  DefaultControllerRateLimiter limiter_;
  bool shutting_down_ = false;
  bool paused_ = false;
  std::deque<std::string> queue_;
  std::set<std::string> dirty_;
  std::set<std::string> processing_;
  std::map<std::string, MonotonicTime> added_at_;
  std::deque<std::shared_ptr<Waiter>> waiters_;
  // Delayed adds: ready time (with an insertion counter for equal times) -> key.
  std::map<std::pair<MonotonicTime, uint64_t>, std::string> waiting_;
  std::map<std::string, std::pair<MonotonicTime, uint64_t>> waiting_for_;
  uint64_t next_seq_ = 0;
  TimerPtr delay_timer_;
};

}  // namespace meshsim::controller::runtime
