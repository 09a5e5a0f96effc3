#include "fakes/k8s/kube_cluster.h"

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
