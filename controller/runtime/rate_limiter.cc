#include "controller/runtime/rate_limiter.h"

#include <algorithm>
#include <chrono>

#include "controller/api/check.h"

namespace meshsim::controller::runtime {

using std::chrono::milliseconds;
using std::chrono::seconds;

TokenBucket::TokenBucket(double qps, int burst)
    : interval_(static_cast<int64_t>(1e9 / qps)), burst_(burst) {
  MESHSIM_CHECK(qps > 0 && burst >= 1) << "bad token bucket " << qps << "/" << burst;
}

Duration TokenBucket::Reserve(MonotonicTime now) {
  // GCRA: the bucket is full when tat <= now; each reservation pushes tat by one interval and
  // must wait until tat - burst * interval.
  if (!started_ || tat_ < now) tat_ = now;
  started_ = true;
  tat_ += interval_;
  MonotonicTime allowed_at = tat_ - interval_ * burst_;
  return allowed_at > now ? allowed_at - now : Duration(0);
}

Duration ItemExponentialLimiter::When(const std::string& key) {
  int n = failures_[key]++;
  // 2^n overflows long before 64 bits matter; the cap applies far earlier.
  if (n >= 40) return max_;
  Duration d = base_ * (int64_t{1} << n);
  return std::min(d, max_);
}

int ItemExponentialLimiter::NumRequeues(const std::string& key) const {
  auto it = failures_.find(key);
  return it == failures_.end() ? 0 : it->second;
}

DefaultControllerRateLimiter::DefaultControllerRateLimiter()
    : item_(milliseconds(5), seconds(1000)), bucket_(10.0, 100) {}

Duration DefaultControllerRateLimiter::When(const std::string& key, MonotonicTime now) {
  return std::max(item_.When(key), bucket_.Reserve(now));
}

}  // namespace meshsim::controller::runtime
