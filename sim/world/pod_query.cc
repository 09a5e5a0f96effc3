#include "sim/world/pod_query.h"

#include <algorithm>

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

// True when the pods differ in what ReadyPodIps reads: an absent or unready pod is in no
// answer; a ready one is, by its IP, labels (selectors) and owners (Deployment references).
bool ReadyFactsDiffer(const kube::Pod* a, const kube::Pod* b) {
  bool a_ready = a != nullptr && PodQuery::IsReady(*a);
  bool b_ready = b != nullptr && PodQuery::IsReady(*b);
  if (a_ready != b_ready) return true;
  if (!a_ready) return false;
  return a->status.pod_ip != b->status.pod_ip || a->metadata.labels != b->metadata.labels ||
         a->metadata.owner_references != b->metadata.owner_references;
}

}  // namespace

PodQuery::PodQuery(fakes::FakeKubeApi& api, std::string default_namespace)
    : api_(api), default_namespace_(std::move(default_namespace)) {
  api_.Pods().AddWriteListener(
      [version = ready_version_](const kube::Pod* before, const kube::Pod* after) {
        if (ReadyFactsDiffer(before, after)) ++*version;
      });
  // A ReplicaSet's existence and owners decide whose pods are whose (OwnedByDeployment);
  // its status, which changes with every pod, does not.
  api_.ReplicaSets().AddWriteListener(
      [version = ready_version_](const kube::ReplicaSet* before, const kube::ReplicaSet* after) {
        if (before == nullptr || after == nullptr ||
            before->metadata.owner_references != after->metadata.owner_references) {
          ++*version;
        }
      });
}

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

void PodQuery::ForEachReplicaSetOf(const std::string& ns, const std::string& deployment,
                                   const std::function<void(const kube::ReplicaSet&)>& visit) const {
  // Every ReplicaSet a Deployment owns is named <deployment>-<pod-template-hash> (the
  // Deployment controller creates them all; manifests cannot), so the name-prefix range holds
  // them all; the owner test drops other Deployments' ("web-x" for "web").
  api_.ReplicaSets().ForEachWithNamePrefix(ns, deployment + "-", [&](const kube::ReplicaSet& rs) {
    if (ReplicaSetOfDeployment(rs, deployment)) visit(rs);
  });
}

void PodQuery::ForEachPod(const scenario::PodSelectorRef& ref,
                          const std::function<void(const kube::Pod&)>& visit) const {
  std::string ns = ref.namespace_name.empty() ? default_namespace_ : ref.namespace_name;
  if (ref.deployment && !ref.name && !ref.selector) {
    // Only the pods named after the Deployment's ReplicaSets: every pod that names a
    // ReplicaSet as owner was created by the ReplicaSet controller as <rs>-<random>, so the
    // name-prefix ranges hold every pod Picks accepts, and Picks (the scan's own test) drops
    // the rest. A scan of the namespace per churn kill dominated scale-10k's hour of churn.
    // Ranges of two ReplicaSets overlap when one's name prefixes the other's: sorted by name
    // and deduplicated, the visiting order is the scan's.
    std::vector<const kube::Pod*> picked;
    int ranges = 0;
    ForEachReplicaSetOf(ns, *ref.deployment, [&](const kube::ReplicaSet& rs) {
      ++ranges;
      api_.Pods().ForEachWithNamePrefix(ns, rs.metadata.name + "-", [&](const kube::Pod& pod) {
        if (Picks(ref, pod)) picked.push_back(&pod);
      });
    });
    if (ranges > 1) {
      auto by_name = [](const kube::Pod* a, const kube::Pod* b) {
        return a->metadata.name < b->metadata.name;
      };
      std::sort(picked.begin(), picked.end(), by_name);
      picked.erase(std::unique(picked.begin(), picked.end()), picked.end());
    }
    // The pointers stay valid: nothing below writes to the pods (`visit` must not).
    for (const kube::Pod* pod : picked) visit(*pod);
    return;
  }
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
    // namespace per evaluation dominated scale-10k (10,000 pods, one check per service), and
    // visiting every ReplicaSet of the namespace scale-150k (5,000 per namespace).
    ForEachReplicaSetOf(ns, *ref.deployment, [&](const kube::ReplicaSet& rs) {
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
