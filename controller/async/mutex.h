// File: controller/async/mutex.h
//
// A FIFO mutex for coroutines on one Dispatcher, for Go code that holds a sync.Mutex across an
// AWS call (the instances cache's global lock). `co_await mutex.Lock()` returns a guard that
// unlocks when destroyed, also when the holding frame is destroyed by a TaskScope. A waiter
// whose frame dies is skipped. REQUIRES: the mutex outlives every frame that uses it.
//
// Example:
//   Mutex::Guard guard = co_await mutex_.Lock();
//   auto instances = co_await ListAllInstances(service_id);  // others wait here
#pragma once

#include <coroutine>
#include <deque>
#include <memory>

#include "controller/api/dispatcher.h"

namespace meshsim::controller::async {

class Mutex {
 public:
  explicit Mutex(Dispatcher& dispatcher) : dispatcher_(dispatcher) {}
  Mutex(const Mutex&) = delete;
  Mutex& operator=(const Mutex&) = delete;

  class Guard {
   public:
    Guard() = default;
    explicit Guard(Mutex* m) : m_(m) {}
    Guard(Guard&& o) noexcept : m_(o.m_) { o.m_ = nullptr; }
    Guard& operator=(Guard&& o) noexcept;
    ~Guard() { Release(); }
    void Release();

   private:
    Mutex* m_ = nullptr;
  };

  struct Waiter {
    std::coroutine_handle<> h;
    bool granted = false;
  };

  class Awaiter {
   public:
    explicit Awaiter(Mutex& m) : m_(m) {}
    Awaiter(Awaiter&&) = default;
    ~Awaiter();
    bool await_ready();
    void await_suspend(std::coroutine_handle<> h);
    Guard await_resume();

   private:
    Mutex& m_;
    std::shared_ptr<Waiter> waiter_;
    bool owned_ = false;  // the guard was handed out
  };

  Awaiter Lock() { return Awaiter(*this); }
  bool locked() const { return locked_; }

 private:
  void Unlock();

  Dispatcher& dispatcher_;
  bool locked_ = false;
  std::deque<std::shared_ptr<Waiter>> waiters_;
};

}  // namespace meshsim::controller::async
