// Cloud Map polling, snapshots and EDS pushes of AppMeshControlPlane.
#include <algorithm>
#include <set>
#include <string>
#include <utility>

#include "fakes/appmesh/control_plane.h"

namespace meshsim::fakes {
namespace {

constexpr int32_t kMaxResults = 1000;  // the API's maximum; DiscoverInstances has no paging

// FNV-1a: a stable hash of the name, so each virtual node keeps its poll phase across runs.
uint64_t StableHash(const std::string& s) {
  uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  return h;
}

// The port of an instance without AWS_INSTANCE_PORT: the first listener's.
int32_t DefaultPort(const appmesh::VirtualNode& vn) {
  return vn.spec.listeners.empty() ? 0 : vn.spec.listeners.front().port_mapping.port;
}

}  // namespace

Duration AppMeshControlPlane::FirstPollDelay(const std::string& vn_key) const {
  const int64_t interval = options_.discovery_interval.count();
  const int64_t phase = static_cast<int64_t>(StableHash(vn_key) % static_cast<uint64_t>(interval));
  const int64_t now = dispatcher_.Now().time_since_epoch().count() % interval;
  return Duration((phase - now + interval) % interval);
}

void AppMeshControlPlane::Poll(const std::string& vn_key) {
  auto state = discoveries_.find(vn_key);
  if (state == discoveries_.end()) return;
  state->second.timer->Enable(options_.discovery_interval);  // fixed rate
  if (state->second.in_flight) return;  // the previous call is still out: skip this tick
  if (stalled_) return;                 // a frozen control plane polls nothing
  auto vn = virtual_nodes_.objects().find(vn_key);
  if (vn == virtual_nodes_.objects().end() || !vn->second.CloudMap()) return;
  Discovery& discovery = state->second;
  const appmesh::AwsCloudMapServiceDiscovery& cm = *vn->second.CloudMap();
  if (discovery.request_for != cm) {
    cloudmap::DiscoverInstancesRequest req;
    req.namespace_name = cm.namespace_name;
    req.service_name = cm.service_name;
    req.max_results = kMaxResults;
    // A shared service (colorapp) is split between virtual nodes by their attributes.
    for (const auto& attr : cm.attributes) req.query_parameters[attr.key] = attr.value;
    req.health_status = options_.health_status;
    discovery.request = std::move(req);
    discovery.request_for = cm;
  }
  discovery.in_flight = true;
  std::weak_ptr<char> alive = lifetime_;
  uint64_t generation = discovery.generation;
  cloudmap_.DiscoverInstances(
      discovery.request,
      [this, alive, vn_key, generation](Result<cloudmap::DiscoverInstancesResponse> r) {
        if (alive.expired()) return;
        OnDiscovered(vn_key, generation, r);
      });
}

void AppMeshControlPlane::OnDiscovered(const std::string& vn_key, uint64_t generation,
                                       const Result<cloudmap::DiscoverInstancesResponse>& result) {
  auto state = discoveries_.find(vn_key);
  if (state == discoveries_.end() || state->second.generation != generation) return;
  state->second.in_flight = false;
  if (!result.ok()) {
    // Keep serving the last known endpoints, as the control plane does when Cloud Map fails.
    tracer_.Record(TraceEvent("controlplane", "DiscoverInstances")
                       .With("vn", vn_key)
                       .With("outcome", result.status().error_name())
                       .With("error", result.status().message()));
    return;
  }
  auto vn = virtual_nodes_.objects().find(vn_key);
  if (vn == virtual_nodes_.objects().end()) return;
  const ClusterLoadAssignmentPtr& current = state->second.current;
  auto trace_answer = [&](size_t endpoint_count) {
    tracer_.Record(TraceEvent("controlplane", "DiscoverInstances")
                       .With("vn", vn_key)
                       .With("outcome", "ok")
                       .With("count", static_cast<int64_t>(endpoint_count))
                       .With("revision", result->instances_revision.value_or(-1)));
  };
  bool unchanged = state->second.last_answer.Unchanged(result->instances, DefaultPort(vn->second));
  if (unchanged && current) {
    // The same instances as the last answer, whose endpoints the current snapshot has: every
    // answer that was not the same ended below with current's endpoints equal to its own.
    trace_answer(current->endpoints.size());
    return;
  }
  std::vector<Endpoint> endpoints =
      state->second.endpoints_of.Convert(result->instances, DefaultPort(vn->second));
  trace_answer(endpoints.size());
  if (current && current->endpoints == endpoints) return;
  Publish(vn_key, state->second, std::move(endpoints));
}

void AppMeshControlPlane::Publish(const std::string& vn_key, Discovery& state,
                                  std::vector<Endpoint> endpoints) {
  static const std::vector<Endpoint> kNone;
  const std::vector<Endpoint>& before = state.current ? state.current->endpoints : kNone;
  std::string added = AddressesNotIn(endpoints, before);
  std::string removed = AddressesNotIn(before, endpoints);
  uint64_t number = next_version_++;
  auto snapshot = std::make_shared<const ClusterLoadAssignment>(ClusterLoadAssignment{
      .cluster_name = vn_key,
      .version = std::to_string(number),
      .version_number = number,
      .endpoints = std::move(endpoints),
      .previous_version_number = state.current ? state.current->version_number : 0,
      .added_since_previous = std::move(added),
      .removed_since_previous = std::move(removed)});
  tracer_.Record(TraceEvent("controlplane", "EndpointsChanged")
                     .With("vn", vn_key)
                     .With("version", snapshot->version)
                     .With("count", static_cast<int64_t>(snapshot->endpoints.size()))
                     .With("added", snapshot->added_since_previous)
                     .With("removed", snapshot->removed_since_previous));
  state.current = snapshot;
  if (push_debouncer_) {
    // The snapshot profile: the change waits for the debounce, merged with any that follow.
    debounced_clusters_.insert(vn_key);
    push_debouncer_->Notify();
    return;
  }
  PushToDownstreams(vn_key, snapshot);
}

void AppMeshControlPlane::PushToDownstreams(const std::string& vn_key,
                                            const ClusterLoadAssignmentPtr& snapshot) {
  for (const auto& downstream : graph_->DownstreamsOf(vn_key)) {
    auto pods = envoys_by_vn_.find(downstream);
    if (pods == envoys_by_vn_.end()) continue;
    for (const auto& pod_key : pods->second) {
      const EnvoyEntry& entry = envoys_.at(pod_key);
      if (entry.clusters.count(vn_key)) Push(pod_key, entry, snapshot);
    }
  }
}

void AppMeshControlPlane::PushDebounced() {
  std::set<std::string> clusters = std::move(debounced_clusters_);
  debounced_clusters_.clear();
  std::string names;
  for (const auto& vn_key : clusters) names += (names.empty() ? "" : ",") + vn_key;
  tracer_.Record(TraceEvent("controlplane", "PushDebounced")
                     .With("clusters", names)
                     .With("changes", static_cast<int64_t>(push_debouncer_->merged_last())));
  for (const auto& vn_key : clusters) {
    // Only the newest snapshot goes out; a cluster no Envoy needs any more has none.
    if (ClusterLoadAssignmentPtr current = CurrentAssignment(vn_key)) {
      PushToDownstreams(vn_key, current);
    }
  }
}

void AppMeshControlPlane::Push(const std::string& pod_key, const EnvoyEntry& entry,
                               const ClusterLoadAssignmentPtr& assignment) {
  std::string nonce = std::to_string(next_nonce_++);
  Duration delay = options_.push_delay.Sample(random_);
  std::weak_ptr<char> alive = lifetime_;
  uint64_t connection_id = entry.connection_id;
  dispatcher_.Schedule(delay, [this, alive, pod_key, connection_id, assignment, nonce] {
    if (alive.expired()) return;
    Deliver({.pod_key = pod_key,
             .connection_id = connection_id,
             .assignment = assignment,
             .nonce = nonce});
  });
}

}  // namespace meshsim::fakes
