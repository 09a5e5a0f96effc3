// File: controller/cloudmap/pod_event_handler.h
//
// Which pod events enqueue which VirtualNodes (spec A.2; Go: enqueue_requests_for_pod_events.go).
// Create and delete enqueue the VNs matching the pod; an update enqueues only when the new pod
// is terminating, ContainersReady flipped, or the labels changed (then the VNs matching the old
// labels as well as the new). A matching VN is in the pod's namespace, uses Cloud Map and has a
// podSelector that matches the labels (no selector matches nothing; an empty one, everything).
//
// Example:
//   PodEventHandler h([&](const kube::Pod& pod, const auto& visit) {
//                       ForEachVirtualNodeThatMaySelect(vns, pod, visit);  // selector_index.h
//                     },
//                     [&](const std::string& key, const std::string& why) { c.Enqueue(key, why); });
//   pod_informer.AddHandlers(h.Handlers());
#pragma once

#include <functional>
#include <set>
#include <string>
#include <vector>

#include "controller/api/appmesh_types.h"
#include "controller/api/kube_types.h"
#include "controller/runtime/informer.h"

namespace meshsim::controller {

// Returns the reason an update should enqueue ("pod-terminating", "pod-containers-ready",
// "pod-labels"), or an empty string when it should not.
std::string UpdateEnqueueReason(const kube::Pod& old_pod, const kube::Pod& new_pod);

class PodEventHandler {
 public:
  // Visits, in place (an informer's cache), at least every VN that selects the pod, each once:
  // all the VNs of its namespace, or only the candidates of an index (selector_index.h). A pod
  // event must not copy them (scale-10k: 160 VNs copied per pod event were a fifth of its
  // start-up), nor visit thousands (scale-150k: 5,000 VNs per namespace).
  using ForEachVirtualNode = std::function<void(
      const kube::Pod& pod, const std::function<void(const appmesh::VirtualNode&)>& visit)>;
  using Enqueue = std::function<void(const std::string& key, const std::string& reason)>;

  PodEventHandler(ForEachVirtualNode for_each, Enqueue enqueue)
      : for_each_(std::move(for_each)), enqueue_(std::move(enqueue)) {}

  void OnCreate(const kube::Pod& pod) { EnqueueFor(pod, "pod-create"); }
  void OnDelete(const kube::Pod& pod) { EnqueueFor(pod, "pod-delete"); }
  void OnUpdate(const kube::Pod& old_pod, const kube::Pod& new_pod);
  // Handlers to register on a pod informer.
  runtime::InformerHandlers<kube::Pod> Handlers();

 private:
  void EnqueueFor(const kube::Pod& pod, const std::string& reason);
  // The keys of the VNs for_each_ visits that select `pod` (same namespace, Cloud Map, selector).
  std::set<std::string> Matching(const kube::Pod& pod) const;

  ForEachVirtualNode for_each_;
  Enqueue enqueue_;
};

}  // namespace meshsim::controller
