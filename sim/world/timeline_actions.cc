// The Kubernetes actions of the timeline, carried out as kubectl would.
#include <algorithm>

#include "fakes/k8s/kube_util.h"
#include "sim/world/timeline.h"

namespace meshsim::world {
namespace {

const kube::ObjectMeta& MetaOf(const scenario::ManifestObject& object) {
  return std::visit([](const auto& o) -> const kube::ObjectMeta& { return o.metadata; }, object);
}

std::optional<fakes::ObjectKind> KindOf(const std::string& kind) {
  static const std::map<std::string, fakes::ObjectKind> kinds = {
      {"Namespace", fakes::ObjectKind::kNamespace},
      {"Deployment", fakes::ObjectKind::kDeployment},
      {"Service", fakes::ObjectKind::kService},
      {"Mesh", fakes::ObjectKind::kMesh},
      {"VirtualNode", fakes::ObjectKind::kVirtualNode},
      {"VirtualService", fakes::ObjectKind::kVirtualService},
      {"VirtualRouter", fakes::ObjectKind::kVirtualRouter},
  };
  auto it = kinds.find(kind);
  if (it == kinds.end()) return std::nullopt;
  return it->second;
}

// "25%" or "1" as a Deployment strategy value (validated by the loader).
kube::IntOrPercent ToIntOrPercent(const std::string& text) {
  bool percent = !text.empty() && text.back() == '%';
  return {std::stoi(percent ? text.substr(0, text.size() - 1) : text), percent};
}

void ChangeTemplate(const scenario::RollingUpdate& u, kube::Deployment& d) {
  kube::PodTemplateSpec& t = d.spec.template_;
  for (const auto& [k, v] : u.labels) t.metadata.labels[k] = v;
  for (const auto& [k, v] : u.annotations) t.metadata.annotations[k] = v;
  if (u.max_surge) d.spec.strategy.rolling_update.max_surge = ToIntOrPercent(*u.max_surge);
  if (u.max_unavailable) {
    d.spec.strategy.rolling_update.max_unavailable = ToIntOrPercent(*u.max_unavailable);
  }
  auto c = std::find_if(t.spec.containers.begin(), t.spec.containers.end(),
                        [&](const kube::Container& x) { return x.name == u.container; });
  if (u.container.empty()) c = t.spec.containers.begin();
  if (c == t.spec.containers.end()) return;
  if (u.image) c->image = *u.image;
  for (const auto& [name, value] : u.env) {
    auto e = std::find_if(c->env.begin(), c->env.end(),
                          [&](const kube::EnvVar& x) { return x.name == name; });
    if (e != c->env.end()) {
      e->value = value;
    } else {
      c->env.push_back({name, value});
    }
  }
}

}  // namespace

void Timeline::Apply(const scenario::ApplyManifests& apply) {
  const std::vector<scenario::Manifest>& manifests = apply.all ? scenario_.manifests
                                                               : apply.manifests;
  for (const auto& manifest : manifests) {
    Status status = std::visit([this](const auto& object) { return cluster_.Apply(object); },
                               manifest.object);
    Report("ActionApply", status, manifest.kind + " " + kube::KeyOf(MetaOf(manifest.object)));
  }
}

void Timeline::Delete(const scenario::DeleteObjects& del) {
  for (const auto& t : del.targets) {
    std::optional<fakes::ObjectKind> kind = KindOf(t.kind);
    Status status = kind ? cluster_.Delete(*kind, t.namespace_name, t.name)
                         : Status(StatusCode::kInvalidArgument, "InvalidKind", t.kind);
    std::string key = t.namespace_name.empty() ? t.name : t.namespace_name + "/" + t.name;
    Report("ActionDelete", status, t.kind + " " + key);
  }
}

void Timeline::Scale(const scenario::ScaleDeployment& scale) {
  std::string ns = Namespace(scale.namespace_name);
  Status status = cluster_.ScaleDeployment(ns, scale.deployment, scale.replicas);
  Report("ActionScale", status,
         ns + "/" + scale.deployment + " replicas=" + std::to_string(scale.replicas));
}

void Timeline::Update(const scenario::RollingUpdate& update) {
  std::string ns = Namespace(update.namespace_name);
  Status status = cluster_.UpdateDeployment(
      ns, update.deployment, [&](kube::Deployment& d) { ChangeTemplate(update, d); });
  Report("ActionUpdate", status, ns + "/" + update.deployment);
}

void Timeline::DeletePods(const scenario::DeletePods& del) {
  for (const auto& pod : pods_.Pods(del.pods)) {
    if (pod.metadata.deletion_timestamp) continue;
    Status status =
        cluster_.DeletePod(pod.metadata.namespace_name, pod.metadata.name, del.grace_period);
    Report("ActionDeletePod", status, kube::KeyOf(pod.metadata));
  }
}

void Timeline::FlapReadiness(const scenario::FlapReadiness& flap) {
  for (const auto& pod : pods_.Pods(flap.pods)) {
    if (pod.metadata.deletion_timestamp) continue;
    std::string ns = pod.metadata.namespace_name;
    std::string name = pod.metadata.name;
    Status status = cluster_.SetReadinessFailing(ns, name, true);
    Report("ActionReadinessDown", status, ns + "/" + name);
    if (!status.ok()) continue;
    TimerPtr up = dispatcher_.CreateTimer([this, ns, name] {
      Report("ActionReadinessUp", cluster_.SetReadinessFailing(ns, name, false), ns + "/" + name);
    });
    up->Enable(flap.down);
    timers_.push_back(std::move(up));
  }
}

std::string Timeline::NodeName(const scenario::NodeRef& ref, const std::string& action) {
  const std::vector<std::string>& nodes = cluster_.node_names();
  if (ref.index && *ref.index < static_cast<int32_t>(nodes.size())) return nodes[*ref.index];
  if (ref.node_of) {
    for (const auto& pod : pods_.Pods(*ref.node_of)) {
      if (!pod.spec.node_name.empty()) return pod.spec.node_name;
    }
  }
  Report(action, Status(StatusCode::kNotFound, "NotFound", "no such node"),
         ref.index ? "node " + std::to_string(*ref.index) : "node_of");
  return "";
}

void Timeline::FailNode(const scenario::FailNode& fail) {
  std::string node = NodeName(fail.node, "ActionFailNode");
  if (node.empty()) return;
  Report("ActionFailNode", cluster_.FailNode(node, fail.monitor_grace, fail.toleration), node);
}

void Timeline::DrainNode(const scenario::DrainNode& drain) {
  std::string node = NodeName(drain.node, "ActionDrainNode");
  if (node.empty()) return;
  Report("ActionDrainNode", cluster_.DrainNode(node, drain.grace_period), node);
}

void Timeline::StartChurn(const scenario::Churn& churn) {
  Report("ActionChurnStart", Status(), Namespace(churn.namespace_name) + "/" + churn.deployment);
  ScheduleChurn(churn);
}

void Timeline::ScheduleChurn(const scenario::Churn& churn) {
  // Poisson arrivals: exponential gaps with mean 1 / rate.
  Duration mean = std::chrono::duration_cast<Duration>(std::chrono::minutes(1)) * 1000 /
                  churn.per_minute_milli;
  Duration gap = random_.Exponential(mean);
  Duration next = dispatcher_.Now().time_since_epoch() + gap;
  if (next > churn.until.value_or(scenario_.duration)) return;
  dispatcher_.Schedule(gap, [this, &churn] {
    ChurnOnce(churn);
    ScheduleChurn(churn);
  });
}

void Timeline::ChurnOnce(const scenario::Churn& churn) {
  scenario::PodSelectorRef ref{.namespace_name = churn.namespace_name,
                               .deployment = churn.deployment};
  // The ready pods' keys, not copies of the pods (a copy of 1,000 pods per churn event), and
  // not pointers, which the deletions below may invalidate.
  std::vector<std::pair<std::string, std::string>> ready;  // namespace, name
  pods_.ForEachPod(ref, [&](const kube::Pod& pod) {
    if (PodQuery::IsReady(pod)) ready.emplace_back(pod.metadata.namespace_name, pod.metadata.name);
  });
  if (ready.empty()) return;
  size_t kill = std::max<size_t>(1, ready.size() * churn.kill_per_mille / 1000);
  for (size_t i = 0; i < kill && !ready.empty(); ++i) {
    size_t pick = random_.Uniform(ready.size());
    const auto& [ns, name] = ready[pick];
    Status status = cluster_.DeletePod(ns, name, churn.grace_period);
    Report("ActionChurnKill", status, ns.empty() ? name : ns + "/" + name);  // kube::KeyOf
    ready.erase(ready.begin() + static_cast<std::ptrdiff_t>(pick));
  }
}

}  // namespace meshsim::world
