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

}  // namespace meshsim::controller
