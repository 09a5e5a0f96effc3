#include "fakes/k8s/deployment_controller.h"

#include <algorithm>

#include "fakes/k8s/kube_util.h"
#include "fakes/k8s/pod_template_hash.h"

namespace meshsim::fakes {
namespace {

// deploymentutil.EqualIgnoreHash: templates equal once the pod-template-hash label is dropped.
bool EqualIgnoreHash(kube::PodTemplateSpec a, kube::PodTemplateSpec b) {
  a.metadata.labels.erase(kPodTemplateHashLabel);
  b.metadata.labels.erase(kPodTemplateHashLabel);
  return a == b;
}

bool OlderFirst(const kube::ReplicaSet& a, const kube::ReplicaSet& b) {
  if (a.metadata.creation_timestamp != b.metadata.creation_timestamp) {
    return a.metadata.creation_timestamp < b.metadata.creation_timestamp;
  }
  return a.metadata.name < b.metadata.name;
}

int32_t SumReplicas(const std::vector<kube::ReplicaSet>& sets) {
  int32_t n = 0;
  for (const auto& rs : sets) n += rs.spec.replicas;
  return n;
}

}  // namespace

DeploymentController::DeploymentController(FakeKubeApi& api)
    : api_(api),
      queue_(api.dispatcher(), api.options().controller_delay,
             [this](const std::string& key) { Sync(key); }) {
  deployment_watch_ =
      api_.Deployments()
          .Watch(0, [this](const WatchEvent<kube::Deployment>& e) { OnDeployment(e); })
          .value();
  rs_watch_ = api_.ReplicaSets()
                  .Watch(0, [this](const WatchEvent<kube::ReplicaSet>& e) { OnReplicaSet(e); })
                  .value();
  pod_watch_ = api_.Pods().Watch(0, [this](const WatchEvent<kube::Pod>& e) { OnPod(e); }).value();
}

void DeploymentController::OnDeployment(const WatchEvent<kube::Deployment>& event) {
  const kube::ObjectMeta& m = event.object.metadata;
  if (event.type != WatchEvent<kube::Deployment>::Type::kDeleted) {
    queue_.Add(kube::KeyOf(m));
    return;
  }
  // Garbage collection (background cascading deletion) of the Deployment's ReplicaSets.
  std::vector<std::string> doomed;
  api_.ReplicaSets().ForEachControlledBy(
      m.namespace_name, m.uid, [&](const kube::ReplicaSet& rs) { doomed.push_back(rs.metadata.name); });
  for (const auto& rs : doomed) api_.ReplicaSets().Delete(m.namespace_name, rs, std::nullopt);
}

void DeploymentController::OnReplicaSet(const WatchEvent<kube::ReplicaSet>& event) {
  const kube::OwnerReference* owner = ControllerOf(event.object.metadata);
  if (owner != nullptr && owner->kind == "Deployment") {
    queue_.Add(event.object.metadata.namespace_name + "/" + owner->name);
  }
}

void DeploymentController::OnPod(const WatchEvent<kube::Pod>& event) {
  if (event.type != WatchEvent<kube::Pod>::Type::kDeleted) return;
  const kube::OwnerReference* rs_ref = ControllerOf(event.object.metadata);
  if (rs_ref == nullptr || rs_ref->kind != "ReplicaSet") return;
  const std::string& ns = event.object.metadata.namespace_name;
  const kube::ReplicaSet* rs = api_.ReplicaSets().Find(ns, rs_ref->name);
  const kube::OwnerReference* d_ref = rs == nullptr ? nullptr : ControllerOf(rs->metadata);
  if (d_ref != nullptr && d_ref->kind == "Deployment") queue_.Add(ns + "/" + d_ref->name);
}

kube::ReplicaSet DeploymentController::NewReplicaSetFor(const kube::Deployment& d) {
  std::string hash = ComputePodTemplateHash(d.spec.template_, d.status.collision_count);
  kube::ReplicaSet rs;
  rs.metadata.name = d.metadata.name + "-" + hash;
  rs.metadata.namespace_name = d.metadata.namespace_name;
  rs.metadata.owner_references = {
      {"apps/v1", "Deployment", d.metadata.name, d.metadata.uid, /*controller=*/true}};
  rs.spec.template_ = d.spec.template_;
  rs.spec.template_.metadata.labels[kPodTemplateHashLabel] = hash;
  rs.metadata.labels = rs.spec.template_.metadata.labels;
  rs.spec.selector = d.spec.selector;
  rs.spec.selector.match_labels[kPodTemplateHashLabel] = hash;
  rs.spec.min_ready_seconds = d.spec.min_ready_seconds;
  return rs;
}

void DeploymentController::Sync(const std::string& key) {
  auto [ns, name] = SplitKey(key);
  const kube::Deployment* found = api_.Deployments().Find(ns, name);
  if (found == nullptr || found->metadata.deletion_timestamp) return;
  kube::Deployment d = *found;
  std::vector<kube::ReplicaSet> owned;
  // The Deployment's own ReplicaSets from the store's owner index: a copy of the namespace's
  // per sync was quadratic in namespaces of many Deployments.
  api_.ReplicaSets().ForEachControlledBy(
      ns, d.metadata.uid, [&](const kube::ReplicaSet& rs) { owned.push_back(rs); });
  std::sort(owned.begin(), owned.end(), OlderFirst);
  const kube::ReplicaSet* new_rs = GetOrCreateNewReplicaSet(d, owned);
  if (new_rs == nullptr) return;
  kube::ReplicaSet current = *new_rs;
  std::vector<kube::ReplicaSet> old;
  for (kube::ReplicaSet& rs : owned) {
    if (rs.metadata.uid != current.metadata.uid) old.push_back(std::move(rs));
  }
  if (d.spec.strategy.type == "Recreate") {
    RolloutRecreate(d, current, old);
  } else {
    RolloutRolling(d, current, old);
  }
  // cleanupDeployment: drop the oldest fully scaled-down ReplicaSets past the history limit.
  int surplus = -d.spec.revision_history_limit;
  for (const auto& rs : old) surplus += (rs.spec.replicas == 0 && rs.status.replicas == 0);
  for (const auto& rs : old) {
    if (surplus <= 0) break;
    if (rs.spec.replicas != 0 || rs.status.replicas != 0) continue;
    api_.ReplicaSets().Delete(ns, rs.metadata.name, std::nullopt);
    --surplus;
  }
  UpdateStatus(d);
}

const kube::ReplicaSet* DeploymentController::GetOrCreateNewReplicaSet(
    const kube::Deployment& d, const std::vector<kube::ReplicaSet>& owned) {
  const std::string& ns = d.metadata.namespace_name;
  for (const auto& rs : owned) {
    if (EqualIgnoreHash(rs.spec.template_, d.spec.template_)) {
      return api_.ReplicaSets().Find(ns, rs.metadata.name);
    }
  }
  kube::ReplicaSet want = NewReplicaSetFor(d);
  int32_t desired = d.spec.replicas;
  int32_t old_replicas = SumReplicas(owned);
  if (d.spec.strategy.type == "Recreate") {
    want.spec.replicas = old_replicas == 0 ? desired : 0;
  } else {
    // deploymentutil.NewRSNewReplicas: start within the surge budget.
    int32_t max_total = desired + d.spec.strategy.rolling_update.max_surge.Resolve(desired, true);
    want.spec.replicas = std::clamp(max_total - old_replicas, 0, desired);
  }
  auto created = api_.ReplicaSets().Create(want);
  if (created.ok()) return api_.ReplicaSets().Find(ns, want.metadata.name);
  if (created.status().code() == StatusCode::kAlreadyExists) {
    // A hash collision with a ReplicaSet that is not ours: bump collisionCount and retry.
    api_.Deployments().Mutate(ns, d.metadata.name, "UpdateStatus",
                              [](kube::Deployment& x) { ++x.status.collision_count; });
    queue_.Add(kube::KeyOf(d.metadata));
  }
  return nullptr;
}

void DeploymentController::Scale(const kube::ReplicaSet& rs, int32_t replicas) {
  api_.ReplicaSets().Mutate(rs.metadata.namespace_name, rs.metadata.name, "Update",
                            [replicas](kube::ReplicaSet& r) { r.spec.replicas = replicas; });
}

void DeploymentController::RolloutRolling(const kube::Deployment& d, kube::ReplicaSet new_rs,
                                          std::vector<kube::ReplicaSet> old) {
  int32_t desired = d.spec.replicas;
  int32_t surge = d.spec.strategy.rolling_update.max_surge.Resolve(desired, true);
  int32_t unavailable = d.spec.strategy.rolling_update.max_unavailable.Resolve(desired, false);
  if (surge == 0 && unavailable == 0) unavailable = 1;  // ResolveFenceposts
  // reconcileNewReplicaSet
  int32_t total = new_rs.spec.replicas + SumReplicas(old);
  if (new_rs.spec.replicas > desired) {
    new_rs.spec.replicas = desired;
    Scale(new_rs, desired);
  } else if (new_rs.spec.replicas < desired && total < desired + surge) {
    new_rs.spec.replicas += std::min(desired + surge - total, desired - new_rs.spec.replicas);
    Scale(new_rs, new_rs.spec.replicas);
  }
  // reconcileOldReplicaSets
  if (SumReplicas(old) == 0) return;
  int32_t min_available = desired - unavailable;
  int32_t new_unavailable = new_rs.spec.replicas - new_rs.status.available_replicas;
  int32_t budget = new_rs.spec.replicas + SumReplicas(old) - min_available - new_unavailable;
  for (auto& rs : old) {  // cleanupUnhealthyReplicas, oldest first
    int32_t unhealthy = rs.spec.replicas - rs.status.available_replicas;
    if (budget <= 0 || unhealthy <= 0) continue;
    int32_t n = std::min(budget, unhealthy);
    rs.spec.replicas -= n;
    budget -= n;
    Scale(rs, rs.spec.replicas);
  }
  int32_t available = new_rs.status.available_replicas;
  for (const auto& rs : old) available += std::min(rs.status.available_replicas, rs.spec.replicas);
  int32_t down = available - min_available;  // scaleDownOldReplicaSetsForRollingUpdate
  for (auto& rs : old) {
    if (down <= 0) break;
    int32_t n = std::min(rs.spec.replicas, down);
    if (n == 0) continue;
    Scale(rs, rs.spec.replicas - n);
    down -= n;
  }
}

void DeploymentController::RolloutRecreate(const kube::Deployment& d,
                                           const kube::ReplicaSet& new_rs,
                                           const std::vector<kube::ReplicaSet>& old) {
  for (const auto& rs : old) {
    if (rs.spec.replicas != 0) Scale(rs, 0);
  }
  // Wait until no pod of an old ReplicaSet is left, terminating ones included.
  for (const auto& rs : old) {
    bool has_pod = false;
    api_.Pods().ForEachControlledBy(d.metadata.namespace_name, rs.metadata.uid,
                                    [&](const kube::Pod&) { has_pod = true; });
    if (has_pod) return;
  }
  if (new_rs.spec.replicas != d.spec.replicas) Scale(new_rs, d.spec.replicas);
}

void DeploymentController::UpdateStatus(const kube::Deployment& d) {
  kube::DeploymentStatus status;
  status.observed_generation = d.metadata.generation;
  status.collision_count = d.status.collision_count;
  api_.ReplicaSets().ForEachControlledBy(d.metadata.namespace_name, d.metadata.uid,
                                         [&](const kube::ReplicaSet& rs) {
    status.replicas += rs.status.replicas;
    status.ready_replicas += rs.status.ready_replicas;
    status.available_replicas += rs.status.available_replicas;
    if (EqualIgnoreHash(rs.spec.template_, d.spec.template_)) {
      status.updated_replicas = rs.status.replicas;
    }
  });
  api_.Deployments().Mutate(d.metadata.namespace_name, d.metadata.name, "UpdateStatus",
                            [&](kube::Deployment& x) { x.status = status; });
}

}  // namespace meshsim::fakes
