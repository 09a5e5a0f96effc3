#include "reports/report_compare.h"

#include <gtest/gtest.h>

#include <cmath>

#include "reports/scale_counters.h"

namespace meshsim::reports {
namespace {

std::string Report(const std::string& hops, const std::string& extra = "") {
  return R"({"schema":"meshsim.report/v1","run":{"failed":0,"events":10},"hops":{)" + hops +
         "}" + extra + "}";
}

std::string Hop(const std::string& name, int count, int64_t p50, int64_t p99) {
  return "\"" + name + "\":{\"count\":" + std::to_string(count) + ",\"p50_ns\":" +
         std::to_string(p50) + ",\"p90_ns\":" + std::to_string(p50) + ",\"p99_ns\":" +
         std::to_string(p99) + ",\"p999_ns\":" + std::to_string(p99) + ",\"max_ns\":" +
         std::to_string(p99) + "}";
}

const MetricDelta* Row(const Comparison& c, const std::string& metric) {
  for (const auto& r : c.rows) {
    if (r.metric == metric) return &r;
  }
  return nullptr;
}

TEST(CompareReports, ComputesRelativeChangesInReportOrder) {
  auto c = CompareReports(Report(Hop("ready_to_seen", 5, 100, 200)),
                          Report(Hop("ready_to_seen", 5, 150, 200)), 0.10);
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  ASSERT_GE(c->rows.size(), 3u);
  EXPECT_EQ(c->rows[0].metric, "run.failed");
  const MetricDelta* p50 = Row(*c, "hops.ready_to_seen.p50_ns");
  ASSERT_NE(p50, nullptr);
  EXPECT_DOUBLE_EQ(p50->change, 0.5);
  EXPECT_TRUE(p50->regression);
  EXPECT_FALSE(Row(*c, "hops.ready_to_seen.p99_ns")->regression);
  EXPECT_EQ(c->regressions, 2);  // p50 and p90 (the same value here), nothing else
}

TEST(CompareReports, HopsWithoutSamplesAndMissingSectionsAreNotCompared) {
  auto c = CompareReports(Report(Hop("ready_to_seen", 0, 0, 0)),
                          Report(Hop("ready_to_seen", 3, 9, 9), R"(,"bench":{"wall_ns":5})"),
                          0.10);
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(Row(*c, "hops.ready_to_seen.p50_ns"), nullptr);
  EXPECT_EQ(Row(*c, "bench.wall_ns"), nullptr);
  EXPECT_EQ(c->regressions, 0);
}

TEST(CompareReports, HigherIsBetterForThroughput) {
  auto c = CompareReports(Report("", R"(,"bench":{"events_per_second":100,"wall_ns":10})"),
                          Report("", R"(,"bench":{"events_per_second":80,"wall_ns":9})"), 0.10);
  ASSERT_TRUE(c.ok());
  EXPECT_TRUE(Row(*c, "bench.events_per_second")->regression);
  EXPECT_FALSE(Row(*c, "bench.wall_ns")->regression);
  EXPECT_EQ(Row(*c, "bench.events_per_second")->better, Better::kHigher);
}

TEST(CompareReports, FromZeroIsAnInfiniteChange) {
  auto c = CompareReports(Report(""), R"({"schema":"meshsim.report/v1","run":{"failed":2}})",
                          0.10);
  ASSERT_TRUE(c.ok());
  const MetricDelta* failed = Row(*c, "run.failed");
  ASSERT_NE(failed, nullptr);
  EXPECT_TRUE(std::isinf(failed->change));
  EXPECT_TRUE(failed->regression);
  EXPECT_NE(FormatComparison(*c).find("+inf  REGRESSION"), std::string::npos);
}

TEST(CompareReports, RejectsNonReports) {
  EXPECT_FALSE(CompareReports("[1,2]", Report(""), 0.1).ok());
  auto wrong = CompareReports(Report(""), R"({"schema":"meshsim.report/v2"})", 0.1);
  ASSERT_FALSE(wrong.ok());
  EXPECT_NE(wrong.status().message().find("after report is not schema"), std::string::npos);
}

TEST(ParseThreshold, AcceptsPercentages) {
  EXPECT_DOUBLE_EQ(*ParseThreshold("10%"), 0.10);
  EXPECT_DOUBLE_EQ(*ParseThreshold("2.5%"), 0.025);
  EXPECT_DOUBLE_EQ(*ParseThreshold("5"), 0.05);
  EXPECT_FALSE(ParseThreshold("").ok());
  EXPECT_FALSE(ParseThreshold("-1%").ok());
  EXPECT_FALSE(ParseThreshold("ten").ok());
}

TEST(ScaleCounters, CountsPeaksOfPodsAndEnvoys) {
  ScaleCounters c;
  auto pod = [&](const char* verb) {
    c.Add(TraceEvent("k8s", "Write").With("verb", verb).With("kind", "Pod").With("object", "a/b"));
  };
  pod("Create");
  pod("Create");
  c.Add(TraceEvent("k8s", "Write").With("verb", "Create").With("kind", "Deployment"));
  pod("Update");
  pod("Delete");
  pod("Create");
  pod("Create");
  c.Add(TraceEvent("envoy", "EnvoyConnected").With("envoy", "x"));
  c.Add(TraceEvent("envoy", "EnvoyDisconnected").With("envoy", "x"));
  c.Add(TraceEvent("envoy", "EnvoyConnected").With("envoy", "y"));
  EXPECT_EQ(c.pods(), 3);
  EXPECT_EQ(c.pods_peak(), 3);
  EXPECT_EQ(c.envoys(), 1);
  EXPECT_EQ(c.envoys_peak(), 1);
}

}  // namespace
}  // namespace meshsim::reports
