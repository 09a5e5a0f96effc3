#include "sim/world/pod_query.h"

namespace meshsim::world {
namespace {

// One rule for "this ReplicaSet belongs to Deployment D", shared by the per-pod test and the
// owner-index walk of ReadyPodIps.
bool ReplicaSetOfDeployment(const kube::ReplicaSet& rs, const std::string& deployment) {
  for (const auto& owner : rs.metadata.owner_references) {
    if (owner.kind == "Deployment" && owner.name == deployment) return true;
  }
  return false;
}

}  // namespace

bool PodQuery::IsReady(const kube::Pod& pod) {
  return !pod.metadata.deletion_timestamp && pod.status.phase == kube::PodPhase::kRunning &&
         !pod.status.pod_ip.empty() && pod.status.IsConditionTrue(kube::kPodReady);
}

bool PodQuery::OwnedByDeployment(const kube::Pod& pod, const std::string& deployment) const {
  for (const auto& owner : pod.metadata.owner_references) {
    if (owner.kind != "ReplicaSet") continue;
    const kube::ReplicaSet* rs = api_.ReplicaSets().Find(pod.metadata.namespace_name, owner.name);
    if (rs != nullptr && ReplicaSetOfDeployment(*rs, deployment)) return true;
  }
  return false;
}

bool PodQuery::Picks(const scenario::PodSelectorRef& ref, const kube::Pod& pod) const {
  return (ref.name && pod.metadata.name == *ref.name) ||
         (ref.selector && ref.selector->Matches(pod.metadata.labels)) ||
         (ref.deployment && OwnedByDeployment(pod, *ref.deployment));
}

std::vector<kube::Pod> PodQuery::Pods(const scenario::PodSelectorRef& ref) const {
  std::vector<kube::Pod> out;
  ForEachPod(ref, [&](const kube::Pod& pod) { out.push_back(pod); });
  return out;
}

void PodQuery::ForEachPod(const scenario::PodSelectorRef& ref,
                          const std::function<void(const kube::Pod&)>& visit) const {
  std::string ns = ref.namespace_name.empty() ? default_namespace_ : ref.namespace_name;
  // Visited in place: copying every pod of a large namespace on each evaluation dominated
  // the run time of big scenarios.
  api_.Pods().ForEach(ns, [&](const kube::Pod& pod) {
    if (Picks(ref, pod)) visit(pod);
  });
}

std::set<std::string> PodQuery::ReadyPodIps(const scenario::PodSelectorRef& ref) const {
  std::string ns = ref.namespace_name.empty() ? default_namespace_ : ref.namespace_name;
  std::set<std::string> ips;
  if (ref.deployment && !ref.name && !ref.selector) {
    // Only the Deployment's ReplicaSets' pods, through the owner index: scanning the whole
    // namespace per evaluation dominated scale-10k (10,000 pods, one check per service).
    api_.ReplicaSets().ForEach(ns, [&](const kube::ReplicaSet& rs) {
      if (!ReplicaSetOfDeployment(rs, *ref.deployment)) return;
      api_.Pods().ForEachControlledBy(ns, rs.metadata.uid, [&](const kube::Pod& pod) {
        if (IsReady(pod)) ips.insert(pod.status.pod_ip);
      });
    });
    return ips;
  }
  api_.Pods().ForEach(ns, [&](const kube::Pod& pod) {
    if (IsReady(pod) && Picks(ref, pod)) ips.insert(pod.status.pod_ip);
  });
  return ips;
}

bool PodQuery::RolloutComplete(const std::string& namespace_name, const std::string& deployment,
                               std::string& detail) const {
  auto d = api_.Deployments().Get(namespace_name, deployment);
  if (!d.ok()) {
    detail = "no Deployment " + namespace_name + "/" + deployment;
    return false;
  }
  const kube::DeploymentStatus& st = d->status;
  int32_t want = d->spec.replicas;
  detail = "replicas " + std::to_string(st.replicas) + ", updated " +
           std::to_string(st.updated_replicas) + ", available " +
           std::to_string(st.available_replicas) + " of " + std::to_string(want);
  if (st.observed_generation < d->metadata.generation) {
    detail += " (status not yet observed)";
    return false;
  }
  // kubectl rollout status: updated == replicas == available == spec.replicas.
  return st.updated_replicas == want && st.replicas == want && st.available_replicas == want;
}

}  // namespace meshsim::world
