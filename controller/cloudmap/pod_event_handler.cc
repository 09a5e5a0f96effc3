#include "controller/cloudmap/pod_event_handler.h"

#include "controller/cloudmap/pod_classification.h"
#include "controller/cloudmap/selector_index.h"

namespace meshsim::controller {

std::set<std::string> PodEventHandler::Matching(const kube::Pod& pod) const {
  std::set<std::string> keys;  // sorted: the enqueue order does not depend on the visit order
  for_each_(pod, [&](const appmesh::VirtualNode& vn) {
    if (SelectsPod(vn, pod)) keys.insert(kube::KeyOf(vn.metadata));
  });
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
    std::set<std::string> keys = Matching(old_pod);
    std::set<std::string> fresh = Matching(new_pod);
    keys.insert(fresh.begin(), fresh.end());
    for (const std::string& key : keys) enqueue_(key, reason + ":" + new_pod.metadata.name);
    return;
  }
  EnqueueFor(new_pod, reason);
}

void PodEventHandler::EnqueueFor(const kube::Pod& pod, const std::string& reason) {
  for (const std::string& key : Matching(pod)) {
    enqueue_(key, reason + ":" + pod.metadata.name);
  }
}

runtime::InformerHandlers<kube::Pod> PodEventHandler::Handlers() {
  return {.on_add = [this](const kube::Pod& p) { OnCreate(p); },
          .on_update = [this](const kube::Pod& o, const kube::Pod& n) { OnUpdate(o, n); },
          .on_delete = [this](const kube::Pod& p) { OnDelete(p); }};
}

}  // namespace meshsim::controller
