#include "sim/world/check_evaluator.h"

#include "sim/world/traffic_runner.h"

namespace meshsim::world {

Result<cloudmap::DiscoverInstancesRequest> ToRequest(const scenario::DiscoverInstancesCheck& check) {
  cloudmap::DiscoverInstancesRequest req;
  req.namespace_name = check.namespace_name;
  req.service_name = check.service_name;
  req.query_parameters = check.query_parameters;
  if (check.health_status) {
    req.health_status = cloudmap::ParseHealthStatusFilter(*check.health_status);
    if (!req.health_status) {
      return Status(StatusCode::kInvalidArgument, "InvalidScenario",
                    "unknown health_status '" + *check.health_status + "'");
    }
  }
  return req;
}

std::string CheckEvaluator::FormatSet(const std::set<std::string>& items) {
  std::string out = "{";
  for (const auto& item : items) out += (out.size() > 1 ? ", " : "") + item;
  return out + "}";
}

const CheckEvaluator::IpSet& CheckEvaluator::ExpectedIps(
    const scenario::ExpectPods& expect) const {
  CachedIps& cached = expected_cache_[&expect];
  uint64_t version = pods_.ReadyVersion();
  if (cached.ready_version == version) return cached.ips;
  cached.ready_version = version;
  cached.ips.emplace();
  for (const auto& ref : expect.pods) {
    std::set<std::string> picked = pods_.ReadyPodIps(ref);
    // "Equals the ready pods of D" is vacuous while D has none, and "the pods of D and E"
    // is not yet true while one of them has none.
    if (picked.empty()) {
      cached.ips.reset();
      break;
    }
    cached.ips->merge(picked);
  }
  return cached.ips;
}

bool CheckEvaluator::Holds(const scenario::Assertion& assertion) const {
  const auto* d = std::get_if<scenario::DiscoverInstancesCheck>(&assertion.check);
  if (d == nullptr) return Evaluate(assertion).holds;
  const IpSet& expected = ExpectedIps(assertion.expect);
  if (!expected) return false;
  auto req = ToRequest(*d);
  if (!req.ok()) return false;
  req->max_results = 1000;
  auto resp = cloudmap_.DiscoverInstancesNow(*req);
  if (!resp.ok()) return resp.status().code() == StatusCode::kNotFound && expected->empty();
  // Instance ids are unique within a service, so equal sizes and inclusion mean equal sets.
  if (resp->instances.size() != expected->size()) return false;
  for (const auto& inst : resp->instances) {
    if (!expected->count(inst.instance_id)) return false;
  }
  return true;
}

CheckOutcome CheckEvaluator::EvaluateDiscover(const scenario::DiscoverInstancesCheck& check,
                                              const std::set<std::string>& expected) const {
  CheckOutcome out{.expected = FormatSet(expected)};
  auto req = ToRequest(check);
  if (!req.ok()) {
    out.actual = req.status().ToString();
    return out;
  }
  req->max_results = 1000;
  auto resp = cloudmap_.DiscoverInstancesNow(*req);
  if (!resp.ok() && resp.status().code() == StatusCode::kNotFound) {
    // No such service (yet) or namespace: a client finds no instance either.
    out.actual = "{} (" + resp.status().error_name() + ")";
    out.holds = expected.empty();
    return out;
  }
  if (!resp.ok()) {
    out.actual = resp.status().ToString();
    return out;
  }
  std::set<std::string> ids;
  for (const auto& inst : resp->instances) ids.insert(inst.instance_id);
  out.actual = FormatSet(ids);
  out.holds = ids == expected;
  return out;
}

CheckOutcome CheckEvaluator::EvaluateEnvoys(const scenario::EnvoyEndpointsCheck& check,
                                            const std::set<std::string>& expected) const {
  CheckOutcome out{.holds = true, .expected = FormatSet(expected)};
  std::vector<kube::Pod> pods = pods_.Pods(check.envoy_pods);
  std::string ns = pods.empty() ? "" : pods.front().metadata.namespace_name;
  std::vector<std::string> clusters;
  if (check.virtual_service) {
    clusters = control_plane_.TargetsOf(ns, *check.virtual_service);
  } else if (check.virtual_node) {
    clusters = {ns + "/" + *check.virtual_node};
  }
  int envoys = 0;
  for (const auto& pod : pods) {
    if (!PodQuery::IsReady(pod)) continue;
    ++envoys;
    const fakes::EnvoyModel* envoy = control_plane_.FindEnvoy(ns, pod.metadata.name);
    std::set<std::string> have;
    if (envoy != nullptr) {
      for (const auto& cluster : clusters) {
        for (const auto& ep : envoy->Endpoints(cluster)) have.insert(ep.address);
      }
    }
    std::string shown = envoy == nullptr ? "no Envoy connected" : FormatSet(have);
    out.actual += (out.actual.empty() ? "" : "; ") + pod.metadata.name + ": " + shown;
    if (envoy == nullptr || have != expected) out.holds = false;
  }
  if (envoys == 0) {
    out.actual = "no ready pod matches the envoy pod reference";
    out.holds = false;
  }
  return out;
}

CheckOutcome CheckEvaluator::EvaluateRollout(const scenario::RolloutCompleteCheck& check) const {
  std::string ns = check.namespace_name.empty() ? pods_.default_namespace() : check.namespace_name;
  CheckOutcome out{.expected = "rollout of " + ns + "/" + check.deployment + " complete",
                   .subjects = {check.deployment}};
  out.holds = pods_.RolloutComplete(ns, check.deployment, out.actual);
  return out;
}

CheckOutcome CheckEvaluator::Evaluate(const scenario::Assertion& assertion) const {
  if (const auto* requests = std::get_if<scenario::RequestsCheck>(&assertion.check)) {
    if (traffic_ != nullptr) return traffic_->Evaluate(*requests);
    return {.expected = "request counts", .actual = "no traffic in this world"};
  }
  if (const auto* r = std::get_if<scenario::RolloutCompleteCheck>(&assertion.check)) {
    return EvaluateRollout(*r);
  }
  // Only an explicitly empty expectation (`pods: []`) asks for no instances at all.
  const IpSet& expected = ExpectedIps(assertion.expect);
  std::vector<std::string> subjects;
  for (const auto& ref : assertion.expect.pods) {
    if (ref.deployment) subjects.push_back(*ref.deployment);
    if (ref.name) subjects.push_back(*ref.name);
  }
  if (!expected) {
    return {.holds = false,
            .expected = "the IPs of ready pods of every expected reference",
            .actual = "an expected pod reference has no ready pod",
            .subjects = subjects};
  }
  CheckOutcome out;
  if (const auto* d = std::get_if<scenario::DiscoverInstancesCheck>(&assertion.check)) {
    out = EvaluateDiscover(*d, *expected);
    subjects.push_back(d->service_name);
  } else {
    out = EvaluateEnvoys(std::get<scenario::EnvoyEndpointsCheck>(assertion.check), *expected);
  }
  out.subjects = subjects;
  return out;
}

}  // namespace meshsim::world
