#include "controller/cloudmap/pod_classification.h"

namespace meshsim::controller {

const char* ToString(PodClass c) {
  switch (c) {
    case PodClass::kIgnored: return "ignored";
    case PodClass::kReady: return "ready";
    case PodClass::kNotReady: return "not_ready";
  }
  return "ignored";
}

bool IsContainersReady(const kube::Pod& pod) {
  return pod.status.IsConditionTrue(kube::kContainersReady);
}

PodClass ClassifyPod(const kube::Pod& pod) {
  if (pod.metadata.deletion_timestamp) return PodClass::kIgnored;
  if (pod.status.pod_ip.empty()) return PodClass::kIgnored;
  if (IsContainersReady(pod)) return PodClass::kReady;
  kube::PodPhase phase = pod.status.phase;
  switch (pod.spec.restart_policy) {
    case kube::RestartPolicy::kNever:
      if (phase == kube::PodPhase::kFailed || phase == kube::PodPhase::kSucceeded) {
        return PodClass::kIgnored;
      }
      return PodClass::kNotReady;
    case kube::RestartPolicy::kOnFailure:
      if (phase == kube::PodPhase::kSucceeded) return PodClass::kIgnored;
      return PodClass::kNotReady;
    case kube::RestartPolicy::kAlways:
      return PodClass::kNotReady;  // even Failed (evicted pods keep their IP)
  }
  return PodClass::kNotReady;
}

void ResolvePod(const appmesh::VirtualNode& vn, const kube::Pod& pod, ResolvedPodRefs* out) {
  if (!vn.spec.pod_selector) return;
  if (pod.metadata.namespace_name != vn.metadata.namespace_name) return;
  if (!vn.spec.pod_selector->Matches(pod.metadata.labels)) return;
  AddClassifiedPod(pod, out);
}

void AddClassifiedPod(const kube::Pod& pod, ResolvedPodRefs* out) {
  switch (ClassifyPod(pod)) {
    case PodClass::kReady: out->ready.push_back(&pod); break;
    case PodClass::kNotReady: out->not_ready.push_back(&pod); break;
    case PodClass::kIgnored: break;
  }
}

}  // namespace meshsim::controller
