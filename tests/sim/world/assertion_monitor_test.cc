// The assertion monitor through whole runs: interval assertions fail at the first violating
// instant with the trace lines that explain it, latency assertions read the trace, and churn
// draws from the seeded stream (same seed, same run).
#include "sim/world/assertion_monitor.h"

#include <gtest/gtest.h>

#include "sim/scenario/loader.h"
#include "sim/world/world.h"

namespace meshsim::world {
namespace {

// The walkthrough's manifests with `rest` (timeline and assertions) appended, as if the file
// sat in scenarios/.
std::string Walkthrough(const std::string& rest) {
  return R"(name: t
seed: 3
duration: 3m
vars:
  APP_NAMESPACE: howto-k8s-cloudmap
  MESH_NAME: howto-k8s-cloudmap
  CLOUDMAP_NAMESPACE: howto-k8s-cloudmap.pvt.aws.local
  FRONT_APP_IMAGE: feapp
  COLOR_APP_IMAGE: colorapp
manifests: [howto-k8s-cloudmap/manifest.yaml.template]
cloudmap:
  namespaces: [{name: howto-k8s-cloudmap.pvt.aws.local}]
)" + rest;
}

RunResult RunText(const std::string& text, uint64_t seed = 3) {
  auto s = scenario::ParseScenario(text, std::string(MESHSIM_SOURCE_DIR) + "/scenarios/t.yaml");
  EXPECT_TRUE(s.ok()) << s.status().message();
  if (!s.ok()) return {};
  auto world = World::Create(*s, {.seed = seed});
  EXPECT_TRUE(world.ok()) << world.status().message();
  return world.ok() ? (*world)->Run() : RunResult{};
}

TEST(AssertionMonitor, NeverFailsAtTheFirstInstantWithTheTraceThatExplainsIt) {
  RunResult r = RunText(Walkthrough(R"(
timeline:
  - {at: 0s, apply: manifests}
  - {at: 2m, delete_pods: {pods: {deployment: colorapp-red}, grace_period: 0s}}
assertions:
  - name: red is never gone
    never: {from: 1m}
    discover_instances:
      namespace: howto-k8s-cloudmap.pvt.aws.local
      service: colorapp
      query_parameters: {version: red}
    expect: {pods: []}
)"));
  ASSERT_EQ(r.assertions.size(), 1u);
  const AssertionOutcome& a = r.assertions[0];
  EXPECT_FALSE(a.passed);
  EXPECT_GT(a.decided_at.time_since_epoch(), std::chrono::minutes(2));
  EXPECT_LT(a.decided_at.time_since_epoch(), std::chrono::minutes(2) + std::chrono::seconds(15));
  EXPECT_EQ(a.expected, "never {}");
  EXPECT_EQ(a.actual, "{}");
  ASSERT_FALSE(a.explanation.empty());
  EXPECT_NE(a.message.find("\n    trace: {\"t\":"), std::string::npos) << a.message;
  // The deregistration is what made the check hold.
  bool deregistered = false;
  for (const auto& line : a.explanation) {
    deregistered |= line.find("InstanceDeregistered") != std::string::npos ||
                    line.find("colorapp-red") != std::string::npos;
  }
  EXPECT_TRUE(deregistered) << a.message;
}

TEST(AssertionMonitor, AlwaysPassesAtTheEndOfItsInterval) {
  RunResult r = RunText(Walkthrough(R"(
timeline:
  - {at: 0s, apply: manifests}
assertions:
  - name: blue stays registered
    always: {from: 1m30s, to: 2m30s}
    discover_instances:
      namespace: howto-k8s-cloudmap.pvt.aws.local
      service: colorapp
      query_parameters: {version: blue}
    expect: {pods: [{deployment: colorapp-blue}]}
)"));
  ASSERT_EQ(r.assertions.size(), 1u);
  EXPECT_TRUE(r.assertions[0].passed) << r.assertions[0].message;
  EXPECT_EQ(r.assertions[0].decided_at.time_since_epoch(),
            std::chrono::minutes(2) + std::chrono::seconds(30));
}

TEST(AssertionMonitor, LatencyBoundsReadTheTrace) {
  RunResult r = RunText(Walkthrough(R"(
timeline:
  - {at: 0s, apply: manifests}
assertions:
  - name: loose
    latency: {hop: ready_to_registered, max: {max: 1m}, count: {min: 3}}
  - name: impossible
    latency: {hop: ready_to_registered, p50: {max: 1ms}}
  - name: nothing removed
    latency: {hop: terminating_to_deregistered, max: {max: 1m}}
)"));
  ASSERT_EQ(r.assertions.size(), 3u);
  EXPECT_TRUE(r.assertions[0].passed) << r.assertions[0].message;
  EXPECT_FALSE(r.assertions[1].passed);
  EXPECT_NE(r.assertions[1].actual.find("ready_to_registered over 3 samples: p50 "),
            std::string::npos)
      << r.assertions[1].actual;
  // No sample is not a pass: nothing was removed.
  EXPECT_FALSE(r.assertions[2].passed);
}

TEST(Timeline, ChurnIsDrawnFromTheSeededStream) {
  std::string text = Walkthrough(R"(
timeline:
  - {at: 0s, apply: manifests}
  - {at: 10s, scale: {deployment: colorapp-blue, replicas: 4}}
  - {at: 1m, churn: {deployment: colorapp-blue, rate: 6/m, kill_fraction: 0.5}}
assertions:
  - name: kills
    trace_events: {component: world, event: ActionChurnKill, count: {min: 2}}
)");
  RunResult a = RunText(text, 5);
  RunResult b = RunText(text, 5);
  RunResult c = RunText(text, 6);
  EXPECT_EQ(a.failed, 0);
  EXPECT_EQ(a.trace_hash, b.trace_hash);
  EXPECT_NE(a.trace_hash, c.trace_hash);
}

}  // namespace
}  // namespace meshsim::world
