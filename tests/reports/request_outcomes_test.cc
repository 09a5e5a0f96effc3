#include "reports/request_outcomes.h"

#include <gtest/gtest.h>

namespace meshsim::reports {
namespace {

TraceEvent Counts(const std::string& stream, int64_t second, int64_t success, int64_t retried,
                  int64_t connect_failure, int64_t no_healthy_upstream) {
  return TraceEvent("traffic", "RequestCounts")
      .With("stream", stream)
      .With("second", second)
      .With("success", success)
      .With("retried", retried)
      .With("connect_failure", connect_failure)
      .With("no_healthy_upstream", no_healthy_upstream);
}

// The collector keeps the traffic model's counters (the reports read nothing else about
// requests), and the outcomes add up per stream, per second over all streams and in total.
TEST(RequestOutcomes, SumsTheTrafficCountersPerStreamAndPerSecond) {
  TraceCollector c;
  c.Add(2'000'000'000, Counts("a", 1, 10, 1, 0, 0));
  c.Add(2'000'000'000, Counts("b", 1, 5, 0, 2, 0));
  c.Add(3'000'000'000, TraceEvent("traffic", "RequestFailed").With("stream", "b"));
  c.Add(4'000'000'000, Counts("a", 3, 9, 0, 0, 4));
  c.Add(9'000'000'000,
        TraceEvent("traffic", "RequestsUnsent").With("stream", "c").With("count", 7));
  RequestOutcomes r = ComputeRequestOutcomes(c.events());
  EXPECT_EQ(r.total.success, 24);
  EXPECT_EQ(r.total.retried, 1);
  EXPECT_EQ(r.total.failed(), 6);
  EXPECT_EQ(r.total.all(), 31);
  EXPECT_EQ(r.by_stream.at("a").no_healthy_upstream, 4);
  EXPECT_EQ(r.by_stream.at("b").connect_failure, 2);
  ASSERT_EQ(r.by_second.size(), 2u);
  EXPECT_EQ(r.by_second.at(1).all(), 18);
  EXPECT_EQ(r.by_second.at(3).failed(), 4);
  EXPECT_EQ(r.unsent, 7);
  EXPECT_EQ(r.unsent_by_stream.at("c"), 7);
  EXPECT_FALSE(r.empty());
}

TEST(RequestOutcomes, ARunWithoutTrafficHasNone) {
  TraceCollector c;
  c.Add(1, TraceEvent("k8s", "PodReady").With("pod", "a/b"));
  RequestOutcomes r = ComputeRequestOutcomes(c.events());
  EXPECT_TRUE(r.empty());
  EXPECT_EQ(r.total.all(), 0);
}

}  // namespace
}  // namespace meshsim::reports
