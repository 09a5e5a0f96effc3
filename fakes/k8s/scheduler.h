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

  FakeKubeApi& api_;
  std::map<PodKey, TimerPtr> pending_;  // entries stay until the pod is deleted
  WatchPtr watch_;
};

}  // namespace meshsim::fakes
