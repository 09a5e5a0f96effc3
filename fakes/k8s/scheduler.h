// File: fakes/k8s/scheduler.h
//
// A kube-scheduler stand-in: watches pods, and binds each unbound, non-terminating pod to the
// ready, schedulable node with the fewest active pods (ties by node name) after the
// scheduling delay, setting spec.nodeName and PodScheduled=True. With no node available it
// marks PodScheduled=False (Unschedulable) and retries.
//
// Example:
//   Scheduler scheduler(api);  // starts watching at once
//   api.Pods().Create(pod);    // bound scheduling_delay later
#pragma once

#include <map>
#include <set>
#include <string>
#include <utility>

#include "controller/api/kube_client.h"
#include "fakes/k8s/fake_kube_api.h"

namespace meshsim::fakes {

class Scheduler {
 public:
  explicit Scheduler(FakeKubeApi& api);
  Scheduler(const Scheduler&) = delete;
  Scheduler& operator=(const Scheduler&) = delete;

 private:
  using PodKey = std::pair<std::string, std::string>;
  void OnPod(const WatchEvent<kube::Pod>& event);
  void Enqueue(const PodKey& key, Duration delay);
  void Bind(const PodKey& key);
  // Returns the chosen node's name, or "" when no node can take a pod.
  std::string PickNode() const;
  // The store's write listeners: keep the active pods per node and the schedulable nodes by
  // load exact at every instant, so a binding is O(log nodes) instead of a scan of every pod.
  void OnPodWrite(const kube::Pod* before, const kube::Pod* after);
  void OnNodeWrite(const kube::Node* before, const kube::Node* after);
  // Adds `delta` to the active pods of `node` (and re-ranks it when schedulable).
  void AddLoad(const std::string& node, int delta);

  FakeKubeApi& api_;
  std::map<std::string, int> active_pods_;        // node name -> active pods bound to it
  std::set<std::pair<int, std::string>> by_load_;  // schedulable nodes: (active pods, name)
  std::map<PodKey, TimerPtr> pending_;  // entries stay until the pod is deleted
  WatchPtr watch_;
};

}  // namespace meshsim::fakes
