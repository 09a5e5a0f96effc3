#include "sim/world/pod_query.h"

namespace meshsim::world {

bool PodQuery::IsReady(const kube::Pod& pod) {
  return !pod.metadata.deletion_timestamp && pod.status.phase == kube::PodPhase::kRunning &&
         !pod.status.pod_ip.empty() && pod.status.IsConditionTrue(kube::kPodReady);
}

bool PodQuery::OwnedByDeployment(const kube::Pod& pod, const std::string& deployment) const {
  for (const auto& owner : pod.metadata.owner_references) {
    if (owner.kind != "ReplicaSet") continue;
    auto rs = api_.ReplicaSets().Get(pod.metadata.namespace_name, owner.name);
    if (!rs.ok()) continue;
    for (const auto& rs_owner : rs->metadata.owner_references) {
      if (rs_owner.kind == "Deployment" && rs_owner.name == deployment) return true;
    }
  }
  return false;
}

std::vector<kube::Pod> PodQuery::Pods(const scenario::PodSelectorRef& ref) const {
  std::string ns = ref.namespace_name.empty() ? default_namespace_ : ref.namespace_name;
  auto list = api_.Pods().List({.namespace_name = ns});
  std::vector<kube::Pod> out;
  if (!list.ok()) return out;
  for (auto& pod : list->items) {
    bool picked = (ref.name && pod.metadata.name == *ref.name) ||
                  (ref.selector && ref.selector->Matches(pod.metadata.labels)) ||
                  (ref.deployment && OwnedByDeployment(pod, *ref.deployment));
    if (picked) out.push_back(std::move(pod));
  }
  return out;
}

std::set<std::string> PodQuery::ReadyPodIps(const scenario::PodSelectorRef& ref) const {
  std::set<std::string> ips;
  for (const auto& pod : Pods(ref)) {
    if (IsReady(pod)) ips.insert(pod.status.pod_ip);
  }
  return ips;
}

}  // namespace meshsim::world
