#include "reports/latency.h"

#include <gtest/gtest.h>

#include <map>
#include <string>

#include "tests/reports/test_trace.h"

namespace meshsim::reports {
namespace {

constexpr int64_t kMs = 1'000'000;

TEST(NearestRank, PicksTheValueAtTheCeilingRank) {
  std::vector<int64_t> v = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
  EXPECT_EQ(NearestRank(v, 500), 5);
  EXPECT_EQ(NearestRank(v, 900), 9);
  EXPECT_EQ(NearestRank(v, 990), 10);
  EXPECT_EQ(NearestRank(v, 999), 10);
  EXPECT_EQ(NearestRank({42}, 500), 42);
  EXPECT_EQ(NearestRank({1, 2}, 500), 1);
}

TEST(Summarize, CountsCumulativeIstioBuckets) {
  LatencyStats s = Summarize({40'000 * kMs, 50 * kMs, 2'000 * kMs, 100 * kMs});
  EXPECT_EQ(s.count, 4);
  EXPECT_EQ(s.max, 40'000 * kMs);
  EXPECT_EQ(s.p50, 100 * kMs);
  EXPECT_EQ(s.buckets[0], 2);  // <= 0.1s includes the bound
  EXPECT_EQ(s.buckets[2], 2);  // <= 1s
  EXPECT_EQ(s.buckets[3], 3);  // <= 3s
  EXPECT_EQ(s.buckets[7], 3);  // <= 30s
  EXPECT_EQ(s.buckets[8], 4);  // +Inf
  EXPECT_EQ(s.sorted.front(), 50 * kMs);
}

TEST(Summarize, EmptyIsAllZero) {
  LatencyStats s = Summarize({});
  EXPECT_EQ(s.count, 0);
  EXPECT_EQ(s.p99, 0);
  EXPECT_EQ(s.buckets[8], 0);
}

TEST(TraceCollector, KeepsOnlyTheEventsTheReportsUse) {
  TraceCollector c;
  c.Add(5, TraceEvent("cloudmap", "DiscoverInstances").With("instances", 1));
  c.Add(6, TraceEvent("controller", "CloudMapCall").With("op", "ListInstances"));
  c.Add(7, TraceEvent("controller", "CloudMapCall").With("op", "RegisterInstance"));
  c.Add(8, TraceEvent("k8s", "PodReady").With("pod", "a/b"));
  ASSERT_EQ(c.events().size(), 2u);
  EXPECT_EQ(c.events()[0].Get("op"), "RegisterInstance");
  EXPECT_EQ(c.end_ns(), 8);
}

TEST(TraceCollector, RejectsLinesThatAreNotTraceEvents) {
  TraceCollector c;
  EXPECT_FALSE(c.AddJsonLine("{\"t\":1,\"c\":\"k8s\"}").ok());
  EXPECT_FALSE(c.AddJsonLine("not json").ok());
  EXPECT_TRUE(c.AddJsonLine("").ok());
  EXPECT_TRUE(c.AddJsonLine("{\"t\":3,\"c\":\"k8s\",\"e\":\"PodReady\",\"pod\":\"a/b\"}").ok());
  ASSERT_EQ(c.events().size(), 1u);
  EXPECT_EQ(c.events()[0].Get("pod"), "a/b");
}

TEST(BuildTimelines, FollowsEveryHopOfARegisteredAndRemovedPod) {
  TraceCollector c = testing::LoadSmallTrace();
  auto pods = BuildTimelines(c.events());
  ASSERT_EQ(pods.count("demo/web-a"), 1u);
  const PodTimeline& a = pods.at("demo/web-a");
  EXPECT_EQ(a.ip, "10.0.0.1");
  EXPECT_EQ(a.vn, "demo/web");
  EXPECT_EQ(a.ready, 2'000 * kMs);
  EXPECT_EQ(a.seen, 2'050 * kMs);
  EXPECT_EQ(a.register_sent, 2'100 * kMs);
  EXPECT_EQ(a.registered, 4'100 * kMs);
  EXPECT_EQ(a.discoverable, 4'100 * kMs);
  EXPECT_EQ(a.control_plane, 4'600 * kMs);
  EXPECT_EQ(a.envoy_added.at("client-1"), 4'700 * kMs);
  EXPECT_EQ(a.envoy_added.at("client-2"), 4'900 * kMs);
  EXPECT_EQ(a.terminating, 10'000 * kMs);
  EXPECT_EQ(a.deregister_sent, 10'500 * kMs);
  EXPECT_EQ(a.deregistered, 11'500 * kMs);
  EXPECT_EQ(a.control_plane_removed, 12'000 * kMs);
  EXPECT_EQ(a.envoy_removed.at("client-1"), 12'100 * kMs);
  EXPECT_EQ(a.envoy_removed.count("client-2"), 0u);
}

TEST(BuildTimelines, ControllerSeesAPodAtTheNextReconcileWhenNoEnqueueNamesIt) {
  TraceCollector c = testing::LoadSmallTrace();
  // The map must outlive `b` (a reference into a temporary map was ASan's
  // heap-use-after-free here).
  std::map<std::string, PodTimeline> timelines = BuildTimelines(c.events());
  const PodTimeline& b = timelines.at("demo/web-b");
  EXPECT_EQ(b.ready, 3'000 * kMs);
  EXPECT_EQ(b.seen, 3'200 * kMs);
  EXPECT_EQ(b.register_sent, 3'300 * kMs);
}

TEST(ComputeMetrics, EndToEndPercentilesOverPods) {
  Metrics m = ComputeMetrics(testing::LoadSmallTrace());
  const LatencyStats& all = m.overall.at("ready_to_all_envoys");
  EXPECT_EQ(all.count, 2);
  EXPECT_EQ(all.p50, 2'900 * kMs);
  EXPECT_EQ(all.max, 3'400 * kMs);
  EXPECT_EQ(m.overall.at("control_plane_to_envoy").count, 4);
  EXPECT_EQ(m.by_vn.at("demo/web").at("ready_to_seen").max, 200 * kMs);
  EXPECT_EQ(m.overall.at("terminating_to_all_envoys_removed").p50, 2'100 * kMs);
}

TEST(ComputeMetrics, StaleWindowsLastUntilRemovalOrTheEnd) {
  Metrics m = ComputeMetrics(testing::LoadSmallTrace());
  ASSERT_EQ(m.stale.size(), 2u);
  EXPECT_EQ(m.stale[0].envoy, "client-1");
  EXPECT_TRUE(m.stale[0].resolved);
  EXPECT_EQ(m.stale[0].length_ns, 2'100 * kMs);
  EXPECT_FALSE(m.stale[1].resolved);
  EXPECT_EQ(m.stale[1].length_ns, 10'000 * kMs);
}

TEST(ComputeMetrics, ZeroEndpointTimeAndSeries) {
  Metrics m = ComputeMetrics(testing::LoadSmallTrace());
  EXPECT_EQ(m.zero_endpoints.at("demo/web").by_envoy.at("client-1"), 500 * kMs);
  EXPECT_EQ(m.zero_endpoints.at("demo/web").max_ns, 500 * kMs);
  ASSERT_FALSE(m.ready_pods.empty());
  EXPECT_EQ(m.ready_pods.back().second, 1);  // web-a left
  EXPECT_EQ(m.registered_instances.back().second, 1);
  EXPECT_EQ(m.envoy_endpoints.at("client-2").back().second, 2);
}

}  // namespace
}  // namespace meshsim::reports
