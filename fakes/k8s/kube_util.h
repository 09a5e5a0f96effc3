// File: fakes/k8s/kube_util.h
//
// Small helpers the built-in controllers and kubelets share, after client-go's and
// k8s.io/kubernetes/pkg/api/v1/pod's: object keys, controller owner references, pod conditions
// and pod activity.
//
// Example:
//   auto [ns, name] = SplitKey("howto-k8s-cloudmap/colorapp-blue");
//   if (SetPodCondition(pod.status, kube::kPodReady, kube::ConditionStatus::kTrue, now)) ...
#pragma once

#include <string>
#include <utility>

#include "controller/api/kube_types.h"
#include "controller/api/time.h"

namespace meshsim::fakes {

// Splits "namespace/name" (or "name") into {namespace, name}.
std::pair<std::string, std::string> SplitKey(const std::string& key);
// Returns the owner reference with controller=true, or nullptr.
const kube::OwnerReference* ControllerOf(const kube::ObjectMeta& meta);
// Returns true when the object's controller is the object with `uid`.
bool IsControlledBy(const kube::ObjectMeta& meta, const std::string& uid);
// Sets a pod condition, stamping last_transition_time only when the status changes. Returns
// true when the status changed (or the condition was added).
bool SetPodCondition(kube::PodStatus& status, const std::string& type, kube::ConditionStatus value,
                     SystemTime now, const std::string& reason = "");
// A pod counts toward a ReplicaSet's replicas while not terminating and not finished
// (controller.IsPodActive).
bool IsPodActive(const kube::Pod& pod);
// Returns true when the pod's Ready condition is True (podutil.IsPodReady).
bool IsPodReady(const kube::Pod& pod);

}  // namespace meshsim::fakes
