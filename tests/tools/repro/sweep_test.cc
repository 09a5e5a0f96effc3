// RunSweep over real scenario runs: thread count never changes results, --stop-on-failure
// keeps exactly the seeds up to the first failure, and shards merged equal the whole sweep.
#include "tools/repro/sweep.h"

#include <gtest/gtest.h>

#include "sim/scenario/loader.h"
#include "sim/world/component_options.h"
#include "tools/repro/seed_range.h"
#include "tools/repro/sweep_report.h"

namespace meshsim::repro {
namespace {

scenario::Scenario Load() {
  Result<scenario::Scenario> s = scenario::LoadScenario(
      std::string(MESHSIM_SOURCE_DIR) + "/tests/tools/repro/data/scale-around.yaml");
  EXPECT_TRUE(s.ok()) << s.status().message();
  return *s;
}

RunHooks PlantedBug() {
  RunHooks hooks;
  hooks.adjust_run_options = [](world::RunOptions& o) {
    o.adjust_options_for_test = [](world::ComponentOptions& c) {
      c.controller.fault_skip_deregister_for_test = 3;
    };
  };
  return hooks;
}

TEST(RunSweep, ThreadsDoNotChangeTheResults) {
  scenario::Scenario s = Load();
  std::vector<uint64_t> seeds = SeedsOf({1, 8});
  std::vector<SeedResult> one = RunSweep(s, seeds, {.jobs = 1});
  std::vector<SeedResult> three = RunSweep(s, seeds, {.jobs = 3});
  EXPECT_EQ(one, three);
  ASSERT_EQ(one.size(), 8u);
  EXPECT_EQ(one[0].seed, 1u);
  EXPECT_NE(one[0].trace_hash, one[1].trace_hash);
}

TEST(RunSweep, StopOnFailureKeepsTheSeedsUpToTheFirstFailure) {
  scenario::Scenario s = Load();
  std::vector<uint64_t> seeds = SeedsOf({1, 30});
  std::vector<SeedResult> all = RunSweep(s, seeds, {.jobs = 2, .hooks = PlantedBug()});
  auto first = std::find_if(all.begin(), all.end(), [](const SeedResult& r) { return !r.ok(); });
  ASSERT_NE(first, all.end());
  std::vector<SeedResult> stopped =
      RunSweep(s, seeds, {.jobs = 2, .stop_on_failure = true, .hooks = PlantedBug()});
  EXPECT_EQ(stopped, std::vector<SeedResult>(all.begin(), first + 1));
}

TEST(RunSweep, CallsOnResultOncePerSeedWithRunningCounts) {
  scenario::Scenario s = Load();
  size_t calls = 0;
  SweepCounts last;
  RunSweep(s, SeedsOf({1, 4}), {.jobs = 2, .on_result = [&](const SeedResult&, const SweepCounts& c) {
                                  ++calls;
                                  last = c;
                                }});
  EXPECT_EQ(calls, 4u);
  EXPECT_EQ(last.done, 4u);
  EXPECT_EQ(last.total, 4u);
}

TEST(Sharding, MergedShardsEqualTheUnshardedSweepByteForByte) {
  scenario::Scenario s = Load();
  SeedRange range{5, 14};
  auto report = [&](Shard shard) {
    return SweepReport{.scenario = s.name, .file = "scale-around.yaml", .range = range,
                       .shards = {shard},
                       .runs = RunSweep(s, SeedsOf(range, shard), {.jobs = 2, .hooks = PlantedBug()})};
  };
  SweepReport whole = report({0, 1});
  std::vector<SweepReport> parts;
  for (uint64_t i = 0; i < 3; ++i) {
    // Through the file format, as shards on other machines hand their results over.
    Result<SweepReport> part = ParseReport(ReportJson(report({i, 3})), "shard.json");
    ASSERT_TRUE(part.ok());
    parts.push_back(*part);
  }
  Result<SweepReport> merged = MergeReports(parts);
  ASSERT_TRUE(merged.ok()) << merged.status().message();
  EXPECT_EQ(ReportJson(*merged), ReportJson(whole));
}

}  // namespace
}  // namespace meshsim::repro
