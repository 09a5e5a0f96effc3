// File: fakes/k8s/replicaset_controller.h
//
// The ReplicaSet controller (pkg/controller/replicaset): keeps spec.replicas active pods per
// ReplicaSet, naming new pods <rs>-<utilrand.String(5)> with the template's labels and an
// owner reference, deleting surplus pods unscheduled/pending/not-ready/newest first, and
// maintaining status.replicas/readyReplicas/availableReplicas. It also stands in for the
// garbage collector for pods whose ReplicaSet is deleted.
//
// Example:
//   ReplicaSetController rsc(api);  // watches ReplicaSets and Pods from now on
//   api.ReplicaSets().Create(rs);    // pods appear controller_delay after the watch event
#pragma once

#include <string>
#include <vector>

#include "fakes/k8s/fake_kube_api.h"
#include "fakes/k8s/work_queue.h"

namespace meshsim::fakes {

class ReplicaSetController {
 public:
  explicit ReplicaSetController(FakeKubeApi& api);
  ReplicaSetController(const ReplicaSetController&) = delete;
  ReplicaSetController& operator=(const ReplicaSetController&) = delete;

  // Returns the pod a ReplicaSet would create from its template (name left empty).
  static kube::Pod PodFromTemplate(const kube::ReplicaSet& rs);

 private:
  void OnReplicaSet(const WatchEvent<kube::ReplicaSet>& event);
  void OnPod(const WatchEvent<kube::Pod>& event);
  void Sync(const std::string& key);
  void CreatePods(const kube::ReplicaSet& rs, int count);
  void DeletePods(std::vector<const kube::Pod*> active, int count);
  void UpdateStatus(const kube::ReplicaSet& rs, const std::vector<const kube::Pod*>& active);

  FakeKubeApi& api_;
  WorkQueue queue_;
  WatchPtr rs_watch_;
  WatchPtr pod_watch_;
};

}  // namespace meshsim::fakes
