// File: controller/runtime/rate_limiter.h
//
// Rate limiters in dispatcher time, ported from golang.org/x/time/rate and client-go's
// workqueue limiters:
// - TokenBucket: `qps` tokens per second, `burst` capacity, starting full. Reserve() always
//   succeeds and returns how long the caller must wait (the reservation may run into debt), as
//   rate.Limiter.Wait does. Implemented as GCRA on integer nanoseconds: no floating point state.
// - ItemExponentialLimiter: per key base * 2^failures, capped (client-go
//   ItemExponentialFailureRateLimiter).
// - DefaultControllerRateLimiter: max(per-item 5 ms * 2^n capped at 1000 s, bucket 10/s burst
//   100), client-go's DefaultControllerRateLimiter (spec C, "Work-queue retry limiter").
//
// Example:
//   TokenBucket bucket(4.0, 80);
//   Duration wait = bucket.Reserve(dispatcher.Now());  // 0 for the first 80 calls
#pragma once

#include <map>
#include <string>

#include "controller/api/time.h"

namespace meshsim::controller::runtime {

class TokenBucket {
 public:
  // REQUIRES: qps > 0, burst >= 1.
  TokenBucket(double qps, int burst);
  // Takes one token at `now` and returns the wait until it is really available (0 if now).
  Duration Reserve(MonotonicTime now);
  Duration interval() const { return interval_; }
  int burst() const { return burst_; }

 private:
  Duration interval_;
  int burst_;
  // Theoretical arrival time of the next token after the ones already reserved.
  MonotonicTime tat_{};
  bool started_ = false;
};

class ItemExponentialLimiter {
 public:
  ItemExponentialLimiter(Duration base, Duration max) : base_(base), max_(max) {}
  // Returns base * 2^failures(key) capped at max, and counts one more failure.
  Duration When(const std::string& key);
  void Forget(const std::string& key) { failures_.erase(key); }
  int NumRequeues(const std::string& key) const;

 private:
  Duration base_;
  Duration max_;
  std::map<std::string, int> failures_;
};

class DefaultControllerRateLimiter {
 public:
  DefaultControllerRateLimiter();
  // Returns the delay before `key` may be retried: the larger of its exponential backoff and
  // the overall bucket's wait.
  Duration When(const std::string& key, MonotonicTime now);
  void Forget(const std::string& key) { item_.Forget(key); }
  int NumRequeues(const std::string& key) const { return item_.NumRequeues(key); }

 private:
  ItemExponentialLimiter item_;
  TokenBucket bucket_;
};

}  // namespace meshsim::controller::runtime
