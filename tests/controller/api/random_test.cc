#include "controller/api/random.h"

#include <gtest/gtest.h>

#include "controller/api/distribution.h"
#include "tests/support/test_random.h"

namespace meshsim {
namespace {

using std::chrono::milliseconds;

TEST(Random, UniformStaysInRange) {
  testing::TestRandom r(3);
  for (int i = 0; i < 1000; ++i) EXPECT_LT(r.Uniform(7), 7u);
  for (int i = 0; i < 1000; ++i) {
    Duration d = r.UniformDuration(milliseconds(10), milliseconds(20));
    EXPECT_GE(d, milliseconds(10));
    EXPECT_LE(d, milliseconds(20));
  }
}

TEST(Random, StringUsesAlphabetOnly) {
  testing::TestRandom r(5);
  std::string s = r.String(200, "xyz");
  EXPECT_EQ(s.size(), 200u);
  EXPECT_EQ(s.find_first_not_of("xyz"), std::string::npos);
  EXPECT_NE(s.find('x'), std::string::npos);
}

TEST(Random, ExponentialHasRoughlyItsMean) {
  testing::TestRandom r(9);
  int64_t total = 0;
  for (int i = 0; i < 20000; ++i) total += r.Exponential(milliseconds(100)).count();
  double mean_ms = total / 20000.0 / 1e6;
  EXPECT_NEAR(mean_ms, 100.0, 5.0);
}

TEST(Distribution, FixedDrawsNothing) {
  testing::TestRandom a(1), b(1);
  EXPECT_EQ(Distribution::Fixed(milliseconds(5)).Sample(a), milliseconds(5));
  EXPECT_EQ(a.NextU64(), b.NextU64());
}

TEST(Distribution, ToStringIsTheScenarioForm) {
  EXPECT_EQ(Distribution::Fixed(milliseconds(250)).ToString(), "250ms");
  EXPECT_EQ(Distribution::Uniform(std::chrono::seconds(1), std::chrono::seconds(3)).ToString(),
            "uniform(1s, 3s)");
  EXPECT_EQ(Distribution::Exponential(std::chrono::seconds(2)).ToString(), "exponential(mean=2s)");
}

}  // namespace
}  // namespace meshsim

namespace meshsim {
namespace {

TEST(FormatDuration, NeverPrintsExponents) {
  EXPECT_EQ(FormatDuration(std::chrono::nanoseconds(999)), "999ns");
  EXPECT_EQ(FormatDuration(std::chrono::nanoseconds(999'600)), "1ms");
  EXPECT_EQ(FormatDuration(std::chrono::nanoseconds(999'600'000)), "0.9996s");
  EXPECT_EQ(FormatDuration(std::chrono::milliseconds(1500)), "1.5s");
  EXPECT_EQ(FormatDuration(std::chrono::seconds(255)), "4m15s");
  EXPECT_EQ(FormatDuration(std::chrono::hours(2) + std::chrono::seconds(5)), "2h0m5s");
}

}  // namespace
}  // namespace meshsim
