// File: fakes/k8s/kubelet.h
//
// The kubelet of one node: it watches the pods bound to its node and drives their lifecycle.
// Admitted pods get hostIP and startTime; after container_start they are Running with a VPC
// CNI pod IP, Initialized=True and every container started; each container turns ready after
// its own container_ready sample, and ContainersReady/Ready follow (Ready also waits for every
// readiness gate). A pod with deletionTimestamp is marked not ready at once, its containers
// are stopped (Envoy runs its preStop `sleep 20` first), and the pod object is deleted when
// they have exited or the grace period ends, whichever comes first.
//
// Example:
//   Kubelet kubelet(api, node_pool, "ip-192-168-12-34.us-west-2.compute.internal");
//   // pods bound to that node now move Pending -> Running -> Ready.
#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "fakes/k8s/fake_kube_api.h"
#include "fakes/k8s/node_pool.h"

namespace meshsim::fakes {

class Kubelet {
 public:
  Kubelet(FakeKubeApi& api, NodePool& pool, std::string node_name);
  Kubelet(const Kubelet&) = delete;
  Kubelet& operator=(const Kubelet&) = delete;

  const std::string& node_name() const { return node_name_; }

  // The pod's application containers fail (true) or pass (false) their readiness probes from
  // now on, as a flapping readiness endpoint does; Envoy's readiness is unaffected.
  // kNotFound when this kubelet does not run the pod.
  Status SetReadinessFailing(const std::string& namespace_name, const std::string& name,
                             bool failing);

 private:
  using PodKey = std::pair<std::string, std::string>;
  struct PodRun {
    TimerPtr start;
    std::vector<TimerPtr> ready;  // one per container
    TimerPtr stop;
    bool started = false;
    bool terminating = false;
    bool finished = false;
    bool probes_failing = false;  // application containers report not ready
    std::string ip;
    MonotonicTime exit_at{};    // when the stopping containers will all have exited
    MonotonicTime kill_at{};    // when the grace period ends (SIGKILL)
    int64_t grace_seconds = 0;  // the grace period in force
  };

  void OnPod(const WatchEvent<kube::Pod>& event);
  void Admit(const PodKey& key, const kube::Pod& pod);
  void StartContainers(const PodKey& key);
  void ContainerReady(const PodKey& key, const std::string& container);
  void Terminate(const PodKey& key, const kube::Pod& pod);
  // Re-arms the stop timer when a later delete shortened the grace period, which then
  // counts from that delete (the runtime restarts the stop with the shorter timeout).
  void ShortenGrace(const PodKey& key, const kube::Pod& pod);
  void ArmStop(const PodKey& key);
  void Finish(const PodKey& key);
  // Recomputes ContainersReady and Ready from container statuses and readiness gates.
  void UpdateReadiness(const PodKey& key);
  // Returns how long the pod's containers take to exit once told to stop.
  Duration TimeToExit(const kube::Pod& pod, const PodRun& run);
  void Trace(std::string_view name, const PodKey& key);

  FakeKubeApi& api_;
  NodePool& pool_;
  std::string node_name_;
  std::map<PodKey, PodRun> pods_;  // erased only from watch callbacks, never inside a timer
  WatchPtr watch_;
};

}  // namespace meshsim::fakes
