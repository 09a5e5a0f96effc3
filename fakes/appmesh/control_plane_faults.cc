// Fault injection of AppMeshControlPlane (stall, Envoy disconnect, partition), the delivery
// path every push takes, and the routing view used by the traffic model.
#include <algorithm>
#include <utility>

#include "fakes/appmesh/control_plane.h"

namespace meshsim::fakes {
namespace {

std::string Joined(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) {
    if (!out.empty()) out += ",";
    out += item;
  }
  return out;
}

Status NoEnvoy(const std::string& namespace_name, const std::string& pod_name) {
  return Status(StatusCode::kNotFound, "EnvoyNotFound",
                "no connected Envoy for pod " + namespace_name + "/" + pod_name);
}

}  // namespace

void AppMeshControlPlane::Stall(Duration duration) {
  const bool was_stalled = stalled_;
  const MonotonicTime until = dispatcher_.Now() + duration;
  if (was_stalled && until <= stall_until_) return;  // already frozen for longer
  stalled_ = true;
  stall_until_ = until;
  if (!stall_timer_) stall_timer_ = dispatcher_.CreateTimer([this] { Resume(); });
  stall_timer_->Enable(duration);
  tracer_.Record(TraceEvent("controlplane", "ControlPlaneStalled")
                     .With("duration_ms", static_cast<int64_t>(duration.count() / 1000000))
                     .With("extended", was_stalled));
}

void AppMeshControlPlane::Resume() {
  if (!stalled_) return;
  stalled_ = false;
  stall_timer_->Disable();
  std::vector<PendingPush> backlog = std::move(stalled_pushes_);
  stalled_pushes_.clear();
  tracer_.Record(TraceEvent("controlplane", "ControlPlaneResumed")
                     .With("held_pushes", static_cast<int64_t>(backlog.size())));
  for (auto& push : backlog) Deliver(std::move(push));
}

Status AppMeshControlPlane::DisconnectEnvoy(const std::string& namespace_name,
                                            const std::string& pod_name,
                                            std::optional<Duration> reconnect_after) {
  auto it = envoys_.find(namespace_name + "/" + pod_name);
  if (it == envoys_.end()) {
    return NoEnvoy(namespace_name, pod_name);
  }
  EnvoyEntry& entry = it->second;
  entry.envoy->StreamClosed("Injected");
  entry.connection_id = next_connection_id_++;  // pushes already on their way are lost
  held_.erase(it->first);
  if (reconnect_after) {
    if (!entry.reconnect) {
      entry.reconnect = dispatcher_.CreateTimer(
          [this, namespace_name, pod_name] { (void)ReconnectEnvoy(namespace_name, pod_name); });
    }
    entry.reconnect->Enable(*reconnect_after);
  }
  return Status::Ok();
}

Status AppMeshControlPlane::ReconnectEnvoy(const std::string& namespace_name,
                                           const std::string& pod_name) {
  auto it = envoys_.find(namespace_name + "/" + pod_name);
  if (it == envoys_.end()) {
    return NoEnvoy(namespace_name, pod_name);
  }
  EnvoyEntry& entry = it->second;
  if (entry.envoy->connected()) return Status::Ok();
  if (entry.reconnect) entry.reconnect->Disable();
  entry.envoy->StreamOpened();
  entry.connection_id = next_connection_id_++;
  SendStateOfTheWorld(it->first, entry);
  return Status::Ok();
}

void AppMeshControlPlane::SendStateOfTheWorld(const std::string& pod_key, EnvoyEntry& entry) {
  // CDS first: clusters that left the graph while the stream was down go away.
  for (const auto& cluster : entry.envoy->Clusters()) {
    if (!entry.clusters.count(cluster)) entry.envoy->RemoveCluster(cluster);
  }
  for (const auto& cluster : entry.clusters) {
    if (ClusterLoadAssignmentPtr current = CurrentAssignment(cluster)) {
      Push(pod_key, entry, current);
    }
  }
}

void AppMeshControlPlane::Partition(const std::string& namespace_name,
                                    const std::vector<std::string>& pod_names,
                                    std::optional<Duration> heal_after) {
  std::vector<std::string> keys;
  for (const auto& pod : pod_names) {
    if (partitioned_.insert(namespace_name + "/" + pod).second) keys.push_back(pod);
  }
  std::sort(keys.begin(), keys.end());
  tracer_.Record(TraceEvent("controlplane", "PartitionStarted")
                     .With("namespace", namespace_name)
                     .With("envoys", Joined(keys)));
  if (!heal_after) return;
  TimerPtr timer =
      dispatcher_.CreateTimer([this, namespace_name, keys] { Heal(namespace_name, keys); });
  timer->Enable(*heal_after);
  heal_timers_.push_back(std::move(timer));
}

void AppMeshControlPlane::Heal(const std::string& namespace_name,
                               const std::vector<std::string>& pod_names) {
  std::vector<std::string> healed;
  if (pod_names.empty()) {
    healed.assign(partitioned_.begin(), partitioned_.end());
  } else {
    for (const auto& pod : pod_names) {
      std::string key = namespace_name + "/" + pod;
      if (partitioned_.count(key)) healed.push_back(key);
    }
  }
  std::sort(healed.begin(), healed.end());
  int64_t delivered = 0;
  std::vector<PendingPush> release;
  for (const auto& key : healed) {
    partitioned_.erase(key);
    auto held = held_.find(key);
    if (held == held_.end()) continue;
    for (auto& [cluster, push] : held->second) release.push_back(std::move(push));
    held_.erase(held);
  }
  delivered = static_cast<int64_t>(release.size());
  tracer_.Record(TraceEvent("controlplane", "PartitionHealed")
                     .With("envoys", Joined(healed))
                     .With("delivered", delivered));
  for (auto& push : release) Deliver(std::move(push));
}

std::vector<std::string> AppMeshControlPlane::PartitionedForTest() const {
  return std::vector<std::string>(partitioned_.begin(), partitioned_.end());
}

void AppMeshControlPlane::Deliver(PendingPush push) {
  if (stalled_) {
    stalled_pushes_.push_back(std::move(push));
    return;
  }
  auto it = envoys_.find(push.pod_key);
  if (it == envoys_.end() || it->second.connection_id != push.connection_id) return;
  if (!it->second.envoy->connected()) return;  // the stream closed; a reconnect resends all
  if (!it->second.clusters.count(push.assignment->cluster_name)) return;
  if (partitioned_.count(push.pod_key)) {
    tracer_.Record(TraceEvent("controlplane", "EdsPushHeld")
                       .With("envoy", it->second.envoy->node_id())
                       .With("cluster", push.assignment->cluster_name)
                       .With("version", push.assignment->version));
    std::string cluster = push.assignment->cluster_name;
    held_[push.pod_key][cluster] = std::move(push);  // a newer snapshot supersedes
    return;
  }
  tracer_.Record(TraceEvent("controlplane", "EdsPush")
                     .With("envoy", it->second.envoy->node_id())
                     .With("cluster", push.assignment->cluster_name)
                     .With("version", push.assignment->version)
                     .With("nonce", push.nonce));
  it->second.envoy->Receive(push.assignment, push.nonce);
}

std::vector<const EnvoyModel*> AppMeshControlPlane::EnvoysOf(const std::string& vn_key) const {
  std::vector<const EnvoyModel*> out;
  auto by_vn = envoys_by_vn_.find(vn_key);
  if (by_vn == envoys_by_vn_.end()) return out;
  for (const auto& pod_key : by_vn->second) out.push_back(envoys_.at(pod_key).envoy.get());
  return out;
}

std::vector<AppMeshControlPlane::RouteTarget> AppMeshControlPlane::RouteOf(
    const std::string& vs_key) const {
  auto vs = virtual_services_.objects().find(vs_key);
  if (vs == virtual_services_.objects().end() || !vs->second.spec.provider) return {};
  const std::string& ns = vs->second.metadata.namespace_name;
  const appmesh::VirtualServiceProvider& provider = *vs->second.spec.provider;
  auto key_of = [&ns](const appmesh::ObjectReference& ref) {
    return ref.namespace_name.value_or(ns) + "/" + ref.name;
  };
  if (provider.virtual_node_ref) return {RouteTarget{key_of(*provider.virtual_node_ref), 1}};
  if (!provider.virtual_router_ref) return {};
  auto vr = virtual_routers_.objects().find(key_of(*provider.virtual_router_ref));
  if (vr == virtual_routers_.objects().end() || vr->second.spec.routes.empty()) return {};
  const auto& routes = vr->second.spec.routes;
  // App Mesh matches routes by priority (0 is highest); unprioritised routes come after.
  auto best = std::min_element(routes.begin(), routes.end(), [](const auto& a, const auto& b) {
    return a.priority.value_or(1001) < b.priority.value_or(1001);
  });
  const std::string& vr_ns = vr->second.metadata.namespace_name;
  std::vector<RouteTarget> out;
  for (const auto& target : best->weighted_targets) {
    out.push_back({target.virtual_node_ref.namespace_name.value_or(vr_ns) + "/" +
                       target.virtual_node_ref.name,
                   target.weight});
  }
  return out;
}

const appmesh::VirtualNode* AppMeshControlPlane::FindVirtualNode(const std::string& vn_key) const {
  auto it = virtual_nodes_.objects().find(vn_key);
  return it == virtual_nodes_.objects().end() ? nullptr : &it->second;
}

}  // namespace meshsim::fakes
