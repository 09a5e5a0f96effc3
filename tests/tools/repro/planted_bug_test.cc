// The "done when", in one test: a bug planted in the controller through a test seam
// (ControllerOptions::fault_skip_deregister_for_test: deregistrations of IPs whose last octet
// is a multiple of 3 are silently skipped) is found by a sweep, replayed from its seed, and
// shrunk to a scenario file of a few actions that loads and fails the same way.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "controller/controller_options.h"
#include "sim/scenario/loader.h"
#include "sim/world/component_options.h"
#include "tests/support/scratch_dir.h"
#include "tools/repro/seed_range.h"
#include "tools/repro/shrink.h"
#include "tools/repro/sweep.h"
#include "tools/repro/trace_filter.h"

namespace meshsim::repro {
namespace {

const std::string kScenario =
    std::string(MESHSIM_SOURCE_DIR) + "/tests/tools/repro/data/scale-around.yaml";

RunHooks PlantedBug() {
  RunHooks hooks;
  hooks.adjust_run_options = [](world::RunOptions& o) {
    o.adjust_options_for_test = [](world::ComponentOptions& c) {
      c.controller.fault_skip_deregister_for_test = 3;
    };
  };
  return hooks;
}

size_t TimelineEntries(const scenario::Scenario& s) { return s.timeline.size(); }

TEST(PlantedBug, SweepFindsItReplayReproducesItShrinkMinimisesIt) {
  Result<scenario::Scenario> s = scenario::LoadScenario(kScenario);
  ASSERT_TRUE(s.ok()) << s.status().message();

  // The real controller passes every seed of the range: the scenario is not the bug.
  std::vector<uint64_t> seeds = SeedsOf({1, 24});
  for (const SeedResult& r : RunSweep(*s, seeds, {.jobs = 2})) {
    ASSERT_TRUE(r.ok()) << "seed " << r.seed << ": " << r.failures.front().message;
  }

  // 1. The sweep finds it: some seeds fail (not all: it depends on the drawn IPs).
  std::vector<SeedResult> swept = RunSweep(*s, seeds, {.jobs = 2, .hooks = PlantedBug()});
  std::vector<const SeedResult*> failing;
  for (const SeedResult& r : swept) {
    if (!r.ok()) failing.push_back(&r);
  }
  ASSERT_FALSE(failing.empty()) << "the sweep did not find the planted bug";
  EXPECT_LT(failing.size(), swept.size()) << "the bug should depend on the seed";
  const SeedResult& found = *failing.front();
  const std::string assertion = found.failures.front().name;

  // 2. Replayed from its seed: the same trace, the same failure; a filtered replay of a
  //    stale instance shows its pod's deletion but no InstanceDeregistered.
  SeedResult replayed = RunSeed(*s, found.seed, PlantedBug());
  EXPECT_EQ(replayed, found);
  std::string lines;
  TraceFilter filter({.virtual_node = "colorapp-blue"});
  RunHooks traced = PlantedBug();
  auto plant = traced.adjust_run_options;
  traced.adjust_run_options = [&](world::RunOptions& o) {
    plant(o);
    o.trace_observer = [&](const sim::TraceRecord& r) {
      if (filter.Matches(r.time_ns, *r.event)) lines += r.event->name() + "\n";
    };
  };
  EXPECT_EQ(RunSeed(*s, found.seed, traced).trace_hash, found.trace_hash);
  EXPECT_NE(lines.find("InstanceRegistered"), std::string::npos);

  // 3. Shrunk to a few actions, written as a scenario file that loads and fails the same way.
  Result<ShrinkResult> shrunk =
      Shrink(kScenario, {.seed = found.seed, .assertion = assertion, .hooks = PlantedBug()});
  ASSERT_TRUE(shrunk.ok()) << shrunk.status().message();
  EXPECT_EQ(shrunk->assertion, assertion);
  EXPECT_EQ(shrunk->entries_before, TimelineEntries(*s));
  EXPECT_LE(shrunk->entries_after, 3u);
  std::string out = meshsim::testing::ScratchDir() + "/planted-bug.min.yaml";
  {
    std::ofstream f(out);
    f << ShrunkScenarioFile(kScenario, out, found.seed, assertion, shrunk->yaml);
  }
  Result<scenario::Scenario> minimal = scenario::LoadScenario(out);
  ASSERT_TRUE(minimal.ok()) << minimal.status().message();
  EXPECT_EQ(minimal->seed, found.seed);
  EXPECT_LE(TimelineEntries(*minimal), 3u);
  ASSERT_EQ(minimal->assertions.size(), 1u);
  SeedResult again = RunSeed(*minimal, minimal->seed, PlantedBug());
  EXPECT_TRUE(again.Failed(assertion)) << shrunk->yaml;
  // ... and it is the planted bug that fails it: the real controller passes the same file.
  EXPECT_TRUE(RunSeed(*minimal, minimal->seed).ok()) << shrunk->yaml;
  std::cout << "seed " << found.seed << " shrunk from " << shrunk->entries_before << " to "
            << shrunk->entries_after << " entries in " << shrunk->runs << " runs:\n"
            << shrunk->yaml;
}

}  // namespace
}  // namespace meshsim::repro
