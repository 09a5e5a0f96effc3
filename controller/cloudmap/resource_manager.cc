#include "controller/cloudmap/resource_manager.h"

#include <algorithm>
#include <utility>
#include <vector>

#include "controller/async/sleep.h"
#include "controller/cloudmap/attributes.h"
#include "controller/cloudmap/pod_classification.h"
#include "controller/cloudmap/selector_index.h"

namespace meshsim::controller {

using async::Task;
using runtime::ReconcileResult;

Status NotFoundError(const std::string& message) {
  return Status(StatusCode::kNotFound, "NotFound", message);
}

namespace {

ServiceSummary Summarize(const cloudmap::Service& s) {
  return {s.id, s.arn, s.name, s.health_check_custom_config.has_value()};
}

}  // namespace

ResourceManager::ResourceManager(CloudMapCaller& caller, InstancesReconciler& instances,
                                 VirtualNodeWriter& writer, Listers listers)
    : caller_(caller), instances_(instances), writer_(writer), listers_(listers),
      namespaces_(caller.options().namespace_cache_size, caller.options().namespace_cache_ttl),
      services_(caller.options().service_cache_size, caller.options().service_cache_ttl) {}

Result<appmesh::Mesh> ResourceManager::ResolveMesh(const appmesh::VirtualNode& vn) const {
  if (!vn.spec.mesh_ref) {
    return Status(StatusCode::kInvalidArgument, "InvalidMeshRef",
                  "meshRef shouldn't be nil, please check webhook setup");
  }
  const appmesh::Mesh* mesh = listers_.meshes->Get(vn.spec.mesh_ref->name);
  if (mesh == nullptr) return NotFoundError("mesh not found: " + vn.spec.mesh_ref->name);
  if (!vn.spec.mesh_ref->uid.empty() && mesh->metadata.uid != vn.spec.mesh_ref->uid) {
    return Status(StatusCode::kNotFound, "MeshUIDMismatch",
                  "mesh UID mismatch: " + vn.spec.mesh_ref->name);
  }
  return *mesh;
}

Task<Result<std::optional<NamespaceSummary>>> ResourceManager::FindNamespace(std::string name,
                                                                             TraceContext ctx) {
  if (NamespaceSummary* hit = namespaces_.Get(name, caller_.dispatcher().Now())) {
    co_return std::optional<NamespaceSummary>(*hit);
  }
  cloudmap::ListNamespacesRequest req;
  while (true) {
    Result<cloudmap::ListNamespacesResponse> page =
        co_await caller_.Invoke<cloudmap::ListNamespacesResponse>(
            "ListNamespaces", ctx, [&](Callback<cloudmap::ListNamespacesResponse> cb) {
              caller_.client().ListNamespaces(req, std::move(cb));
            });
    if (!page.ok()) co_return page.status();
    for (const cloudmap::Namespace& ns : page->namespaces) {
      if (ns.name != name) continue;
      NamespaceSummary found{ns.id, ns.name, ns.type};
      namespaces_.Put(name, found, caller_.dispatcher().Now());
      co_return std::optional<NamespaceSummary>(found);
    }
    if (!page->next_token) break;
    req.next_token = page->next_token;
  }
  co_return std::optional<NamespaceSummary>();
}

Task<Result<std::optional<ServiceSummary>>> ResourceManager::FindService(NamespaceSummary ns,
                                                                         std::string name,
                                                                         TraceContext ctx,
                                                                         bool use_cache) {
  std::string key = ns.id + "/" + name;
  if (use_cache) {
    if (ServiceSummary* hit = services_.Get(key, caller_.dispatcher().Now())) {
      co_return std::optional<ServiceSummary>(*hit);
    }
  }
  cloudmap::ListServicesRequest req;
  req.filters.push_back({.name = "NAMESPACE_ID", .values = {ns.id}, .condition = "EQ"});
  while (true) {
    Result<cloudmap::ListServicesResponse> page =
        co_await caller_.Invoke<cloudmap::ListServicesResponse>(
            "ListServices", ctx, [&](Callback<cloudmap::ListServicesResponse> cb) {
              caller_.client().ListServices(req, std::move(cb));
            });
    if (!page.ok()) co_return page.status();
    for (const cloudmap::Service& s : page->services) {
      if (s.name != name) continue;
      ServiceSummary found = Summarize(s);
      services_.Put(key, found, caller_.dispatcher().Now());
      co_return std::optional<ServiceSummary>(found);
    }
    if (!page->next_token) break;
    req.next_token = page->next_token;
  }
  co_return std::optional<ServiceSummary>();
}

Task<Result<ServiceSummary>> ResourceManager::FindOrCreateService(appmesh::VirtualNode vn,
                                                                  NamespaceSummary ns,
                                                                  TraceContext ctx) {
  std::string name = vn.CloudMap()->service_name;
  Result<std::optional<ServiceSummary>> found = co_await FindService(ns, name, ctx, true);
  if (!found.ok()) co_return found.status();
  if (*found) co_return **found;
  co_return co_await CreateService(std::move(vn), std::move(ns), std::move(ctx));
}

Task<Result<ServiceSummary>> ResourceManager::CreateService(appmesh::VirtualNode vn,
                                                            NamespaceSummary ns,
                                                            TraceContext ctx) {
  const ControllerOptions& o = caller_.options();
  cloudmap::CreateServiceRequest req;
  req.name = vn.CloudMap()->service_name;
  req.namespace_id = ns.id;
  req.creator_request_id = vn.metadata.uid;
  if (ns.type == cloudmap::NamespaceType::kDnsPrivate) {
    cloudmap::DnsRecord record{o.ipv6 ? cloudmap::RecordType::kAaaa : cloudmap::RecordType::kA,
                               std::chrono::duration_cast<std::chrono::seconds>(o.dns_ttl).count()};
    req.dns_config = cloudmap::DnsConfig{.routing_policy = cloudmap::RoutingPolicy::kMultivalue,
                                         .dns_records = {record}};
  } else if (ns.type != cloudmap::NamespaceType::kHttp) {
    co_return Status(StatusCode::kInvalidArgument, "UnsupportedNamespaceType",
                     "unsupported namespace type: " + std::string(cloudmap::ToString(ns.type)));
  }
  if (o.enable_custom_health_check) {
    req.health_check_custom_config =
        cloudmap::HealthCheckCustomConfig{o.custom_health_check_failure_threshold};
  }
  Result<cloudmap::Service> created = co_await caller_.Invoke<cloudmap::Service>(
      "CreateService", ctx,
      [&](Callback<cloudmap::Service> cb) { caller_.client().CreateService(req, std::move(cb)); });
  if (created.ok()) {
    ServiceSummary s = Summarize(*created);
    services_.Put(ns.id + "/" + req.name, s, caller_.dispatcher().Now());
    co_return s;
  }
  if (created.status().code() != StatusCode::kAlreadyExists) co_return created.status();
  // Another VN sharing the service name created it first: list again, bypassing the cache.
  Result<std::optional<ServiceSummary>> again = co_await FindService(ns, req.name, ctx, false);
  if (!again.ok()) co_return again.status();
  if (!*again) co_return created.status();
  co_return **again;
}

namespace {

// One selected pod's desired entry, pointing into the pod cache.
struct DesiredRef {
  const std::string* ip;
  const std::string* pod_name;
  cloudmap::SharedAttributes attributes;
};

// Returns true when `want` (distinct IPs) holds exactly the entries of `have`.
bool SameEntries(const std::map<std::string, DesiredInstance>& have,
                 const std::vector<DesiredRef>& want) {
  if (have.size() != want.size()) return false;
  return std::all_of(want.begin(), want.end(), [&](const DesiredRef& d) {
    auto it = have.find(*d.ip);
    return it != have.end() && it->second.pod_name == *d.pod_name &&
           it->second.attributes == d.attributes;
  });
}

void AddEntries(std::vector<DesiredRef> refs, std::map<std::string, DesiredInstance>* out) {
  for (DesiredRef& d : refs) (*out)[*d.ip] = {*d.pod_name, std::move(d.attributes)};
}

}  // namespace

Result<std::shared_ptr<const SubsetRequest>> ResourceManager::BuildRequest(
    const appmesh::VirtualNode& vn, const appmesh::Mesh& mesh, const ServiceSummary& service) {
  // Pointers into the pod informer's cache: nothing below yields, so it cannot change.
  // The selected pods in key order, as the scan of the namespace with ResolvePod gave them.
  ResolvedPodRefs pods;
  if (vn.spec.pod_selector) {
    ForEachSelectedPod(*listers_.pods, vn.metadata.namespace_name, *vn.spec.pod_selector,
                       [&](const kube::Pod& p) { AddClassifiedPod(p, &pods); });
  }
  if (!service.custom_health_check) pods.not_ready.clear();
  if ((!pods.ready.empty() || !pods.not_ready.empty()) && vn.spec.listeners.empty()) {
    // Go indexes listeners[0] and panics; controller-runtime recovers it as an error.
    return Status(StatusCode::kInternal, "Panic",
                  "runtime error: index out of range [0] with length 0");
  }
  // Not changed before the round below ends: nothing here yields, nor reads the node cache again.
  const std::map<std::string, NodeInfo>* nodes =
      listers_.nodes->HasSynced() ? &CurrentNodeInfo() : nullptr;
  SubsetRequest req{.vn_key = kube::KeyOf(vn.metadata), .service_id = service.id,
                    .mesh_aws_name = mesh.AwsName(), .vn_aws_name = vn.AwsName()};
  req.new_instance_init_health = caller_.options().init_health_status;
  InstanceAttributesMemo::Round attributes = attributes_.Begin(
      vn, req.mesh_aws_name, nodes, caller_.options().ipv6, node_info_version_);
  std::vector<DesiredRef> ready, not_ready;
  for (const kube::Pod* p : pods.ready) {
    ready.push_back({&p->status.pod_ip, &p->metadata.name, attributes.Get(*p)});
  }
  for (const kube::Pod* p : pods.not_ready) {
    not_ready.push_back({&p->status.pod_ip, &p->metadata.name, attributes.Get(*p)});
  }
  std::shared_ptr<const SubsetRequest>& last = last_requests_[req.vn_key];
  // Every map came from the memo's last round, which keeps one per IP: the IPs are distinct
  // (a second pod of an IP gets a new map), so equal sizes and entries make equal maps.
  if (last && attributes.built() == 0 && SameDiffScope(*last, req) &&
      SameEntries(last->ready, ready) && SameEntries(last->not_ready, not_ready)) {
    return last;
  }
  AddEntries(std::move(ready), &req.ready);
  AddEntries(std::move(not_ready), &req.not_ready);
  last = std::make_shared<const SubsetRequest>(std::move(req));
  return last;
}

const std::map<std::string, NodeInfo>& ResourceManager::CurrentNodeInfo() {
  int64_t version = listers_.nodes->cache_version();
  if (version != node_info_version_) {
    // What BuildNodeInfo(listers_.nodes->List()) gives, without copying the Nodes.
    node_info_.clear();
    listers_.nodes->ForEach("", [&](const kube::Node& n) {
      node_info_[n.metadata.name] = NodeInfoOf(n);
    });
    node_info_version_ = version;
  }
  return node_info_;
}

Task<ReconcileResult> ResourceManager::Reconcile(appmesh::VirtualNode vn) {
  TraceContext ctx{{"vn", kube::KeyOf(vn.metadata)}};
  Result<appmesh::Mesh> mesh = ResolveMesh(vn);
  if (!mesh.ok()) co_return ReconcileResult::Error(mesh.status());
  const std::string& ns_name = vn.CloudMap()->namespace_name;
  Result<std::optional<NamespaceSummary>> ns = co_await FindNamespace(ns_name, ctx);
  if (!ns.ok()) co_return ReconcileResult::Error(ns.status());
  if (!*ns) co_return ReconcileResult::Error(NotFoundError("cloudMap namespace not found: " + ns_name));
  Result<ServiceSummary> service = co_await FindOrCreateService(vn, **ns, ctx);
  if (!service.ok()) co_return ReconcileResult::Error(service.status());
  if (!service->arn.empty() && !vn.metadata.annotations.count(kCloudMapServiceArnAnnotation)) {
    std::string key = kCloudMapServiceArnAnnotation;
    Result<appmesh::VirtualNode> patched =
        co_await writer_.AddAnnotation(vn, std::move(key), service->arn);
    if (!patched.ok()) co_return ReconcileResult::Error(patched.status());
  }
  // The pod store blocks readers until it has synced (KC GetDataStore).
  while (!listers_.pods->HasSynced()) {
    co_await async::Sleep(caller_.dispatcher(), caller_.options().pod_store_sync_wait);
  }
  Result<std::shared_ptr<const SubsetRequest>> built = BuildRequest(vn, *mesh, *service);
  if (!built.ok()) co_return ReconcileResult::Error(built.status());
  const SubsetRequest& req = **built;
  caller_.tracer().Record(TraceEvent("controller", "DesiredInstances")
                              .With("vn", req.vn_key).With("service", service->id)
                              .With("ready", static_cast<int64_t>(req.ready.size()))
                              .With("not_ready", static_cast<int64_t>(req.not_ready.size()))
                              .With("custom_health_check", service->custom_health_check));
  co_return co_await instances_.Reconcile(*built, service->custom_health_check);
}

Task<ReconcileResult> ResourceManager::Cleanup(appmesh::VirtualNode vn) {
  TraceContext ctx{{"vn", kube::KeyOf(vn.metadata)}};
  Result<appmesh::Mesh> mesh = ResolveMesh(vn);
  if (!mesh.ok()) co_return ReconcileResult::Error(mesh.status());
  Result<std::optional<NamespaceSummary>> ns =
      co_await FindNamespace(vn.CloudMap()->namespace_name, ctx);
  if (!ns.ok()) {
    if (!vn.metadata.annotations.count(kCloudMapServiceArnAnnotation)) {
      co_return ReconcileResult::Ok();
    }
    co_return ReconcileResult::Error(ns.status());
  }
  if (!*ns) co_return ReconcileResult::Ok();
  Result<std::optional<ServiceSummary>> service =
      co_await FindService(**ns, vn.CloudMap()->service_name, ctx, true);
  if (!service.ok()) co_return ReconcileResult::Error(service.status());
  if (!*service) co_return ReconcileResult::Ok();
  attributes_.Forget(kube::KeyOf(vn.metadata));
  last_requests_.erase(kube::KeyOf(vn.metadata));
  auto empty = std::make_shared<const SubsetRequest>(
      SubsetRequest{.vn_key = kube::KeyOf(vn.metadata), .service_id = (*service)->id,
                    .mesh_aws_name = mesh->AwsName(), .vn_aws_name = vn.AwsName()});
  std::string subset_id = empty->SubsetId();
  ReconcileResult r = co_await instances_.Reconcile(std::move(empty), false);
  // The VN is going: its subset's next task (if it comes back) need not start from this one.
  instances_.ForgetSubset((*service)->id, subset_id);
  if (r.kind != ReconcileResult::Kind::kOk) co_return r;
  co_return co_await DeleteOwnedService(std::move(vn), **ns, **service, ctx);
}

Task<ReconcileResult> ResourceManager::DeleteOwnedService(appmesh::VirtualNode vn,
                                                          NamespaceSummary ns,
                                                          ServiceSummary service,
                                                          TraceContext ctx) {
  const ControllerOptions& o = caller_.options();
  cloudmap::GetServiceRequest get{.id = service.id};
  Result<cloudmap::Service> current = co_await caller_.Invoke<cloudmap::Service>(
      "GetService", ctx,
      [&](Callback<cloudmap::Service> cb) { caller_.client().GetService(get, std::move(cb)); });
  if (!current.ok()) co_return ReconcileResult::Error(current.status());
  if (current->creator_request_id.value_or("") != vn.metadata.uid) {
    caller_.tracer().Record(TraceEvent("controller", "ServiceKept")
                                .With("vn", kube::KeyOf(vn.metadata)).With("service", service.id)
                                .With("creator_request_id", current->creator_request_id.value_or("")));
    co_return ReconcileResult::Ok();
  }
  cloudmap::DeleteServiceRequest del{.id = service.id};
  for (int attempt = 1;; ++attempt) {
    Result<Empty> r = co_await caller_.Invoke<Empty>(
        "DeleteService", ctx,
        [&](Callback<Empty> cb) { caller_.client().DeleteService(del, std::move(cb)); });
    if (r.ok()) break;
    bool in_use = r.status().code() == StatusCode::kResourceInUse;
    if (!in_use || attempt >= o.delete_service_attempts) {
      co_return ReconcileResult::Error(r.status());
    }
    co_await async::Sleep(caller_.dispatcher(), o.delete_service_retry_interval);
  }
  services_.Erase(ns.id + "/" + service.name);
  co_return ReconcileResult::Ok();
}

}  // namespace meshsim::controller
