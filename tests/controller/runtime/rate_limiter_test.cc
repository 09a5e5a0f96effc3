#include "controller/runtime/rate_limiter.h"

#include <gtest/gtest.h>

namespace meshsim::controller::runtime {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

TEST(TokenBucket, BurstPassesThenCallsWaitOneIntervalEach) {
  TokenBucket bucket(1.0, 8);
  MonotonicTime t0{};
  for (int i = 0; i < 8; ++i) EXPECT_EQ(bucket.Reserve(t0), Duration(0)) << i;
  EXPECT_EQ(bucket.Reserve(t0), seconds(1));
  EXPECT_EQ(bucket.Reserve(t0), seconds(2));
}

TEST(TokenBucket, RefillsAtTheRateUpToTheBurst) {
  TokenBucket bucket(4.0, 2);
  MonotonicTime t0{};
  EXPECT_EQ(bucket.Reserve(t0), Duration(0));
  EXPECT_EQ(bucket.Reserve(t0), Duration(0));
  EXPECT_EQ(bucket.Reserve(t0), milliseconds(250));
  // After a long idle period the bucket is full again, never fuller.
  MonotonicTime later = t0 + seconds(100);
  EXPECT_EQ(bucket.Reserve(later), Duration(0));
  EXPECT_EQ(bucket.Reserve(later), Duration(0));
  EXPECT_EQ(bucket.Reserve(later), milliseconds(250));
}

TEST(ItemExponentialLimiter, DoublesPerFailureFrom5msAndForgetResets) {
  ItemExponentialLimiter l(milliseconds(5), seconds(1000));
  EXPECT_EQ(l.When("a"), milliseconds(5));
  EXPECT_EQ(l.When("a"), milliseconds(10));
  EXPECT_EQ(l.When("a"), milliseconds(20));
  EXPECT_EQ(l.When("b"), milliseconds(5));  // per item
  EXPECT_EQ(l.NumRequeues("a"), 3);
  l.Forget("a");
  EXPECT_EQ(l.NumRequeues("a"), 0);
  EXPECT_EQ(l.When("a"), milliseconds(5));
}

TEST(ItemExponentialLimiter, IsCappedAt1000s) {
  ItemExponentialLimiter l(milliseconds(5), seconds(1000));
  Duration last{};
  for (int i = 0; i < 100; ++i) last = l.When("a");
  EXPECT_EQ(last, seconds(1000));
}

TEST(DefaultControllerRateLimiter, OverallBucketLimitsManyDistinctKeys) {
  DefaultControllerRateLimiter l;
  MonotonicTime t0{};
  Duration d{};
  for (int i = 0; i < 100; ++i) d = l.When("k" + std::to_string(i), t0);
  EXPECT_EQ(d, milliseconds(5));  // burst of 100 passes; only the per-item 5 ms remains
  EXPECT_EQ(l.When("k100", t0), milliseconds(100));  // 10/s after the burst
}

}  // namespace
}  // namespace meshsim::controller::runtime
