#include "fakes/k8s/scheduler.h"

#include "fakes/k8s/kube_util.h"

namespace meshsim::fakes {

namespace {

bool Schedulable(const kube::Node* node) {
  return node != nullptr && node->ready && !node->unschedulable;
}

// The node a pod counts against: bound and active, as kube-scheduler's node info counts it.
const std::string* LoadedNode(const kube::Pod* pod) {
  if (pod == nullptr || pod->spec.node_name.empty() || !IsPodActive(*pod)) return nullptr;
  return &pod->spec.node_name;
}

}  // namespace

Scheduler::Scheduler(FakeKubeApi& api) : api_(api) {
  api_.Nodes().ForEach("", [this](const kube::Node& node) { OnNodeWrite(nullptr, &node); });
  api_.Pods().ForEach("", [this](const kube::Pod& pod) { OnPodWrite(nullptr, &pod); });
  api_.Nodes().AddWriteListener(
      [this](const kube::Node* before, const kube::Node* after) { OnNodeWrite(before, after); });
  api_.Pods().AddWriteListener(
      [this](const kube::Pod* before, const kube::Pod* after) { OnPodWrite(before, after); });
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

void Scheduler::AddLoad(const std::string& node, int delta) {
  int& n = active_pods_[node];
  if (by_load_.erase({n, node}) > 0) by_load_.insert({n + delta, node});
  n += delta;
}

void Scheduler::OnPodWrite(const kube::Pod* before, const kube::Pod* after) {
  const std::string* was = LoadedNode(before);
  const std::string* is = LoadedNode(after);
  if (was != nullptr && is != nullptr && *was == *is) return;
  if (was != nullptr) AddLoad(*was, -1);
  if (is != nullptr) AddLoad(*is, +1);
}

void Scheduler::OnNodeWrite(const kube::Node* before, const kube::Node* after) {
  bool was = Schedulable(before);
  bool is = Schedulable(after);
  if (was == is) return;
  const std::string& name = (after != nullptr ? after : before)->metadata.name;
  int load = active_pods_[name];
  if (is) {
    by_load_.insert({load, name});
  } else {
    by_load_.erase({load, name});
  }
}

std::string Scheduler::PickNode() const {
  // The schedulable node with the fewest active pods, ties by name.
  return by_load_.empty() ? std::string() : by_load_.begin()->second;
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
