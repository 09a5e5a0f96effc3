// Properties of generated scenarios (generated_scenario.h: deployments, selectors, pod churn
// and faults of the controller, Cloud Map and Envoys), each checked on >= 200 cases in CI
// (RC_PARAMS in CMakeLists.txt): after the faults stop, Cloud Map and every Envoy converge to
// the ready pods; no instance is ever registered for a pod that never existed; the same seed
// gives the same trace. A failing case prints, shrunk, as a scenario file; the last test shows
// that on a bug planted in the controller.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <optional>
#include <set>

#include "controller/controller_options.h"
#include "sim/world/component_options.h"
#include "sim/world/world.h"
#include "tests/properties/generated_scenario.h"

namespace meshsim::properties {
namespace {

struct GeneratedRun {
  world::RunResult result;
  std::vector<std::string> phantom_registrations;  // instances no pod ever had as its IP
};

// `skip_deregister_every` > 0 plants a bug in the controller (ControllerOptions'
// fault_skip_deregister_for_test); 0 runs the real one.
GeneratedRun RunGenerated(const scenario::Scenario& s, int skip_deregister_every = 0) {
  GeneratedRun run;
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
  if (skip_deregister_every > 0) {
    options.adjust_options_for_test = [skip_deregister_every](world::ComponentOptions& c) {
      c.controller.fault_skip_deregister_for_test = skip_deregister_every;
    };
  }
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

// Tags each case by what its timeline holds, so rapidcheck's summary shows how many cases had
// faults and churn (and a generator that stopped producing them would show).
void Classify(const GeneratedScenario& g) {
  using Kind = GeneratedAction::Kind;
  bool fault = false, churn = false;
  for (const GeneratedAction& a : g.actions) {
    churn |= a.kind == Kind::kChurn || a.kind == Kind::kDeletePods;
    fault |= a.kind != Kind::kChurn && a.kind != Kind::kDeletePods && a.kind != Kind::kScale;
  }
  RC_CLASSIFY(fault, "faults");
  RC_CLASSIFY(churn, "pod churn");
  RC_CLASSIFY(g.actions.empty(), "no actions");
}

// The failed assertion's message, or nullopt when every assertion held.
std::optional<std::string> FirstFailure(const GeneratedRun& run) {
  for (const auto& a : run.result.assertions) {
    if (!a.passed) return a.message;
  }
  if (run.result.failed != 0) return "a failed assertion without a message";
  return std::nullopt;
}

RC_GTEST_PROP(Convergence, CloudMapAndEnvoysHoldExactlyTheReadyPodsOnceFaultsStop,
              (const GeneratedScenario& g)) {
  Classify(g);
  if (std::optional<std::string> failure = FirstFailure(RunGenerated(Load(g)))) RC_FAIL(*failure);
}

RC_GTEST_PROP(Convergence, NoInstanceIsEverRegisteredForAPodThatNeverExisted,
              (const GeneratedScenario& g)) {
  Classify(g);
  GeneratedRun run = RunGenerated(Load(g));
  RC_ASSERT(run.phantom_registrations.empty());
}

RC_GTEST_PROP(Determinism, TheSameGeneratedScenarioAndSeedGiveTheSameTrace,
              (const GeneratedScenario& g)) {
  Classify(g);
  scenario::Scenario s = Load(g);
  std::string first = RunGenerated(s).result.trace_hash;
  RC_ASSERT(RunGenerated(Load(g)).result.trace_hash == first);
}

// The convergence property can fail, and then says something useful: with a missed
// deregistration planted in the controller (every instance whose IP's last octet is a multiple
// of 3) rapidcheck finds a failing case and shrinks it to a scenario of at most two actions
// (a scale-down or a pod deletion that hits such an IP), printed as a scenario file (stderr).
TEST(ConvergenceProperty, FindsAPlantedMissedDeregistrationAndShrinksItToAFewActions) {
  std::optional<GeneratedScenario> smallest;  // the last failing case is the shrunk one
  bool held = rc::check("convergence with a planted missed deregistration",
                        [&](const GeneratedScenario& g) {
                          GeneratedRun run = RunGenerated(Load(g), /*skip_deregister_every=*/3);
                          if (std::optional<std::string> failure = FirstFailure(run)) {
                            smallest = g;
                            RC_FAIL(*failure);
                          }
                        });
  ASSERT_FALSE(held) << "the property did not notice the planted bug";
  ASSERT_TRUE(smallest.has_value());
  EXPECT_LE(smallest->actions.size(), 2u) << smallest->Yaml();
  EXPECT_TRUE(smallest->Load().ok()) << "the printed counterexample must load as a scenario";
  // Without the planted bug the same scenario passes: the bug, not the scenario, fails it.
  EXPECT_FALSE(FirstFailure(RunGenerated(*smallest->Load())).has_value()) << smallest->Yaml();
}

}  // namespace
}  // namespace meshsim::properties
