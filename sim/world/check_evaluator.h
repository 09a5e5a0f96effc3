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

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "fakes/appmesh/control_plane.h"
#include "fakes/cloudmap/fake_cloudmap.h"
#include "sim/scenario/scenario.h"
#include "sim/world/pod_query.h"

namespace meshsim::world {

class TrafficRunner;  // traffic_runner.h

struct CheckOutcome {
  bool holds = false;
  std::string expected;  // e.g. "{192.168.10.38}"
  std::string actual;    // e.g. "{}" or "ServiceNotFound: ..." or "front-...: {a, b}; front-...: {}"
  // Names a failure's explanation looks for in the trace besides those in the texts above
  // (the service, the expected deployments, the slowest pod).
  std::vector<std::string> subjects;
};

class CheckEvaluator {
 public:
  CheckEvaluator(fakes::FakeCloudMap& cloudmap, const fakes::AppMeshControlPlane& control_plane,
                 const PodQuery& pods)
      : cloudmap_(cloudmap), control_plane_(control_plane), pods_(pods) {}

  // Evaluates discover_instances, envoy_endpoints and rollout_complete checks (latency and
  // trace_events checks read the trace: AssertionMonitor).
  CheckOutcome Evaluate(const scenario::Assertion& assertion) const;
  // Evaluate(assertion).holds, without formatting what was expected and seen: an `eventually`
  // check over thousands of IPs is tested on every input change but formatted once.
  bool Holds(const scenario::Assertion& assertion) const;
  // Where requests checks are answered (the run's traffic); unset, they fail.
  void set_traffic(const TrafficRunner* traffic) { traffic_ = traffic; }

  // The Kubernetes resourceVersion of the latest write: the pods, ReplicaSets and Deployments
  // every check reads are unchanged while it is.
  int64_t KubeVersion() const { return pods_.KubeVersion(); }
  // Moves whenever the expected IPs of any check may have changed (PodQuery::ReadyVersion):
  // a discover_instances check reads nothing else from Kubernetes.
  uint64_t ReadyVersion() const { return pods_.ReadyVersion(); }

  // "{a, b, c}"
  static std::string FormatSet(const std::set<std::string>& items);

 private:
  using IpSet = std::optional<std::set<std::string>>;
  // The union of the ready pod IPs of every reference, or nullopt when one has none. Kept per
  // expectation until PodQuery::ReadyVersion moves (Cloud Map changes far more often, and
  // the resourceVersion with every pod or ReplicaSet status write).
  const IpSet& ExpectedIps(const scenario::ExpectPods& expect) const;
  CheckOutcome EvaluateDiscover(const scenario::DiscoverInstancesCheck& check,
                                const std::set<std::string>& expected) const;
  CheckOutcome EvaluateRollout(const scenario::RolloutCompleteCheck& check) const;
  CheckOutcome EvaluateEnvoys(const scenario::EnvoyEndpointsCheck& check,
                              const std::set<std::string>& expected) const;

  fakes::FakeCloudMap& cloudmap_;
  const fakes::AppMeshControlPlane& control_plane_;
  const PodQuery& pods_;
  const TrafficRunner* traffic_ = nullptr;
  struct CachedIps {
    std::optional<uint64_t> ready_version;  // unset: never computed
    IpSet ips;
  };
  // By the expectation's address: assertions outlive the evaluator's use of them and the key
  // is never iterated, so no address reaches any output.
  mutable std::map<const scenario::ExpectPods*, CachedIps> expected_cache_;
};

// Builds the DiscoverInstances request a check or view describes. Returns kInvalidArgument
// for an unknown health_status word.
Result<cloudmap::DiscoverInstancesRequest> ToRequest(const scenario::DiscoverInstancesCheck& check);

}  // namespace meshsim::world
