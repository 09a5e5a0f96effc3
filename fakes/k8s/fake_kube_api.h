// File: fakes/k8s/fake_kube_api.h
//
// An in-memory Kubernetes API server: one ObjectStore per kind sharing a cluster-wide
// resourceVersion, with watch lag from KubeOptions, graceful pod deletion and the App Mesh
// sidecar injector as a mutating admission hook. It only stores; the built-in controllers,
// scheduler and kubelets that act on what is stored live in KubeCluster.
//
// Example:
//   FakeKubeApi api(dispatcher, random, tracer, KubeOptions{});
//   api.Namespaces().Create(ns);
//   auto list = api.Pods().List({.namespace_name = "howto-k8s-cloudmap"});
//   Reconciler reconciler(dispatcher, cloud_map, api, options);  // as a KubeClient
#pragma once

#include "controller/api/appmesh_types.h"
#include "controller/api/dispatcher.h"
#include "controller/api/kube_client.h"
#include "controller/api/kube_types.h"
#include "controller/api/random.h"
#include "controller/api/tracer.h"
#include "fakes/k8s/api_server_core.h"
#include "fakes/k8s/kube_options.h"
#include "fakes/k8s/mesh_membership_webhook.h"
#include "fakes/k8s/object_store.h"
#include "fakes/k8s/sidecar_injector.h"
#include "fakes/k8s/workload_types.h"

namespace meshsim::fakes {

class FakeKubeApi : public KubeClient {
 public:
  FakeKubeApi(Dispatcher& dispatcher, Random& random, Tracer& tracer, KubeOptions options);
  FakeKubeApi(const FakeKubeApi&) = delete;
  FakeKubeApi& operator=(const FakeKubeApi&) = delete;

  // KubeClient
  ObjectStore<kube::Pod>& Pods() override { return pods_; }
  ObjectStore<kube::Node>& Nodes() override { return nodes_; }
  ObjectStore<appmesh::Mesh>& Meshes() override { return meshes_; }
  ObjectStore<appmesh::VirtualNode>& VirtualNodes() override { return virtual_nodes_; }

  ObjectStore<kube::Namespace>& Namespaces() { return namespaces_; }
  ObjectStore<kube::Deployment>& Deployments() { return deployments_; }
  ObjectStore<kube::ReplicaSet>& ReplicaSets() { return replica_sets_; }
  ObjectStore<kube::Service>& Services() { return services_; }
  ObjectStore<appmesh::VirtualService>& VirtualServices() { return virtual_services_; }
  ObjectStore<appmesh::VirtualRouter>& VirtualRouters() { return virtual_routers_; }

  const KubeOptions& options() const { return core_.options(); }
  Dispatcher& dispatcher() { return core_.dispatcher(); }
  Random& random() { return core_.random(); }
  Tracer& tracer() { return core_.tracer(); }
  // The resourceVersion of the latest write to any kind.
  int64_t CurrentResourceVersion() const { return core_.CurrentResourceVersion(); }

 private:
  // The pod grace policy of the API server: unbound pods and zero grace go at once; bound pods
  // get the requested grace or spec.terminationGracePeriodSeconds.
  static Duration PodGrace(const kube::Pod& pod, std::optional<Duration> requested);

  ApiServerCore core_;
  ObjectStore<kube::Namespace> namespaces_{core_, "Namespace"};
  ObjectStore<kube::Node> nodes_{core_, "Node"};
  ObjectStore<kube::Pod> pods_{core_, "Pod"};
  ObjectStore<kube::Deployment> deployments_{core_, "Deployment"};
  ObjectStore<kube::ReplicaSet> replica_sets_{core_, "ReplicaSet"};
  ObjectStore<kube::Service> services_{core_, "Service"};
  ObjectStore<appmesh::Mesh> meshes_{core_, "Mesh"};
  ObjectStore<appmesh::VirtualNode> virtual_nodes_{core_, "VirtualNode"};
  ObjectStore<appmesh::VirtualService> virtual_services_{core_, "VirtualService"};
  ObjectStore<appmesh::VirtualRouter> virtual_routers_{core_, "VirtualRouter"};
  SidecarInjector injector_;
  MeshMembershipWebhook mesh_webhook_;
};

}  // namespace meshsim::fakes
