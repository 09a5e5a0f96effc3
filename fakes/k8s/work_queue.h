// File: fakes/k8s/work_queue.h
//
// A keyed, coalescing delay queue for the built-in controllers (client-go's workqueue with
// AddAfter): adding a key that is already waiting does nothing, so a burst of watch events
// causes one sync after the controller's reaction time.
//
// Example:
//   WorkQueue queue(dispatcher, 10ms, [this](const std::string& key) { Sync(key); });
//   queue.Add("howto-k8s-cloudmap/colorapp-blue");
#pragma once

#include <functional>
#include <map>
#include <string>

#include "controller/api/dispatcher.h"

namespace meshsim::fakes {

class WorkQueue {
 public:
  WorkQueue(Dispatcher& dispatcher, Duration delay, std::function<void(const std::string&)> sync)
      : dispatcher_(dispatcher), delay_(delay), sync_(std::move(sync)) {}

  // Syncs `key` after the queue's delay unless a sync of it is already waiting.
  void Add(const std::string& key) { AddAfter(key, delay_); }
  // Syncs `key` after `delay` unless a sync of it is already waiting.
  void AddAfter(const std::string& key, Duration delay) {
    TimerPtr& timer = timers_[key];
    if (!timer) timer = dispatcher_.CreateTimer([this, key] { sync_(key); });
    if (!timer->Enabled()) timer->Enable(delay);
  }

 private:
  Dispatcher& dispatcher_;
  Duration delay_;
  std::function<void(const std::string&)> sync_;
  std::map<std::string, TimerPtr> timers_;  // never erased, so no timer dies in its callback
};

}  // namespace meshsim::fakes
