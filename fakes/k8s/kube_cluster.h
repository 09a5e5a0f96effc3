// File: fakes/k8s/kube_cluster.h
//
// A whole fake Kubernetes cluster: the API server (FakeKubeApi) plus what runs beside it in a
// real cluster, namely the Deployment and ReplicaSet controllers, the scheduler, one kubelet
// per worker node, and the EKS/VPC CNI node and IP model. Scenario code drives it as kubectl
// would: apply manifests, scale, delete.
//
// Example:
//   KubeCluster cluster(dispatcher, random, tracer, KubeOptions{});
//   cluster.AddNode("us-west-2a");
//   cluster.Apply(namespace_manifest);
//   cluster.Apply(deployment_manifest);   // pods Running and Ready a few seconds later
//   cluster.ScaleDeployment("howto-k8s-cloudmap", "colorapp-blue", 3);
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "fakes/k8s/deployment_controller.h"
#include "fakes/k8s/fake_kube_api.h"
#include "fakes/k8s/kubelet.h"
#include "fakes/k8s/node_pool.h"
#include "fakes/k8s/replicaset_controller.h"
#include "fakes/k8s/scheduler.h"

namespace meshsim::fakes {

// The kinds KubeCluster::Delete knows.
enum class ObjectKind {
  kNamespace,
  kDeployment,
  kReplicaSet,
  kPod,
  kService,
  kMesh,
  kVirtualNode,
  kVirtualService,
  kVirtualRouter,
};

class KubeCluster {
 public:
  KubeCluster(Dispatcher& dispatcher, Random& random, Tracer& tracer, KubeOptions options);
  KubeCluster(const KubeCluster&) = delete;
  KubeCluster& operator=(const KubeCluster&) = delete;

  FakeKubeApi& api() { return api_; }
  const NodePool& node_pool() const { return pool_; }

  // Adds a ready worker node in `zone` (EKS name ip-192-168-x-y.<region>.compute.internal,
  // hostname/region/zone labels, InternalIP from the zone's /19) and starts its kubelet.
  Result<kube::Node> AddNode(const std::string& zone);

  // Creates the object, or updates it as `kubectl apply` would: labels, annotations and spec
  // from the manifest; uid, finalizers, owner references and status kept from the server.
  Status Apply(const kube::Namespace& object);
  Status Apply(const kube::Deployment& object);
  Status Apply(const kube::Service& object);
  Status Apply(const appmesh::Mesh& object);
  Status Apply(const appmesh::VirtualNode& object);
  Status Apply(const appmesh::VirtualService& object);
  Status Apply(const appmesh::VirtualRouter& object);

  // Sets spec.replicas (kubectl scale). kNotFound if the Deployment does not exist.
  Status ScaleDeployment(const std::string& namespace_name, const std::string& name,
                         int32_t replicas);
  // Graceful pod deletion (kubectl delete pod [--grace-period]): sets deletionTimestamp; the
  // kubelet stops the containers and removes the pod once they exit or the grace ends.
  // Without `grace`, the pod's terminationGracePeriodSeconds applies.
  Status DeletePod(const std::string& namespace_name, const std::string& name,
                   std::optional<Duration> grace);
  // Applies `change` to the Deployment (kubectl set image / label / env, kubectl patch): a
  // template change rolls out with the Deployment's strategy and a new pod-template-hash.
  Status UpdateDeployment(const std::string& namespace_name, const std::string& name,
                          const std::function<void(kube::Deployment&)>& change);
  // The pod's readiness probes fail (true) or pass again (false); see Kubelet.
  Status SetReadinessFailing(const std::string& namespace_name, const std::string& name,
                             bool failing);
  // Worker node names in the order AddNode created them.
  const std::vector<std::string>& node_names() const { return node_names_; }
  // The node's machine fails: its kubelet stops at once. After `monitor_grace` the node
  // lifecycle controller marks the node NotReady and its pods not Ready; `toleration` later
  // (the pods' node.kubernetes.io/not-ready toleration) it evicts them. Evicted pods stay
  // Terminating, as no kubelet finishes them, while their ReplicaSets create replacements.
  Status FailNode(const std::string& node_name, Duration monitor_grace, Duration toleration);
  // kubectl drain: cordons the node, then evicts every pod on it with `grace` (default: each
  // pod's terminationGracePeriodSeconds).
  Status DrainNode(const std::string& node_name, std::optional<Duration> grace);

  // Deletes any object (kubectl delete); owned objects follow by garbage collection.
  // Cluster-scoped kinds (Namespace, Mesh) ignore `namespace_name`.
  Status Delete(ObjectKind kind, const std::string& namespace_name, const std::string& name);

 private:
  FakeKubeApi api_;
  NodePool pool_;
  Scheduler scheduler_;
  ReplicaSetController replica_sets_;
  DeploymentController deployments_;
  // The node lifecycle controller's steps for a failed node.
  void MarkNodeNotReady(const std::string& node_name);
  void EvictPods(const std::string& node_name, std::optional<Duration> grace);
  Kubelet* KubeletOfPod(const std::string& namespace_name, const std::string& name);

  std::map<std::string, std::unique_ptr<Kubelet>> kubelets_;  // by node name
  std::vector<std::string> node_names_;                         // creation order
  std::vector<TimerPtr> node_timers_;                           // failed nodes' pending steps
};

}  // namespace meshsim::fakes
