#include "fakes/k8s/kube_cluster.h"

#include "fakes/k8s/kube_util.h"

namespace meshsim::fakes {
namespace {

template <class T>
concept HasMeshRef = requires(T t) {
  t.spec.mesh_ref;
};

template <class T>
Status ApplyTo(ObjectStore<T>& store, const T& manifest) {
  const T* stored = store.Find(manifest.metadata.namespace_name, manifest.metadata.name);
  if (stored == nullptr) return store.Create(manifest).status();
  T next = manifest;
  next.metadata.resource_version = 0;  // apply is a patch: no optimistic-concurrency check
  next.metadata.finalizers = stored->metadata.finalizers;
  next.metadata.owner_references = stored->metadata.owner_references;
  if constexpr (HasMeshRef<T>) {
    // The App Mesh webhook fills meshRef on admission; a manifest without one keeps it.
    if (!next.spec.mesh_ref) next.spec.mesh_ref = stored->spec.mesh_ref;
  }
  return store.Update(next).status();
}

template <class T>
Status DeleteFrom(ObjectStore<T>& store, const std::string& ns, const std::string& name) {
  return store.Delete(ns, name, std::nullopt);
}

}  // namespace

KubeCluster::KubeCluster(Dispatcher& dispatcher, Random& random, Tracer& tracer,
                         KubeOptions options)
    : api_(dispatcher, random, tracer, std::move(options)),
      pool_(random, api_.options().region),
      scheduler_(api_),
      replica_sets_(api_),
      deployments_(api_) {}

Result<kube::Node> KubeCluster::AddNode(const std::string& zone) {
  auto node = pool_.NewNode(zone);
  if (!node.ok()) return node.status();
  auto created = api_.Nodes().Create(*node);
  if (!created.ok()) return created.status();
  const std::string& name = created->metadata.name;
  kubelets_[name] = std::make_unique<Kubelet>(api_, pool_, name);
  node_names_.push_back(name);
  api_.tracer().Record(TraceEvent("k8s", "NodeAdded")
                           .With("node", name)
                           .With("zone", zone)
                           .With("subnet", pool_.SubnetOf(zone)));
  return created;
}

Status KubeCluster::Apply(const kube::Namespace& o) { return ApplyTo(api_.Namespaces(), o); }
Status KubeCluster::Apply(const kube::Deployment& o) { return ApplyTo(api_.Deployments(), o); }
Status KubeCluster::Apply(const kube::Service& o) { return ApplyTo(api_.Services(), o); }
Status KubeCluster::Apply(const appmesh::Mesh& o) { return ApplyTo(api_.Meshes(), o); }
Status KubeCluster::Apply(const appmesh::VirtualNode& o) { return ApplyTo(api_.VirtualNodes(), o); }
Status KubeCluster::Apply(const appmesh::VirtualService& o) {
  return ApplyTo(api_.VirtualServices(), o);
}
Status KubeCluster::Apply(const appmesh::VirtualRouter& o) {
  return ApplyTo(api_.VirtualRouters(), o);
}

Status KubeCluster::ScaleDeployment(const std::string& namespace_name, const std::string& name,
                                    int32_t replicas) {
  return api_.Deployments()
      .Mutate(namespace_name, name, "Scale",
              [replicas](kube::Deployment& d) { d.spec.replicas = replicas; })
      .status();
}

Status KubeCluster::DeletePod(const std::string& namespace_name, const std::string& name,
                              std::optional<Duration> grace) {
  return api_.Pods().Delete(namespace_name, name, grace);
}

Status KubeCluster::UpdateDeployment(const std::string& namespace_name, const std::string& name,
                                     const std::function<void(kube::Deployment&)>& change) {
  return api_.Deployments().Mutate(namespace_name, name, "Update", change).status();
}

Kubelet* KubeCluster::KubeletOfPod(const std::string& namespace_name, const std::string& name) {
  const kube::Pod* pod = api_.Pods().Find(namespace_name, name);
  if (pod == nullptr) return nullptr;
  auto it = kubelets_.find(pod->spec.node_name);
  return it == kubelets_.end() ? nullptr : it->second.get();
}

Status KubeCluster::SetReadinessFailing(const std::string& namespace_name, const std::string& name,
                                        bool failing) {
  Kubelet* kubelet = KubeletOfPod(namespace_name, name);
  if (kubelet == nullptr) {
    return Status(StatusCode::kNotFound, "NotFound",
                  "pod " + namespace_name + "/" + name + " is not running on a live node");
  }
  return kubelet->SetReadinessFailing(namespace_name, name, failing);
}

Status KubeCluster::FailNode(const std::string& node_name, Duration monitor_grace,
                             Duration toleration) {
  if (kubelets_.erase(node_name) == 0) {
    return Status(StatusCode::kNotFound, "NotFound", "no live node " + node_name);
  }
  api_.tracer().Record(TraceEvent("k8s", "NodeFailed").With("node", node_name));
  TimerPtr not_ready = api_.dispatcher().CreateTimer([this, node_name] {
    MarkNodeNotReady(node_name);
  });
  not_ready->Enable(monitor_grace);
  TimerPtr evict = api_.dispatcher().CreateTimer([this, node_name] {
    EvictPods(node_name, std::nullopt);
  });
  evict->Enable(monitor_grace + toleration);
  node_timers_.push_back(std::move(not_ready));
  node_timers_.push_back(std::move(evict));
  return Status();
}

void KubeCluster::MarkNodeNotReady(const std::string& node_name) {
  api_.Nodes().Mutate("", node_name, "UpdateStatus", [](kube::Node& n) { n.ready = false; });
  api_.tracer().Record(TraceEvent("k8s", "NodeNotReady").With("node", node_name));
  SystemTime now = api_.dispatcher().WallNow();
  for (const kube::Pod& pod : api_.Pods().Items()) {
    if (pod.spec.node_name != node_name) continue;
    bool changed = false;
    api_.Pods().Mutate(pod.metadata.namespace_name, pod.metadata.name, "UpdateStatus",
                       [&](kube::Pod& p) {
                         changed = SetPodCondition(p.status, kube::kPodReady,
                                                   kube::ConditionStatus::kFalse, now,
                                                   "NodeNotReady");
                       });
    if (changed) {
      api_.tracer().Record(TraceEvent("k8s", "PodNotReady")
                               .With("pod", kube::KeyOf(pod.metadata))
                               .With("node", node_name));
    }
  }
}

void KubeCluster::EvictPods(const std::string& node_name, std::optional<Duration> grace) {
  for (const kube::Pod& pod : api_.Pods().Items()) {
    if (pod.spec.node_name != node_name || pod.metadata.deletion_timestamp) continue;
    api_.tracer().Record(TraceEvent("k8s", "PodEvicted")
                             .With("pod", kube::KeyOf(pod.metadata))
                             .With("node", node_name));
    api_.Pods().Delete(pod.metadata.namespace_name, pod.metadata.name, grace);
  }
}

Status KubeCluster::DrainNode(const std::string& node_name, std::optional<Duration> grace) {
  auto cordoned = api_.Nodes().Mutate("", node_name, "Update",
                                      [](kube::Node& n) { n.unschedulable = true; });
  if (!cordoned.ok()) return cordoned.status();
  api_.tracer().Record(TraceEvent("k8s", "NodeCordoned").With("node", node_name));
  EvictPods(node_name, grace);
  return Status();
}

Status KubeCluster::Delete(ObjectKind kind, const std::string& ns, const std::string& name) {
  switch (kind) {
    case ObjectKind::kNamespace:
      return DeleteFrom(api_.Namespaces(), "", name);
    case ObjectKind::kDeployment:
      return DeleteFrom(api_.Deployments(), ns, name);
    case ObjectKind::kReplicaSet:
      return DeleteFrom(api_.ReplicaSets(), ns, name);
    case ObjectKind::kPod:
      return DeleteFrom(api_.Pods(), ns, name);
    case ObjectKind::kService:
      return DeleteFrom(api_.Services(), ns, name);
    case ObjectKind::kMesh:
      return DeleteFrom(api_.Meshes(), "", name);
    case ObjectKind::kVirtualNode:
      return DeleteFrom(api_.VirtualNodes(), ns, name);
    case ObjectKind::kVirtualService:
      return DeleteFrom(api_.VirtualServices(), ns, name);
    case ObjectKind::kVirtualRouter:
      return DeleteFrom(api_.VirtualRouters(), ns, name);
  }
  return Status(StatusCode::kInvalidArgument, "Invalid", "unknown kind");
}

}  // namespace meshsim::fakes
