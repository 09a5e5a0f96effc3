// File: controller/cloudmap/selector_index.h
//
// Label indexes over the controller's informer caches, so that matching label selectors costs
// what is selected rather than what is cached:
// - pods by (namespace, label key, label value): a VirtualNode reconcile gets the pods its
//   podSelector selects from the smallest of its matchLabels entries' buckets instead of
//   matching the selector against every pod of the namespace (scale-10k: 200 VNs x 10,000 pods
//   per round of reconciles);
// - Cloud Map VirtualNodes by (namespace, one matchLabels entry of their podSelector): a pod
//   event visits only the VNs that can select the pod (those filed under one of its labels, and
//   those whose selector has no matchLabels) instead of every VN of the namespace (scale-150k:
//   5,000 VNs per namespace x every pod event).
// Both give exactly what the scans gave: the selected pods in key order (the informer's), and
// every VN that selects the pod (a VN with matchLabels can select only pods that carry its
// filed entry). Selectors without matchLabels fall back to the scan (pods) or sit in one
// bucket per namespace that every pod event of that namespace visits (VNs).
//
// Example:
//   AddPodLabelIndex(pod_informer);        // before Start()
//   AddVirtualNodeSelectorIndex(vn_informer);
//   ForEachSelectedPod(pod_informer, "ns", *vn.spec.pod_selector, [&](const kube::Pod& p) {...});
//   ForEachVirtualNodeThatMaySelect(vn_informer, pod, [&](const appmesh::VirtualNode& vn) {
//     if (SelectsPod(vn, pod)) ...
//   });
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "controller/api/appmesh_types.h"
#include "controller/api/kube_types.h"
#include "controller/runtime/informer.h"

namespace meshsim::controller {

inline constexpr char kPodLabelIndex[] = "namespace-label";
inline constexpr char kVirtualNodeSelectorIndex[] = "namespace-selector-label";

// The index value of label key=value in a namespace (length-prefixed: unambiguous whatever the
// strings hold), and the value of "selects without matchLabels" in a namespace.
std::string LabelIndexValue(const std::string& namespace_name, const std::string& key,
                            const std::string& value);
std::string AnyLabelIndexValue(const std::string& namespace_name);

// One value per label of the pod.
std::vector<std::string> PodLabelIndexValues(const kube::Pod& pod);
// None unless the VN uses Cloud Map and has a podSelector (it can select nothing otherwise);
// then its first matchLabels entry, or AnyLabelIndexValue when it has none.
std::vector<std::string> VirtualNodeSelectorIndexValues(const appmesh::VirtualNode& vn);

// REQUIRES: before the informer's Start().
void AddPodLabelIndex(runtime::Informer<kube::Pod>& pods);
void AddVirtualNodeSelectorIndex(runtime::Informer<appmesh::VirtualNode>& vns);

// Visits, in key order, the cached pods of `namespace_name` that `selector` selects: the
// members of its matchLabels entry with the fewest pods that match the whole selector, or, when
// the informer has no pod label index, the selector has no matchLabels or the namespace is
// empty, the scan of the namespace. Same pods, same order either way.
void ForEachSelectedPod(const runtime::Informer<kube::Pod>& pods,
                        const std::string& namespace_name, const kube::LabelSelector& selector,
                        const std::function<void(const kube::Pod&)>& fn);

// Returns true when the VN selects the pod: same namespace, Cloud Map service discovery and a
// podSelector that matches its labels (spec A.2).
bool SelectsPod(const appmesh::VirtualNode& vn, const kube::Pod& pod);

// Visits each cached VN that may select `pod` once (in no set order): at least every VN with
// SelectsPod(vn, pod). Without the selector index: every VN of the pod's namespace.
void ForEachVirtualNodeThatMaySelect(const runtime::Informer<appmesh::VirtualNode>& vns,
                                     const kube::Pod& pod,
                                     const std::function<void(const appmesh::VirtualNode&)>& fn);

}  // namespace meshsim::controller
