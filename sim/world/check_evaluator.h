// File: sim/world/check_evaluator.h
//
// Evaluates one assertion's check against the world as it is now, with the simulator's
// omniscient, latency-free view: DiscoverInstances straight from the fake Cloud Map's state,
// Envoy endpoints straight from each Envoy model, expected IPs from the fake API's ready pods.
//
// Example:
//   CheckEvaluator eval(cloudmap, control_plane, pod_query);
//   CheckOutcome o = eval.Evaluate(assertion);
//   if (!o.holds) std::cerr << o.actual_text;
#pragma once

#include <optional>
#include <set>
#include <string>

#include "fakes/appmesh/control_plane.h"
#include "fakes/cloudmap/fake_cloudmap.h"
#include "sim/scenario/scenario.h"
#include "sim/world/pod_query.h"

namespace meshsim::world {

struct CheckOutcome {
  bool holds = false;
  std::string expected;  // e.g. "{192.168.10.38}"
  std::string actual;    // e.g. "{}" or "ServiceNotFound: ..." or "front-...: {a, b}; front-...: {}"
};

class CheckEvaluator {
 public:
  CheckEvaluator(fakes::FakeCloudMap& cloudmap, const fakes::AppMeshControlPlane& control_plane,
                 const PodQuery& pods)
      : cloudmap_(cloudmap), control_plane_(control_plane), pods_(pods) {}

  CheckOutcome Evaluate(const scenario::Assertion& assertion) const;

  // "{a, b, c}"
  static std::string FormatSet(const std::set<std::string>& items);

 private:
  // The union of the ready pod IPs of every reference, or nullopt when one has none.
  std::optional<std::set<std::string>> ExpectedIps(const scenario::ExpectPods& expect) const;
  CheckOutcome EvaluateDiscover(const scenario::DiscoverInstancesCheck& check,
                                const std::set<std::string>& expected) const;
  CheckOutcome EvaluateEnvoys(const scenario::EnvoyEndpointsCheck& check,
                              const std::set<std::string>& expected) const;

  fakes::FakeCloudMap& cloudmap_;
  const fakes::AppMeshControlPlane& control_plane_;
  const PodQuery& pods_;
};

// Builds the DiscoverInstances request a check or view describes. Returns kInvalidArgument
// for an unknown health_status word.
Result<cloudmap::DiscoverInstancesRequest> ToRequest(const scenario::DiscoverInstancesCheck& check);

}  // namespace meshsim::world
