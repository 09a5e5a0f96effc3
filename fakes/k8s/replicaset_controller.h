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

#include <cstdint>
#include <map>
#include <memory>
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

  // The pods a controller owner (by UID) has, as the store holds them now: active ones
  // (IsPodActive) and the ready ones among those. Kept by the pod store's write path, so a
  // sync costs what changed, not the ReplicaSet's size: counting a 1,000-pod ReplicaSet's
  // readiness on every sync was a tenth of day-1k.
  struct PodCounts {
    int32_t active = 0;
    int32_t ready = 0;  // active and IsPodReady
    friend bool operator==(const PodCounts&, const PodCounts&) = default;
  };
  PodCounts CountsOf(const std::string& owner_uid) const;

 private:
  void OnReplicaSet(const WatchEvent<kube::ReplicaSet>& event);
  void OnPod(const WatchEvent<kube::Pod>& event);
  void Sync(const std::string& key);
  void CreatePods(const kube::ReplicaSet& rs, int count);
  void DeletePods(std::vector<const kube::Pod*> active, int count);
  void UpdateStatus(const kube::ReplicaSet& rs, const std::vector<const kube::Pod*>& active);
  // The status from the counts alone, exact when minReadySeconds is 0: a pod is then
  // available from the moment it is ready (its Ready transition is never in the future).
  void UpdateStatusFromCounts(const kube::ReplicaSet& rs, PodCounts counts);

  using CountsByOwner = std::map<std::string, PodCounts, std::less<>>;
  FakeKubeApi& api_;
  // Shared with the pod store's write listener, which may outlive this controller.
  std::shared_ptr<CountsByOwner> counts_ = std::make_shared<CountsByOwner>();
  WorkQueue queue_;
  WatchPtr rs_watch_;
  WatchPtr pod_watch_;
};

}  // namespace meshsim::fakes
