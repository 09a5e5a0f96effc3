// File: fakes/k8s/deployment_controller.h
//
// The Deployment controller (pkg/controller/deployment): owns one ReplicaSet per pod template,
// named <deployment>-<pod-template-hash>, scales it, rolls out template changes with
// maxSurge/maxUnavailable (RollingUpdate) or old-then-new (Recreate), and maintains
// status.replicas/updatedReplicas/readyReplicas/availableReplicas. It also stands in for the
// garbage collector for ReplicaSets whose Deployment is deleted.
//
// Example:
//   DeploymentController dc(api);
//   api.Deployments().Create(d);  // -> ReplicaSet colorapp-blue-6f99884fd4 -> pods
#pragma once

#include <string>
#include <vector>

#include "fakes/k8s/fake_kube_api.h"
#include "fakes/k8s/work_queue.h"

namespace meshsim::fakes {

class DeploymentController {
 public:
  explicit DeploymentController(FakeKubeApi& api);
  DeploymentController(const DeploymentController&) = delete;
  DeploymentController& operator=(const DeploymentController&) = delete;

  // Returns the ReplicaSet the Deployment wants for its current template (replicas 0).
  static kube::ReplicaSet NewReplicaSetFor(const kube::Deployment& d);

 private:
  void OnDeployment(const WatchEvent<kube::Deployment>& event);
  void OnReplicaSet(const WatchEvent<kube::ReplicaSet>& event);
  // A pod going away may let a Recreate rollout proceed (the controller's deletePod handler).
  void OnPod(const WatchEvent<kube::Pod>& event);
  void Sync(const std::string& key);
  // Returns the new ReplicaSet, creating it if needed; nullptr after a hash collision (the
  // collision count was bumped and a resync queued).
  const kube::ReplicaSet* GetOrCreateNewReplicaSet(const kube::Deployment& d,
                                                   const std::vector<kube::ReplicaSet>& owned);
  void RolloutRolling(const kube::Deployment& d, kube::ReplicaSet new_rs,
                      std::vector<kube::ReplicaSet> old);
  void RolloutRecreate(const kube::Deployment& d, const kube::ReplicaSet& new_rs,
                       const std::vector<kube::ReplicaSet>& old);
  void Scale(const kube::ReplicaSet& rs, int32_t replicas);
  void UpdateStatus(const kube::Deployment& d);

  FakeKubeApi& api_;
  WorkQueue queue_;
  WatchPtr deployment_watch_;
  WatchPtr rs_watch_;
  WatchPtr pod_watch_;
};

}  // namespace meshsim::fakes
