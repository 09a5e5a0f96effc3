#include "sim/world/timeline.h"

namespace meshsim::world {

void Timeline::Start() {
  for (const auto& entry : scenario_.timeline) {
    Duration delay = entry.at - dispatcher_.Now().time_since_epoch();
    dispatcher_.Schedule(delay < Duration(0) ? Duration(0) : delay, [this, &entry] { Run(entry); });
  }
}

void Timeline::Run(const scenario::TimelineEntry& entry) {
  std::visit(
      [this](const auto& action) {
        using T = std::decay_t<decltype(action)>;
        if constexpr (std::is_same_v<T, scenario::ApplyManifests>) {
          ApplyManifests();
        } else if constexpr (std::is_same_v<T, scenario::ScaleDeployment>) {
          Scale(action);
        } else {
          DeletePods(action);
        }
      },
      entry.action);
}

void Timeline::Report(const std::string& action, const Status& status, const std::string& target) {
  tracer_.Record(TraceEvent("world", action)
                     .With("target", target)
                     .With("outcome", status.ok() ? std::string("ok") : status.ToString()));
}

void Timeline::ApplyManifests() {
  for (const auto& manifest : scenario_.manifests) {
    Status status = std::visit([this](const auto& object) { return cluster_.Apply(object); },
                               manifest.object);
    std::string target = manifest.kind + " " + kube::KeyOf(std::visit(
        [](const auto& object) -> const kube::ObjectMeta& { return object.metadata; }, manifest.object));
    Report("ActionApply", status, target);
  }
}

void Timeline::Scale(const scenario::ScaleDeployment& scale) {
  std::string ns = scale.namespace_name.empty() ? pods_.default_namespace() : scale.namespace_name;
  Status status = cluster_.ScaleDeployment(ns, scale.deployment, scale.replicas);
  Report("ActionScale", status,
         ns + "/" + scale.deployment + " replicas=" + std::to_string(scale.replicas));
}

void Timeline::DeletePods(const scenario::DeletePods& del) {
  for (const auto& pod : pods_.Pods(del.pods)) {
    if (pod.metadata.deletion_timestamp) continue;
    Status status = cluster_.DeletePod(pod.metadata.namespace_name, pod.metadata.name, del.grace_period);
    Report("ActionDeletePod", status, kube::KeyOf(pod.metadata));
  }
}

}  // namespace meshsim::world
