// File: controller/cloudmap/pod_classification.h
//
// Which pods of a VirtualNode become Cloud Map instances (spec B.3; Go: virtualnode_endpoint_
// resolver.go and utils.go). In order: a terminating pod or one without an IP is ignored; a pod
// whose ContainersReady condition is True is ready; otherwise the restart policy decides
// (Never: ignored once Succeeded/Failed, OnFailure: ignored once Succeeded, Always: not-ready
// even when Failed). The pod Ready condition and readiness gates play no part.
//
// Example:
//   ResolvedPodRefs pods;
//   pod_informer.ForEach(ns, [&](const kube::Pod& p) { ResolvePod(vn, p, &pods); });
//   for (const kube::Pod* p : pods.ready) Register(p->status.pod_ip);
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

// The pods of `vn`'s namespace that its podSelector matches, classified, as pointers: each
// reconcile classifies every pod of the namespace (1,000 in day-1k), and copying them was most
// of building the desired state. The pointers are valid as long as the pods they point to
// (e.g. an informer's cache, unchanged). A VN without a podSelector selects nothing (both sets
// empty: its instances are all deregistered).
struct ResolvedPodRefs {
  std::vector<const kube::Pod*> ready;  // in the order the pods were given
  std::vector<const kube::Pod*> not_ready;
};
// Adds `pod` to `out` by the rules above when `vn` selects it.
void ResolvePod(const appmesh::VirtualNode& vn, const kube::Pod& pod, ResolvedPodRefs* out);
// Adds `pod` to `out` by the rules above (the caller knows the VN selects it).
void AddClassifiedPod(const kube::Pod& pod, ResolvedPodRefs* out);

}  // namespace meshsim::controller
