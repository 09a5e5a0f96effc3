// File: fakes/appmesh/debouncer.h
//
// Istio-style debouncing of change notifications on a Dispatcher: after the first Notify, the
// callback runs once no Notify came for `after`, or at the latest `max` after that first one,
// whichever is earlier; Notify calls during the wait are merged into that one run. A Notify
// after the run starts a new wait.
//
// Example:
//   Debouncer debounce(dispatcher, 100ms, 10s, [&] { PushSnapshot(); });
//   debounce.Notify();   // t=0
//   debounce.Notify();   // t=50ms: the run moves to t=150ms
#pragma once

#include <functional>

#include "controller/api/dispatcher.h"

namespace meshsim::fakes {

class Debouncer {
 public:
  // REQUIRES: after >= 0, max >= after; `dispatcher` outlives this object.
  Debouncer(Dispatcher& dispatcher, Duration after, Duration max, std::function<void()> fire);
  Debouncer(const Debouncer&) = delete;
  Debouncer& operator=(const Debouncer&) = delete;

  // A change happened: (re)arms the run as the class comment says.
  void Notify();
  // Drops a pending run (the owner stopped); the next Notify starts a new wait.
  void Cancel();
  // True between the first Notify of a wait and its run.
  bool pending() const { return pending_; }
  // How many Notify calls the last run merged (for traces and tests).
  int merged_last() const { return merged_last_; }

 private:
  void Fire();

  Dispatcher& dispatcher_;
  Duration after_;
  Duration max_;
  std::function<void()> fire_;
  TimerPtr timer_;
  bool pending_ = false;
  MonotonicTime first_;
  int merged_ = 0;
  int merged_last_ = 0;
};

}  // namespace meshsim::fakes
