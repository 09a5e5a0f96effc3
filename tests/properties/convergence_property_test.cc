// Properties of generated scenarios (generated_scenario.h), each checked on >= 200 cases in CI
// (RC_PARAMS in CMakeLists.txt): after the changes stop, Cloud Map and every Envoy converge to
// the ready pods; no instance is ever registered for a pod that never existed; the same seed
// gives the same trace.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <set>

#include "sim/world/world.h"
#include "tests/properties/generated_scenario.h"

namespace meshsim::properties {
namespace {

struct Run {
  world::RunResult result;
  std::vector<std::string> phantom_registrations;  // instances no pod ever had as its IP
};

Run RunGenerated(const scenario::Scenario& s) {
  Run run;
  std::set<std::string> pod_ips;
  world::RunOptions options;
  options.trace_observer = [&](const sim::TraceRecord& r) {
    const TraceEvent& e = *r.event;
    auto field = [&](const char* key) -> std::string {
      for (const auto& f : e.fields()) {
        if (f.key == key) {
          if (const auto* v = std::get_if<std::string>(&f.value)) return *v;
        }
      }
      return "";
    };
    if (e.component() == "k8s" && !field("ip").empty() && !field("pod").empty()) {
      pod_ips.insert(field("ip"));
    }
    if (e.component() == "cloudmap" && e.name() == "InstanceRegistered" &&
        !pod_ips.count(field("instance"))) {
      run.phantom_registrations.push_back(field("instance"));
    }
  };
  auto world = world::World::Create(s, options);
  RC_ASSERT(world.ok());
  run.result = (*world)->Run();
  return run;
}

scenario::Scenario Load(const GeneratedScenario& g) {
  Result<scenario::Scenario> s = g.Load();
  if (!s.ok()) RC_FAIL("generated scenario does not load: " + s.status().message());
  return *s;
}

RC_GTEST_PROP(Convergence, CloudMapAndEnvoysHoldExactlyTheReadyPodsOnceChangesStop,
              (const GeneratedScenario& g)) {
  Run run = RunGenerated(Load(g));
  for (const auto& a : run.result.assertions) {
    if (!a.passed) RC_FAIL(a.message);
  }
  RC_ASSERT(run.result.failed == 0);
}

RC_GTEST_PROP(Convergence, NoInstanceIsEverRegisteredForAPodThatNeverExisted,
              (const GeneratedScenario& g)) {
  Run run = RunGenerated(Load(g));
  RC_ASSERT(run.phantom_registrations.empty());
}

RC_GTEST_PROP(Determinism, TheSameGeneratedScenarioAndSeedGiveTheSameTrace,
              (const GeneratedScenario& g)) {
  scenario::Scenario s = Load(g);
  std::string first = RunGenerated(s).result.trace_hash;
  RC_ASSERT(RunGenerated(Load(g)).result.trace_hash == first);
}

}  // namespace
}  // namespace meshsim::properties
