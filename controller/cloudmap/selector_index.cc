#include "controller/cloudmap/selector_index.h"

namespace meshsim::controller {

namespace {

std::string NamespacePart(const std::string& namespace_name) {
  return std::to_string(namespace_name.size()) + ":" + namespace_name;
}

}  // namespace

std::string LabelIndexValue(const std::string& namespace_name, const std::string& key,
                            const std::string& value) {
  // After the namespace a key part starts with a digit (its length), the "any" part with '*'.
  return NamespacePart(namespace_name) + std::to_string(key.size()) + ":" + key + value;
}

std::string AnyLabelIndexValue(const std::string& namespace_name) {
  return NamespacePart(namespace_name) + "*";
}

std::vector<std::string> PodLabelIndexValues(const kube::Pod& pod) {
  std::vector<std::string> values;
  values.reserve(pod.metadata.labels.size());
  for (const auto& [key, value] : pod.metadata.labels) {
    values.push_back(LabelIndexValue(pod.metadata.namespace_name, key, value));
  }
  return values;
}

std::vector<std::string> VirtualNodeSelectorIndexValues(const appmesh::VirtualNode& vn) {
  if (vn.CloudMap() == nullptr || !vn.spec.pod_selector) return {};
  const kube::Labels& match = vn.spec.pod_selector->match_labels;
  if (match.empty()) return {AnyLabelIndexValue(vn.metadata.namespace_name)};
  return {LabelIndexValue(vn.metadata.namespace_name, match.begin()->first,
                          match.begin()->second)};
}

void AddPodLabelIndex(runtime::Informer<kube::Pod>& pods) {
  pods.AddIndex(kPodLabelIndex, PodLabelIndexValues);
}

void AddVirtualNodeSelectorIndex(runtime::Informer<appmesh::VirtualNode>& vns) {
  vns.AddIndex(kVirtualNodeSelectorIndex, VirtualNodeSelectorIndexValues);
}

void ForEachSelectedPod(const runtime::Informer<kube::Pod>& pods,
                        const std::string& namespace_name, const kube::LabelSelector& selector,
                        const std::function<void(const kube::Pod&)>& fn) {
  auto visit_if_selected = [&](const kube::Pod& pod) {
    if (pod.metadata.namespace_name == namespace_name && selector.Matches(pod.metadata.labels)) {
      fn(pod);
    }
  };
  if (!pods.HasIndex(kPodLabelIndex) || selector.match_labels.empty() || namespace_name.empty()) {
    pods.ForEach(namespace_name, visit_if_selected);
    return;
  }
  // Every selected pod carries every matchLabels entry: the smallest bucket holds them all.
  std::string best;
  size_t best_count = 0;
  for (const auto& [key, value] : selector.match_labels) {
    std::string candidate = LabelIndexValue(namespace_name, key, value);
    size_t count = pods.IndexedCount(kPodLabelIndex, candidate);
    if (best.empty() || count < best_count) {
      best = std::move(candidate);
      best_count = count;
    }
    if (best_count == 0) return;
  }
  pods.ForEachIndexed(kPodLabelIndex, best, visit_if_selected);
}

bool SelectsPod(const appmesh::VirtualNode& vn, const kube::Pod& pod) {
  if (vn.metadata.namespace_name != pod.metadata.namespace_name) return false;
  if (vn.CloudMap() == nullptr || !vn.spec.pod_selector) return false;
  return vn.spec.pod_selector->Matches(pod.metadata.labels);
}

void ForEachVirtualNodeThatMaySelect(const runtime::Informer<appmesh::VirtualNode>& vns,
                                     const kube::Pod& pod,
                                     const std::function<void(const appmesh::VirtualNode&)>& fn) {
  const std::string& ns = pod.metadata.namespace_name;
  if (!vns.HasIndex(kVirtualNodeSelectorIndex)) {
    vns.ForEach(ns, fn);
    return;
  }
  // A VN is filed under one value at most, and the values visited here are distinct, so each
  // VN is visited once. One with matchLabels selects only pods carrying its filed entry.
  vns.ForEachIndexed(kVirtualNodeSelectorIndex, AnyLabelIndexValue(ns), fn);
  for (const auto& [key, value] : pod.metadata.labels) {
    vns.ForEachIndexed(kVirtualNodeSelectorIndex, LabelIndexValue(ns, key, value), fn);
  }
}

}  // namespace meshsim::controller
