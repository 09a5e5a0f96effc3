// File: controller/cloudmap/resource_manager.h
//
// The Cloud Map side of one VirtualNode reconcile (spec B.1-B.5, D.1; Go: resource_manager.go):
// - the Mesh from spec.meshRef (name, and UID when set) gives appmesh.k8s.aws/mesh;
// - the Cloud Map namespace is found by name (ListNamespaces, all pages; 2-min TTL cache);
// - the service is found by name in it (ListServices filtered by NAMESPACE_ID; 2-min TTL
//   cache) or created (CreatorRequestId = VN UID; MULTIVALUE A/AAAA record with dns_ttl for
//   private DNS namespaces; HealthCheckCustomConfig{1} when enable_custom_health_check;
//   ServiceAlreadyExists from a racing VN is answered by listing again);
// - the cloudMapServiceARN annotation is added once;
// - the pods are classified and their attribute maps built, then InstancesReconciler runs.
// Cleanup() is the deletion path: deregister the subset, then DeleteService only when this VN
// created it (CreatorRequestId == UID), retrying ResourceInUse 4 times 15 s apart.
//
// Example:
//   ResourceManager rm(caller, instances, writer, {&meshes, &pods, &nodes});
//   ReconcileResult r = co_await rm.Reconcile(vn);
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "controller/api/appmesh_types.h"
#include "controller/async/task.h"
#include "controller/cloudmap/attributes.h"
#include "controller/cloudmap/aws_caller.h"
#include "controller/cloudmap/instances_reconciler.h"
#include "controller/cloudmap/ttl_cache.h"
#include "controller/cloudmap/vn_writer.h"
#include "controller/runtime/controller.h"
#include "controller/runtime/informer.h"

namespace meshsim::controller {

struct NamespaceSummary {
  std::string id;
  std::string name;
  cloudmap::NamespaceType type = cloudmap::NamespaceType::kDnsPrivate;
};

struct ServiceSummary {
  std::string id;
  std::string arn;
  std::string name;
  bool custom_health_check = false;  // the service has HealthCheckCustomConfig
};

// The informer caches the reconcile reads (the manager cache and the pod store in Go).
struct Listers {
  runtime::Informer<appmesh::Mesh>* meshes = nullptr;
  runtime::Informer<kube::Pod>* pods = nullptr;
  runtime::Informer<kube::Node>* nodes = nullptr;
};

class ResourceManager {
 public:
  ResourceManager(CloudMapCaller& caller, InstancesReconciler& instances,
                  VirtualNodeWriter& writer, Listers listers);

  // Reconciles a live VN that uses Cloud Map (B.1-B.7.1).
  async::Task<runtime::ReconcileResult> Reconcile(appmesh::VirtualNode vn);
  // Deletion path D.1.1. Ok means the finalizer may be removed.
  async::Task<runtime::ReconcileResult> Cleanup(appmesh::VirtualNode vn);

  // Resolves spec.meshRef through the Mesh cache.
  Result<appmesh::Mesh> ResolveMesh(const appmesh::VirtualNode& vn) const;
  async::Task<Result<std::optional<NamespaceSummary>>> FindNamespace(std::string name,
                                                                     TraceContext ctx);
  async::Task<Result<std::optional<ServiceSummary>>> FindService(NamespaceSummary ns,
                                                                 std::string name,
                                                                 TraceContext ctx, bool use_cache);
  async::Task<Result<ServiceSummary>> FindOrCreateService(appmesh::VirtualNode vn,
                                                          NamespaceSummary ns, TraceContext ctx);

 private:
  async::Task<Result<ServiceSummary>> CreateService(appmesh::VirtualNode vn, NamespaceSummary ns,
                                                    TraceContext ctx);
  // Builds the subset request from the pod and node caches (attribute maps through the memo).
  // Returns the VN's previous request itself when it is the same: rebuilding (and freeing)
  // the maps of a 1,000-pod VN on every reconcile was a twentieth of day-1k's CPU, and the
  // reconciler then needs not compare the two requests either.
  Result<std::shared_ptr<const SubsetRequest>> BuildRequest(const appmesh::VirtualNode& vn,
                                                            const appmesh::Mesh& mesh,
                                                            const ServiceSummary& service);
  // The region/zone of every cached Node, rebuilt (in place, no Node copies) only when the node
  // informer's cache changed since the last build: nodes change rarely, while a start-up at
  // scale reconciles thousands of VNs, each of which listed (copied) all 1,600 Nodes.
  // REQUIRES: the node informer has synced.
  const std::map<std::string, NodeInfo>& CurrentNodeInfo();
  // GetService + DeleteService when this VN owns the service (D.1.1.e).
  async::Task<runtime::ReconcileResult> DeleteOwnedService(appmesh::VirtualNode vn,
                                                           NamespaceSummary ns,
                                                           ServiceSummary service,
                                                           TraceContext ctx);

  CloudMapCaller& caller_;
  InstancesReconciler& instances_;
  VirtualNodeWriter& writer_;
  Listers listers_;
  TtlCache<NamespaceSummary> namespaces_;
  TtlCache<ServiceSummary> services_;
  InstanceAttributesMemo attributes_;
  std::map<std::string, std::shared_ptr<const SubsetRequest>> last_requests_;  // by VN key
  std::map<std::string, NodeInfo> node_info_;  // CurrentNodeInfo's map, by node name
  int64_t node_info_version_ = -1;             // the node cache_version() it was built from
};

// A plain error for "nothing of that name": messages follow the Go controller's.
Status NotFoundError(const std::string& message);

}  // namespace meshsim::controller
