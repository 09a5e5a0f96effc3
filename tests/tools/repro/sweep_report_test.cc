#include "tools/repro/sweep_report.h"

#include <gtest/gtest.h>

namespace meshsim::repro {
namespace {

SeedResult Seed(uint64_t seed, bool ok, int64_t p99) {
  SeedResult r{.seed = seed, .passed = ok ? 2 : 1, .failed = ok ? 0 : 1,
               .trace_hash = "h" + std::to_string(seed), .trace_events = 10 * seed};
  if (!ok) r.failures.push_back({"blue is exact", "f.yaml:3:5", 42, "assertion 'blue is exact' failed"});
  r.hops["ready_to_all_envoys"] = {.count = 3, .p50 = p99 / 2, .p99 = p99, .max = p99 + 1};
  return r;
}

SweepReport Report(std::vector<SeedResult> runs, Shard shard = {}) {
  return SweepReport{.scenario = "s", .file = "s.yaml", .range = {1, 4}, .shards = {shard},
                     .runs = std::move(runs)};
}

TEST(SweepReport, JsonRoundTrips) {
  SweepReport r = Report({Seed(1, true, 100), Seed(2, false, 300)});
  Result<SweepReport> back = ParseReport(ReportJson(r), "r.json");
  ASSERT_TRUE(back.ok()) << back.status().message();
  EXPECT_EQ(back->runs, r.runs);
  EXPECT_EQ(back->shards, r.shards);
  EXPECT_EQ(ReportJson(*back), ReportJson(r));
}

TEST(SweepReport, SummaryCountsFailuresAndSpreadsEachSeedsStatistic) {
  SweepSummary s = Summarize({Seed(1, true, 100), Seed(2, false, 300), Seed(3, false, 200)});
  EXPECT_EQ(s.runs, 3u);
  EXPECT_EQ(s.passed, 1u);
  EXPECT_EQ(s.failed, 2u);
  EXPECT_EQ(s.failures_by_assertion.at("blue is exact"), 2u);
  const Spread& p99 = s.latency.at("ready_to_all_envoys").at("p99");
  EXPECT_EQ(p99.seeds, 3u);
  EXPECT_EQ(p99.min, 100);
  EXPECT_EQ(p99.p50, 200);
  EXPECT_EQ(p99.max, 300);
}

TEST(MergeReports, AllShardsGiveTheUnshardedBytes) {
  SweepReport whole = Report({Seed(1, true, 1), Seed(2, false, 2), Seed(3, true, 3), Seed(4, true, 4)});
  SweepReport a = Report({Seed(1, true, 1), Seed(3, true, 3)}, {0, 2});
  SweepReport b = Report({Seed(2, false, 2), Seed(4, true, 4)}, {1, 2});
  Result<SweepReport> merged = MergeReports({b, a});
  ASSERT_TRUE(merged.ok());
  EXPECT_EQ(ReportJson(*merged), ReportJson(whole));
}

TEST(MergeReports, MissingShardIsListedAndKeptPartial) {
  Result<SweepReport> merged = MergeReports({Report({Seed(1, true, 1)}, {0, 2})});
  ASSERT_TRUE(merged.ok());
  EXPECT_EQ(merged->shards, (std::vector<Shard>{{0, 2}}));
}

TEST(MergeReports, RejectsASeedTwiceAndAnotherSweep) {
  SweepReport a = Report({Seed(1, true, 1)}, {0, 2});
  a.source = "a.json";
  Result<SweepReport> twice = MergeReports({a, a});
  ASSERT_FALSE(twice.ok());
  EXPECT_EQ(twice.status().message(), "a.json: seed 1 appears in two shards");
  SweepReport other = Report({Seed(2, true, 1)}, {1, 2});
  other.scenario = "t";
  other.source = "b.json";
  Result<SweepReport> mixed = MergeReports({a, other});
  ASSERT_FALSE(mixed.ok());
  EXPECT_NE(mixed.status().message().find("b.json: is from another sweep"), std::string::npos);
}

TEST(ParseReport, RejectsOtherFiles) {
  EXPECT_FALSE(ParseReport("{}", "x.json").ok());
  EXPECT_FALSE(ParseReport("not json", "x.json").ok());
  Result<SweepReport> r = ParseReport(R"({"schema": "meshsim.sweep/v1"})", "x.json");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("x.json: malformed results"), std::string::npos);
}

}  // namespace
}  // namespace meshsim::repro
