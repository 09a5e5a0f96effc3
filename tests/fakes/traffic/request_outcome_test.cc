#include "fakes/traffic/request_outcome.h"

#include <gtest/gtest.h>

#include <chrono>

namespace meshsim::fakes {
namespace {

using namespace std::chrono_literals;

TEST(RequestOutcome, NamesRoundTrip) {
  for (RequestOutcome o : AllOutcomes()) EXPECT_EQ(ParseOutcome(OutcomeName(o)), o);
  EXPECT_EQ(ParseOutcome("connect_failure"), RequestOutcome::kConnectFailure);
  EXPECT_EQ(ParseOutcome("503"), std::nullopt);
}

TEST(OutcomeCounts, BucketsBySecondAndWidensWindowsToWholeSeconds) {
  OutcomeCounts c;
  c.Add(RequestOutcome::kSuccess, 0ms);
  c.Add(RequestOutcome::kConnectFailure, 61500ms);
  c.Add(RequestOutcome::kConnectFailure, 61999ms);
  c.Add(RequestOutcome::kConnectFailure, 63s);
  EXPECT_EQ(c.total(), 4);
  EXPECT_EQ(c.total(RequestOutcome::kConnectFailure), 3);
  EXPECT_EQ(c.seconds().size(), 64u);
  EXPECT_EQ(c.Between(RequestOutcome::kConnectFailure, 61s, 62s), 2);
  EXPECT_EQ(c.Between(RequestOutcome::kConnectFailure, 61700ms, 62100ms), 2);
  EXPECT_EQ(c.Between(RequestOutcome::kConnectFailure, 62s, 63s), 0);
  EXPECT_EQ(c.Between(RequestOutcome::kConnectFailure, 0s, 10min), 3);
  EXPECT_EQ(c.BetweenAll(0s, 1s), 1);
  EXPECT_EQ(c.PeakPerSecond(RequestOutcome::kConnectFailure), 2);
  EXPECT_EQ(c.PeakPerSecond(RequestOutcome::kRetried), 0);
}

}  // namespace
}  // namespace meshsim::fakes
