// File: tests/properties/generated_scenario.h
//
// Random scenarios for property tests, as a value type that prints itself as a scenario file:
// the walkthrough's mesh (tests/properties/data/mesh.yaml.template) with random virtual-node
// selectors (the blue and red virtual nodes pick the blue pods, the red pods or none, never
// the same pods), random controller workers, and a random timeline of scale and delete-pods
// actions in the first two minutes; then three quiet minutes, after which every assertion
// (generated from the selectors) must hold. rapidcheck shrinks it like any value, and a
// failing case prints as the YAML a user can save and `meshsim run`.
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

struct GeneratedAction {
  int at_s = 1;              // 1..120
  bool delete_pods = false;  // else scale
  std::string deployment;    // front, colorapp-blue, colorapp-red
  int replicas = 1;          // scale: 1..3 (an expectation needs a ready pod per deployment)
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
