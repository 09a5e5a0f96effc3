#include "fakes/k8s/kube_util.h"

namespace meshsim::fakes {

std::pair<std::string, std::string> SplitKey(const std::string& key) {
  size_t slash = key.find('/');
  if (slash == std::string::npos) return {"", key};
  return {key.substr(0, slash), key.substr(slash + 1)};
}

const kube::OwnerReference* ControllerOf(const kube::ObjectMeta& meta) {
  for (const auto& ref : meta.owner_references) {
    if (ref.controller) return &ref;
  }
  return nullptr;
}

bool IsControlledBy(const kube::ObjectMeta& meta, const std::string& uid) {
  const kube::OwnerReference* ref = ControllerOf(meta);
  return ref != nullptr && ref->uid == uid;
}

bool SetPodCondition(kube::PodStatus& status, const std::string& type, kube::ConditionStatus value,
                     SystemTime now, const std::string& reason) {
  for (auto& c : status.conditions) {
    if (c.type != type) continue;
    if (c.status == value) return false;
    c.status = value;
    c.last_transition_time = now;
    c.reason = reason;
    return true;
  }
  status.conditions.push_back({type, value, now, reason});
  return true;
}

bool IsPodActive(const kube::Pod& pod) {
  return !pod.metadata.deletion_timestamp && pod.status.phase != kube::PodPhase::kSucceeded &&
         pod.status.phase != kube::PodPhase::kFailed;
}

bool IsPodReady(const kube::Pod& pod) { return pod.status.IsConditionTrue(kube::kPodReady); }

}  // namespace meshsim::fakes
