// File: tests/properties/generated_scenario.h
//
// Random scenarios for property tests, as a value type that prints itself as a scenario file:
// the walkthrough's mesh (tests/properties/data/mesh.yaml.template) with random virtual-node
// selectors (the blue and red virtual nodes pick the blue pods, the red pods or none, never
// the same pods), random controller workers, and a random timeline in the first two minutes of
// changes (scale, delete pods, random churn) and faults (controller pause, crash and restart;
// Cloud Map throttling, error bursts and propagation delay; Envoy disconnects), every one of
// which has ended by kFaultsEndS. Then the world is left alone until the end, by which every
// assertion (generated from the selectors) must hold. rapidcheck shrinks it like any value, and
// a failing case prints as the YAML a user can save and `meshsim run`.
//
// The controller's instances cache lives 1 minute instead of 5: a crash during a deregistration
// leaves the restarted controller a cached instance Cloud Map no longer has, and every
// reconcile of that virtual node fails (InstanceNotFound, exponential backoff, no readiness-gate
// submission) until the entry expires; with 5 minutes plus the backoff that outlasts the quiet
// half of a 5-minute run (the property found it: a pod deletion, a crash 1 s later, a restart).
// The 1-minute TTL keeps every case converging inside the run without hiding that behaviour.
// It is the real controller's behaviour (spec B.6.3: only SUCCESS updates the cache), written
// down in scenarios/crash-during-deregistration.yaml, with the proposed fix
// (controller.deregister_not_found_is_done) in crash-during-deregistration-fixed.yaml.
//
// Example:
//   RC_GTEST_PROP(Convergence, AfterChangesStop, (const GeneratedScenario& g)) {
//     Result<scenario::Scenario> s = g.Load();
//   }
#pragma once

#include <rapidcheck.h>

#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

#include "controller/api/status.h"
#include "sim/scenario/scenario.h"

namespace meshsim::properties {

// Changes start in [1 s, 120 s]; faults last at most 30 s; so by kFaultsEndS (150 s) all have
// stopped, and the run's last 150 s are left to converge.
inline constexpr int kFaultsEndS = 150;
inline constexpr int kDurationS = 300;

struct GeneratedAction {
  enum class Kind {
    kScale,                     // deployment to `amount` replicas (1..3)
    kDeletePods,                // every pod of `deployment`, 2 s grace
    kChurn,                     // kill half of `deployment`'s ready pods at `amount`/m until at+for
    kControllerPause,           // for `for_s`
    kControllerCrashRestart,    // crash at `at_s`, restart `for_s` later
    kCloudMapThrottling,        // `amount` requests/s per operation for `for_s`
    kCloudMapErrorBurst,        // ServiceUnavailable on `amount`0 % of calls for `for_s`
    kCloudMapPropagationDelay,  // readers see the state `amount` s ago, until kFaultsEndS
    kEnvoyDisconnect,           // `deployment`'s Envoys lose their stream for `for_s`
  };
  Kind kind = Kind::kScale;
  int at_s = 1;            // 1..120
  std::string deployment;  // front, colorapp-blue, colorapp-red
  int amount = 1;          // 1..3: see Kind
  int for_s = 10;          // 1..30
};

struct GeneratedScenario {
  uint64_t seed = 1;
  std::string blue_selects = "blue";  // the colorapp-blue virtual node's `version` selector
  std::string red_selects = "red";
  int workers = 3;
  std::vector<GeneratedAction> actions;

  // The scenario file's text (manifest path relative to tests/properties/).
  std::string Yaml() const;
  // Parses Yaml() as tests/properties/generated.yaml.
  Result<scenario::Scenario> Load() const;
};

void showValue(const GeneratedScenario& g, std::ostream& os);

}  // namespace meshsim::properties

namespace rc {
template <>
struct Arbitrary<meshsim::properties::GeneratedAction> {
  static Gen<meshsim::properties::GeneratedAction> arbitrary();
};
template <>
struct Arbitrary<meshsim::properties::GeneratedScenario> {
  static Gen<meshsim::properties::GeneratedScenario> arbitrary();
};
}  // namespace rc
