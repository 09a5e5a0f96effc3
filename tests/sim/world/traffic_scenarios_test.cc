// The traffic scenarios end to end (scenarios/*traffic*, envoy-disconnect, the field-reported
// bugs): every assertion holds, and one of them is byte-for-byte deterministic. Set
// MESHSIM_TRAFFIC_VERBOSE=1 to print every assertion's actual value.
#include <gtest/gtest.h>

#include <cstdlib>
#include <iostream>
#include <sstream>
#include <string>

#include "sim/scenario/loader.h"
#include "sim/world/world.h"

namespace meshsim::world {
namespace {

struct Outcome {
  RunResult result;
  std::string trace;
};

Outcome RunScenario(const std::string& name) {
  auto s = scenario::LoadScenario(std::string(MESHSIM_SOURCE_DIR) + "/scenarios/" + name);
  EXPECT_TRUE(s.ok()) << s.status().ToString();
  if (!s.ok()) return {};
  std::ostringstream trace;
  auto world = World::Create(*s, {.trace_sink = &trace});
  EXPECT_TRUE(world.ok()) << world.status().ToString();
  if (!world.ok()) return {};
  Outcome o{.result = (*world)->Run(), .trace = trace.str()};
  if (std::getenv("MESHSIM_TRAFFIC_VERBOSE") != nullptr) {
    for (const auto& a : o.result.assertions) {
      std::cout << (a.passed ? "PASS " : "FAIL ") << a.name << ": " << a.actual << "\n";
    }
  }
  return o;
}

class TrafficScenario : public ::testing::TestWithParam<std::string> {};

TEST_P(TrafficScenario, EveryAssertionHolds) {
  Outcome o = RunScenario(GetParam());
  EXPECT_GT(o.result.passed, 0);
  for (const auto& a : o.result.assertions) EXPECT_TRUE(a.passed) << a.message;
}

INSTANTIATE_TEST_SUITE_P(Scenarios, TrafficScenario,
                         ::testing::Values("rolling-update-under-traffic.yaml",
                                           "rolling-update-under-traffic-no-prestop.yaml",
                                           "redeploy-503s.yaml", "redeploy-503s-fixed.yaml",
                                           "stale-endpoints-health-check.yaml",
                                           "stale-endpoints-health-check-fixed.yaml",
                                           "envoy-disconnect.yaml", "envoy-disconnect-short.yaml"),
                         [](const auto& info) {
                           std::string n = info.param.substr(0, info.param.size() - 5);
                           for (char& c : n) c = (c == '-') ? '_' : c;
                           return n;
                         });

TEST(TrafficScenarios, SameSeedGivesTheSameTrace) {
  Outcome a = RunScenario("rolling-update-under-traffic.yaml");
  Outcome b = RunScenario("rolling-update-under-traffic.yaml");
  EXPECT_EQ(a.result.trace_hash, b.result.trace_hash);
  EXPECT_EQ(a.trace, b.trace);
  EXPECT_NE(a.trace.find("\"RequestCounts\""), std::string::npos);
}

}  // namespace
}  // namespace meshsim::world
