#include "fakes/k8s/replicaset_controller.h"

#include <algorithm>
#include <tuple>

#include "fakes/k8s/kube_util.h"
#include "fakes/k8s/pod_template_hash.h"

namespace meshsim::fakes {
namespace {

// controller.ActivePodsWithRanks' order, most deletable first: unassigned before assigned,
// pending before running, not ready before ready, newer before older.
bool DeleteFirst(const kube::Pod& a, const kube::Pod& b) {
  auto rank = [](const kube::Pod& p) {
    return std::make_tuple(!p.spec.node_name.empty(), p.status.phase == kube::PodPhase::kRunning,
                           IsPodReady(p));
  };
  if (rank(a) != rank(b)) return rank(a) < rank(b);
  if (a.metadata.creation_timestamp != b.metadata.creation_timestamp) {
    return a.metadata.creation_timestamp > b.metadata.creation_timestamp;
  }
  return a.metadata.name < b.metadata.name;
}

// Adds (sign +1) or removes (-1) the pod's share of its controller owner's counts.
void Count(std::map<std::string, ReplicaSetController::PodCounts, std::less<>>& counts,
           const kube::Pod& pod, int sign) {
  const kube::OwnerReference* owner = ControllerOf(pod.metadata);
  if (owner == nullptr || !IsPodActive(pod)) return;
  auto it = counts.try_emplace(owner->uid).first;
  it->second.active += sign;
  if (IsPodReady(pod)) it->second.ready += sign;
  if (it->second == ReplicaSetController::PodCounts{}) counts.erase(it);
}

}  // namespace

ReplicaSetController::ReplicaSetController(FakeKubeApi& api)
    : api_(api),
      queue_(api.dispatcher(), api.options().controller_delay,
             [this](const std::string& key) { Sync(key); }) {
  api_.Pods().ForEach("", [&](const kube::Pod& pod) { Count(*counts_, pod, +1); });
  api_.Pods().AddWriteListener([counts = counts_](const kube::Pod* before, const kube::Pod* after) {
    if (before != nullptr) Count(*counts, *before, -1);
    if (after != nullptr) Count(*counts, *after, +1);
  });
  rs_watch_ = api_.ReplicaSets()
                  .Watch(0, [this](const WatchEvent<kube::ReplicaSet>& e) { OnReplicaSet(e); })
                  .value();
  pod_watch_ = api_.Pods().Watch(0, [this](const WatchEvent<kube::Pod>& e) { OnPod(e); }).value();
}

void ReplicaSetController::OnReplicaSet(const WatchEvent<kube::ReplicaSet>& event) {
  const kube::ObjectMeta& m = event.object.metadata;
  if (event.type != WatchEvent<kube::ReplicaSet>::Type::kDeleted) {
    queue_.Add(kube::KeyOf(m));
    return;
  }
  // Garbage collection (background cascading deletion) of the ReplicaSet's pods.
  std::vector<std::string> doomed;
  api_.Pods().ForEachControlledBy(m.namespace_name, m.uid, [&](const kube::Pod& pod) {
    if (!pod.metadata.deletion_timestamp) doomed.push_back(pod.metadata.name);
  });
  for (const auto& pod : doomed) api_.Pods().Delete(m.namespace_name, pod, std::nullopt);
}

void ReplicaSetController::OnPod(const WatchEvent<kube::Pod>& event) {
  const kube::OwnerReference* owner = ControllerOf(event.object.metadata);
  if (owner != nullptr && owner->kind == "ReplicaSet") {
    queue_.Add(event.object.metadata.namespace_name + "/" + owner->name);
  }
}

kube::Pod ReplicaSetController::PodFromTemplate(const kube::ReplicaSet& rs) {
  kube::Pod pod;
  pod.metadata.namespace_name = rs.metadata.namespace_name;
  pod.metadata.labels = rs.spec.template_.metadata.labels;
  pod.metadata.annotations = rs.spec.template_.metadata.annotations;
  pod.metadata.owner_references = {{"apps/v1", "ReplicaSet", rs.metadata.name, rs.metadata.uid,
                                    /*controller=*/true}};
  pod.spec = rs.spec.template_.spec;
  return pod;
}

ReplicaSetController::PodCounts ReplicaSetController::CountsOf(
    const std::string& owner_uid) const {
  auto it = counts_->find(owner_uid);
  return it == counts_->end() ? PodCounts{} : it->second;
}

void ReplicaSetController::Sync(const std::string& key) {
  auto [ns, name] = SplitKey(key);
  const kube::ReplicaSet* found = api_.ReplicaSets().Find(ns, name);
  if (found == nullptr || found->metadata.deletion_timestamp) return;
  kube::ReplicaSet rs = *found;
  if (rs.spec.min_ready_seconds == 0 &&
      CountsOf(rs.metadata.uid).active <= rs.spec.replicas) {
    // Nothing to delete, so no pod needs looking at: the counts give the creations and the
    // status (the same as the walk below would).
    int missing = rs.spec.replicas - CountsOf(rs.metadata.uid).active;
    if (missing > 0) CreatePods(rs, missing);
    UpdateStatusFromCounts(rs, CountsOf(rs.metadata.uid));
    return;
  }
  // The ReplicaSet's own pods from the store's owner index, visited in place: copying them
  // (or scanning the namespace) per sync made big ReplicaSets quadratic. The pointers are
  // used before the next write to the pods.
  std::vector<const kube::Pod*> active;
  auto collect_active = [&](const kube::Pod& pod) {
    if (IsPodActive(pod)) active.push_back(&pod);
  };
  api_.Pods().ForEachControlledBy(ns, rs.metadata.uid, collect_active);
  int diff = static_cast<int>(active.size()) - rs.spec.replicas;
  if (diff < 0) CreatePods(rs, -diff);
  if (diff > 0) DeletePods(active, diff);
  if (diff != 0) {
    // Only a create or delete above wrote to the pods; otherwise `active` is still exact.
    active.clear();
    api_.Pods().ForEachControlledBy(ns, rs.metadata.uid, collect_active);
  }
  UpdateStatus(rs, active);
}

void ReplicaSetController::CreatePods(const kube::ReplicaSet& rs, int count) {
  for (int i = 0; i < count; ++i) {
    kube::Pod pod = PodFromTemplate(rs);
    do {
      pod.metadata.name = rs.metadata.name + "-" + api_.random().String(5, kKubeNameAlphabet);
    } while (api_.Pods().Find(pod.metadata.namespace_name, pod.metadata.name) != nullptr);
    api_.Pods().Create(std::move(pod));
  }
}

void ReplicaSetController::DeletePods(std::vector<const kube::Pod*> active, int count) {
  std::sort(active.begin(), active.end(),
            [](const kube::Pod* a, const kube::Pod* b) { return DeleteFirst(*a, *b); });
  // The keys first: each deletion writes to the store the pointers point into.
  std::vector<std::pair<std::string, std::string>> doomed;
  for (int i = 0; i < count && i < static_cast<int>(active.size()); ++i) {
    doomed.emplace_back(active[i]->metadata.namespace_name, active[i]->metadata.name);
  }
  for (const auto& [ns, name] : doomed) api_.Pods().Delete(ns, name, std::nullopt);
}

void ReplicaSetController::UpdateStatusFromCounts(const kube::ReplicaSet& rs, PodCounts counts) {
  kube::ReplicaSetStatus status;
  status.replicas = counts.active;
  status.ready_replicas = counts.ready;
  status.available_replicas = counts.ready;
  api_.ReplicaSets().Mutate(rs.metadata.namespace_name, rs.metadata.name, "UpdateStatus",
                            [&](kube::ReplicaSet& r) { r.status = status; });
}

void ReplicaSetController::UpdateStatus(const kube::ReplicaSet& rs,
                                        const std::vector<const kube::Pod*>& active) {
  SystemTime now = api_.dispatcher().WallNow();
  auto min_ready = std::chrono::seconds(rs.spec.min_ready_seconds);
  kube::ReplicaSetStatus status;
  status.replicas = static_cast<int32_t>(active.size());
  for (const kube::Pod* p : active) {
    const kube::Pod& pod = *p;
    if (!IsPodReady(pod)) continue;
    ++status.ready_replicas;
    // podutil.IsPodAvailable: ready for at least minReadySeconds.
    const kube::PodCondition* ready = pod.status.FindCondition(kube::kPodReady);
    SystemTime since = ready->last_transition_time.value_or(now);
    if (since + min_ready <= now) {
      ++status.available_replicas;
    } else {
      queue_.AddAfter(kube::KeyOf(rs.metadata), since + min_ready - now);
    }
  }
  api_.ReplicaSets().Mutate(rs.metadata.namespace_name, rs.metadata.name, "UpdateStatus",
                            [&](kube::ReplicaSet& r) { r.status = status; });
}

}  // namespace meshsim::fakes
