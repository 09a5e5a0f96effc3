#include "fakes/k8s/scheduler.h"

#include "fakes/k8s/kube_util.h"

namespace meshsim::fakes {

Scheduler::Scheduler(FakeKubeApi& api) : api_(api) {
  watch_ = api_.Pods().Watch(0, [this](const WatchEvent<kube::Pod>& e) { OnPod(e); }).value();
}

void Scheduler::OnPod(const WatchEvent<kube::Pod>& event) {
  const kube::ObjectMeta& m = event.object.metadata;
  PodKey key{m.namespace_name, m.name};
  if (event.type == WatchEvent<kube::Pod>::Type::kDeleted) {
    pending_.erase(key);  // watch callbacks never run inside the timer being destroyed
    return;
  }
  if (!event.object.spec.node_name.empty() || m.deletion_timestamp) return;
  auto it = pending_.find(key);
  if (it != pending_.end() && it->second->Enabled()) return;
  Enqueue(key, api_.options().scheduling_delay.Sample(api_.random()));
}

void Scheduler::Enqueue(const PodKey& key, Duration delay) {
  TimerPtr& timer = pending_[key];
  if (!timer) timer = api_.dispatcher().CreateTimer([this, key] { Bind(key); });
  timer->Enable(delay);
}

std::string Scheduler::PickNode() const {
  std::map<std::string, int> load;  // node name -> active pods, in name order
  // Visited in place: copying every pod per binding made scheduling quadratic in copies.
  api_.Nodes().ForEach("", [&](const kube::Node& node) {
    if (node.ready && !node.unschedulable) load[node.metadata.name] = 0;
  });
  api_.Pods().ForEach("", [&](const kube::Pod& pod) {
    auto it = load.find(pod.spec.node_name);
    if (it != load.end() && IsPodActive(pod)) ++it->second;
  });
  std::string best;
  int best_load = 0;
  for (const auto& [name, n] : load) {
    if (best.empty() || n < best_load) best = name, best_load = n;
  }
  return best;
}

void Scheduler::Bind(const PodKey& key) {
  const kube::Pod* pod = api_.Pods().Find(key.first, key.second);
  if (pod == nullptr || !pod->spec.node_name.empty() || pod->metadata.deletion_timestamp) return;
  SystemTime now = api_.dispatcher().WallNow();
  std::string node = PickNode();
  if (node.empty()) {
    api_.Pods().Mutate(key.first, key.second, "UpdateStatus", [&](kube::Pod& p) {
      SetPodCondition(p.status, kube::kPodScheduled, kube::ConditionStatus::kFalse, now,
                      "Unschedulable");
    });
    Enqueue(key, api_.options().scheduler_retry);
    return;
  }
  api_.Pods().Mutate(key.first, key.second, "Bind", [&](kube::Pod& p) {
    p.spec.node_name = node;
    SetPodCondition(p.status, kube::kPodScheduled, kube::ConditionStatus::kTrue, now);
  });
  api_.tracer().Record(TraceEvent("k8s", "PodScheduled")
                           .With("pod", key.first + "/" + key.second)
                           .With("node", node));
}

}  // namespace meshsim::fakes
