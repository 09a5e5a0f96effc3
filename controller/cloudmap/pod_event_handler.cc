#include "controller/cloudmap/pod_event_handler.h"

#include "controller/cloudmap/pod_classification.h"

namespace meshsim::controller {

std::set<std::string> MatchingVirtualNodes(const kube::Pod& pod,
                                           const std::vector<appmesh::VirtualNode>& vns) {
  std::set<std::string> keys;
  for (const appmesh::VirtualNode& vn : vns) {
    if (vn.metadata.namespace_name != pod.metadata.namespace_name) continue;
    if (vn.CloudMap() == nullptr || !vn.spec.pod_selector) continue;
    if (vn.spec.pod_selector->Matches(pod.metadata.labels)) keys.insert(kube::KeyOf(vn.metadata));
  }
  return keys;
}

std::string UpdateEnqueueReason(const kube::Pod& old_pod, const kube::Pod& new_pod) {
  if (new_pod.metadata.deletion_timestamp) return "pod-terminating";
  if (IsContainersReady(old_pod) != IsContainersReady(new_pod)) return "pod-containers-ready";
  if (old_pod.metadata.labels != new_pod.metadata.labels) return "pod-labels";
  return "";
}

void PodEventHandler::OnUpdate(const kube::Pod& old_pod, const kube::Pod& new_pod) {
  std::string reason = UpdateEnqueueReason(old_pod, new_pod);
  if (reason.empty()) return;
  if (reason == "pod-labels") {
    std::set<std::string> keys =
        MatchingVirtualNodes(old_pod, list_(old_pod.metadata.namespace_name));
    std::set<std::string> fresh =
        MatchingVirtualNodes(new_pod, list_(new_pod.metadata.namespace_name));
    keys.insert(fresh.begin(), fresh.end());
    for (const std::string& key : keys) enqueue_(key, reason + ":" + new_pod.metadata.name);
    return;
  }
  EnqueueFor(new_pod, reason);
}

void PodEventHandler::EnqueueFor(const kube::Pod& pod, const std::string& reason) {
  for (const std::string& key : MatchingVirtualNodes(pod, list_(pod.metadata.namespace_name))) {
    enqueue_(key, reason + ":" + pod.metadata.name);
  }
}

runtime::InformerHandlers<kube::Pod> PodEventHandler::Handlers() {
  return {.on_add = [this](const kube::Pod& p) { OnCreate(p); },
          .on_update = [this](const kube::Pod& o, const kube::Pod& n) { OnUpdate(o, n); },
          .on_delete = [this](const kube::Pod& p) { OnDelete(p); }};
}

}  // namespace meshsim::controller
