// File: controller/cloudmap/pod_classification.h
//
// Which pods of a VirtualNode become Cloud Map instances (spec B.3; Go: virtualnode_endpoint_
// resolver.go and utils.go). In order: a terminating pod or one without an IP is ignored; a pod
// whose ContainersReady condition is True is ready; otherwise the restart policy decides
// (Never: ignored once Succeeded/Failed, OnFailure: ignored once Succeeded, Always: not-ready
// even when Failed). The pod Ready condition and readiness gates play no part.
//
// Example:
//   ResolvedPods pods = ResolvePods(vn, pod_informer.List(vn.metadata.namespace_name));
//   for (const kube::Pod& p : pods.ready) Register(p.status.pod_ip);
#pragma once

#include <vector>

#include "controller/api/appmesh_types.h"
#include "controller/api/kube_types.h"

namespace meshsim::controller {

enum class PodClass { kIgnored, kReady, kNotReady };
const char* ToString(PodClass c);  // "ignored", "ready", "not_ready"

// Classifies one pod by the rules above.
PodClass ClassifyPod(const kube::Pod& pod);

// Returns true when the pod's ContainersReady condition is True.
bool IsContainersReady(const kube::Pod& pod);

struct ResolvedPods {
  std::vector<kube::Pod> ready;      // sorted by namespace/name, as the pod list
  std::vector<kube::Pod> not_ready;
};

// Classifies the pods of `vn`'s namespace that its podSelector matches. A VN without a
// podSelector selects nothing (both sets empty: its instances are all deregistered).
ResolvedPods ResolvePods(const appmesh::VirtualNode& vn, const std::vector<kube::Pod>& pods);

// The same classification without copying pods: each reconcile classifies every pod of the
// namespace (1,000 in day-1k), and copying them was most of building the desired state.
// The pointers are valid as long as the pods they point to (e.g. an informer's cache, unchanged).
struct ResolvedPodRefs {
  std::vector<const kube::Pod*> ready;  // in the order the pods were given
  std::vector<const kube::Pod*> not_ready;
};
// Adds `pod` to `out` by the rules above when `vn` selects it.
void ResolvePod(const appmesh::VirtualNode& vn, const kube::Pod& pod, ResolvedPodRefs* out);

}  // namespace meshsim::controller
