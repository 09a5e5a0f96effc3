#include "controller/cloudmap/pod_event_handler.h"

#include "controller/cloudmap/pod_classification.h"

namespace meshsim::controller {

namespace {

bool Selects(const appmesh::VirtualNode& vn, const kube::Pod& pod) {
  if (vn.metadata.namespace_name != pod.metadata.namespace_name) return false;
  if (vn.CloudMap() == nullptr || !vn.spec.pod_selector) return false;
  return vn.spec.pod_selector->Matches(pod.metadata.labels);
}

}  // namespace

std::set<std::string> PodEventHandler::Matching(const kube::Pod& pod) const {
  std::set<std::string> keys;
  for_each_(pod.metadata.namespace_name, [&](const appmesh::VirtualNode& vn) {
    if (Selects(vn, pod)) keys.insert(kube::KeyOf(vn.metadata));
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
