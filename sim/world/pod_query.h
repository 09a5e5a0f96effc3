// File: sim/world/pod_query.h
//
// Resolves a scenario's pod reference ({deployment}, {selector}, {name}) against the fake API
// server, and answers the question assertions ask: which pod IPs are ready right now.
//
// Example:
//   PodQuery query(cluster.api(), "howto-k8s-cloudmap");
//   std::set<std::string> ips = query.ReadyPodIps(ref);
#pragma once

#include <functional>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "fakes/k8s/fake_kube_api.h"
#include "sim/scenario/scenario.h"

namespace meshsim::world {

class PodQuery {
 public:
  // `default_namespace` is used for references that name no namespace.
  // Counts, from now on, the writes that can change a ReadyPodIps answer (ReadyVersion).
  PodQuery(fakes::FakeKubeApi& api, std::string default_namespace);

  // Every pod the reference picks, terminating ones included, sorted by name.
  std::vector<kube::Pod> Pods(const scenario::PodSelectorRef& ref) const;
  // Calls `visit` with each pod Pods(ref) would return, in the same order, without copying.
  // `visit` must not write to the pods.
  void ForEachPod(const scenario::PodSelectorRef& ref,
                  const std::function<void(const kube::Pod&)>& visit) const;
  // The IPs of the picked pods that are Ready and not terminating.
  std::set<std::string> ReadyPodIps(const scenario::PodSelectorRef& ref) const;
  const std::string& default_namespace() const { return default_namespace_; }
  // The API server's latest resourceVersion: every answer above is unchanged while it is.
  int64_t KubeVersion() const { return api_.CurrentResourceVersion(); }
  // Moves on every write that can change ReadyPodIps' answer for any reference: a pod
  // becoming or ceasing to be ready (IsReady), a ready pod's IP, labels or owners changing,
  // a ReplicaSet created, removed or given other owners. Start-up writes each pod ~6 times
  // but changes its readiness once: an `eventually` check keyed by KubeVersion recomputed
  // its expected IPs over every pod after each of those writes.
  uint64_t ReadyVersion() const { return *ready_version_; }
  // True when the Deployment's rollout is complete (kubectl rollout status): its status has
  // caught up with its generation, every replica is updated and available, and no pod of an
  // older ReplicaSet is left. `detail` says what is still missing, or the counts.
  bool RolloutComplete(const std::string& namespace_name, const std::string& deployment,
                       std::string& detail) const;
  // True when the pod is Running, Ready and not terminating.
  static bool IsReady(const kube::Pod& pod);

 private:
  // True when the reference picks the pod.
  bool Picks(const scenario::PodSelectorRef& ref, const kube::Pod& pod) const;
  // Calls `visit` with each ReplicaSet of namespace `ns` that the Deployment `deployment`
  // owns, in List order.
  void ForEachReplicaSetOf(const std::string& ns, const std::string& deployment,
                           const std::function<void(const kube::ReplicaSet&)>& visit) const;
  // True when the pod's ReplicaSet is owned by the Deployment `deployment`.
  bool OwnedByDeployment(const kube::Pod& pod, const std::string& deployment) const;

  fakes::FakeKubeApi& api_;
  std::string default_namespace_;
  // Shared with the stores' write listeners, which may outlive this query.
  std::shared_ptr<uint64_t> ready_version_ = std::make_shared<uint64_t>(0);
};

}  // namespace meshsim::world
