#include "controller/legacy/legacy_controller.h"

#include <algorithm>
#include <utility>

#include "controller/async/sleep.h"
#include "controller/cloudmap/health_prober.h"

namespace meshsim::controller::legacy {

using async::Task;

namespace {

constexpr char kSweepKey[] = "<sweep>";
constexpr auto kRetryDelay = std::chrono::seconds(5);

}  // namespace

LegacyController::LegacyController(Dispatcher& dispatcher, KubeClient& kube,
                                   CloudMapClient& cloudmap, Tracer& tracer,
                                   const ControllerOptions& options)
    : dispatcher_(dispatcher),
      kube_(kube),
      tracer_(tracer),
      options_(options),
      caller_(dispatcher, tracer, cloudmap, options_),
      pods_(dispatcher, kube.Pods(), tracer, "Pod", options_.resync_period,
            options_.informer_retry_period),
      vns_(dispatcher, kube.VirtualNodes(), tracer, "VirtualNode", options_.resync_period,
           options_.informer_retry_period),
      wake_(dispatcher) {
  sync_delay_ = options_.reconcile_delay;
  caller_.SetExtraLatency(options_.api_call_delay);
  pods_.SetDeliveryDelay(options_.watch_delivery_delay);
  vns_.SetDeliveryDelay(options_.watch_delivery_delay);
  runtime::InformerHandlers<kube::Pod> pod_handlers;
  pod_handlers.on_add = [this](const kube::Pod& p) { Enqueue(kube::KeyOf(p.metadata)); };
  pod_handlers.on_update = [this](const kube::Pod&, const kube::Pod& p) {
    Enqueue(kube::KeyOf(p.metadata));
  };
  pod_handlers.on_delete = [this](const kube::Pod& p) { Enqueue(kube::KeyOf(p.metadata)); };
  pods_.AddHandlers(std::move(pod_handlers));
  runtime::InformerHandlers<appmesh::VirtualNode> vn_handlers;
  vn_handlers.on_add = [this](const appmesh::VirtualNode& vn) {
    EnqueueNamespace(vn.metadata.namespace_name);
  };
  vn_handlers.on_update = [this](const appmesh::VirtualNode&, const appmesh::VirtualNode& vn) {
    EnqueueNamespace(vn.metadata.namespace_name);
  };
  vns_.AddHandlers(std::move(vn_handlers));
  sweep_timer_ = dispatcher_.CreateTimer([this] {
    Enqueue(kSweepKey);
    sweep_timer_->Enable(options_.legacy_sweep_period);
  });
}

LegacyController::~LegacyController() { Stop(); }

void LegacyController::Start() {
  tracer_.Record(TraceEvent("controller", "ControllerStart").With("profile", "legacy"));
  vns_.Start();
  pods_.Start();
  sweep_timer_->Enable(options_.legacy_sweep_period);
  scope_.Spawn(Worker(this));
}

void LegacyController::Stop() {
  stopped_ = true;
  sweep_timer_->Disable();
  retry_timers_.clear();
  scope_.Cancel();
  pods_.Stop();
  vns_.Stop();
}

void LegacyController::Pause() {
  paused_ = true;
  tracer_.Record(TraceEvent("controller", "ControllerPaused").With("controller", "legacy")
                     .With("queued", static_cast<int64_t>(queue_.size())));
}

void LegacyController::Resume() {
  paused_ = false;
  tracer_.Record(TraceEvent("controller", "ControllerResumed").With("controller", "legacy")
                     .With("queued", static_cast<int64_t>(queue_.size())));
  wake_.Notify();
}

void LegacyController::SetSlowdown(Duration sync_delay, Duration api_delay) {
  sync_delay_ = sync_delay;
  caller_.SetExtraLatency(api_delay);
}

void LegacyController::SetWatchDelay(Duration delay) {
  pods_.SetDeliveryDelay(delay);
  vns_.SetDeliveryDelay(delay);
}

void LegacyController::Enqueue(const std::string& key) {
  if (stopped_ || !queued_.insert(key).second) return;
  queue_.push_back(key);
  wake_.Notify();
}

void LegacyController::EnqueueNamespace(const std::string& namespace_name) {
  for (const kube::Pod& p : pods_.List(namespace_name)) Enqueue(kube::KeyOf(p.metadata));
}

Task<void> LegacyController::Worker(LegacyController* self) {
  while (true) {
    while (self->queue_.empty() || self->paused_) co_await self->wake_.Wait();
    if (self->sync_delay_ > Duration(0)) co_await async::Sleep(self->dispatcher_, self->sync_delay_);
    if (self->queue_.empty()) continue;
    std::string key = self->queue_.front();
    self->queue_.pop_front();
    self->queued_.erase(key);
    if (key == kSweepKey) {
      co_await self->Sweep();
      continue;
    }
    Status s = co_await self->SyncPod(key);
    if (s.ok()) continue;
    self->tracer_.Record(TraceEvent("controller", "LegacyError")
                             .With("pod", key).With("error", s.ToString()));
    TraceEvent log("controller", "Log");
    log.With("level", "error").With("logger", "controller.legacy").With("msg", "sync failed")
        .With("name", key).With("error", s.ToString());
    if (s.code() == StatusCode::kPermissionDenied) log.With("hint", kAccessDeniedHint);
    self->tracer_.Record(log);
    TimerPtr& timer = self->retry_timers_[key];
    timer = self->dispatcher_.CreateTimer([self, key] { self->Enqueue(key); });
    timer->Enable(kRetryDelay);
  }
}

std::string LegacyController::WhyNotRegistered(const kube::Pod* pod,
                                               std::optional<appmesh::VirtualNode>& vn) const {
  if (pod == nullptr) return "pod-deleted";
  if (pod->metadata.deletion_timestamp) return "pod-terminating";
  if (pod->status.phase != kube::PodPhase::kRunning) {
    return std::string("phase-") + kube::ToString(pod->status.phase);
  }
  if (pod->status.pod_ip.empty()) return "no-ip";
  vn = SelectingVn(*pod);
  return vn ? "" : "no-virtual-node";
}

cloudmap::Attributes LegacyAttributes(const kube::Pod& p,
                                      const appmesh::AwsCloudMapServiceDiscovery& cm) {
  cloudmap::Attributes a(p.metadata.labels.begin(), p.metadata.labels.end());
  a["AWS_INSTANCE_IPV4"] = p.status.pod_ip;
  a["k8s.io/pod"] = p.metadata.name;
  a["k8s.io/namespace"] = p.metadata.namespace_name;
  for (const auto& attr : cm.attributes) a[attr.key] = attr.value;
  a["AWS_INIT_HEALTH_STATUS"] = "HEALTHY";
  return a;
}

std::optional<appmesh::VirtualNode> LegacyController::SelectingVn(const kube::Pod& pod) const {
  for (const appmesh::VirtualNode& vn : vns_.List(pod.metadata.namespace_name)) {
    const auto& sd = vn.spec.service_discovery;
    if (!sd || !sd->aws_cloud_map || !vn.spec.pod_selector) continue;
    if (vn.spec.pod_selector->Matches(pod.metadata.labels)) return vn;
  }
  return std::nullopt;
}

void LegacyController::Trace(const std::string& key, const std::string& ip, const char* action,
                             const std::string& reason) {
  tracer_.Record(TraceEvent("controller", "LegacyPodSync")
                     .With("pod", key).With("ip", ip).With("action", action)
                     .With("reason", reason));
}

Task<Status> LegacyController::SyncPod(std::string key) {
  const kube::Pod* pod = pods_.Get(key);
  std::optional<appmesh::VirtualNode> vn;
  std::string why = WhyNotRegistered(pod, vn);
  auto old = registered_.find(key);
  if (!why.empty()) {
    if (old == registered_.end()) co_return Status::Ok();
    Registered r = old->second;
    Status s = co_await Deregister(key, std::move(r), std::move(why));
    co_return s;
  }
  kube::Pod p = *pod;  // the cache may change while we wait
  const appmesh::AwsCloudMapServiceDiscovery cm = *vn->spec.service_discovery->aws_cloud_map;
  std::string vn_name = vn->metadata.name;
  Result<std::string> service = co_await ServiceId(cm, std::move(vn_name));
  if (!service.ok()) co_return service.status();
  Registered want{.service_id = *service, .ip = p.status.pod_ip,
                  .attributes = LegacyAttributes(p, cm)};
  old = registered_.find(key);
  if (old != registered_.end() && old->second == want) co_return UnblockGate(p);
  if (old != registered_.end() &&
      (old->second.ip != want.ip || old->second.service_id != want.service_id)) {
    Registered r = old->second;
    std::string reason = "moved";
    Status s = co_await Deregister(key, std::move(r), std::move(reason));
    if (!s.ok()) co_return s;
  }
  Trace(key, want.ip, "register", old == registered_.end() ? "running" : "attributes-changed");
  cloudmap::RegisterInstanceRequest req{.service_id = want.service_id, .instance_id = want.ip,
                                        .creator_request_id = p.metadata.name,
                                        .attributes = want.attributes};
  TraceContext ctx{{"pod", key}, {"service", want.service_id}, {"instance", want.ip}};
  Result<cloudmap::OperationIdResponse> r = co_await caller_.Invoke<cloudmap::OperationIdResponse>(
      "RegisterInstance", ctx, [&](Callback<cloudmap::OperationIdResponse> cb) {
        caller_.client().RegisterInstance(req, std::move(cb));
      });
  if (!r.ok() && r.status().code() != StatusCode::kDuplicateRequest) co_return r.status();
  ++registrations_;
  registered_[key] = want;
  co_return UnblockGate(p);
}

Status LegacyController::UnblockGate(const kube::Pod& p) {
  const auto& gates = p.spec.readiness_gates;
  if (std::find(gates.begin(), gates.end(), kCloudMapHealthyCondition) == gates.end() ||
      p.status.IsConditionTrue(kCloudMapHealthyCondition)) {
    return Status::Ok();
  }
  // A failure (e.g. a conflict with the kubelet) fails the sync, which is retried.
  return SetCloudMapHealthyCondition(kube_.Pods(), p.metadata.namespace_name, p.metadata.name,
                                     true, dispatcher_.WallNow());
}

Task<Status> LegacyController::Deregister(std::string key, Registered r, std::string reason) {
  Trace(key, r.ip, "deregister", reason);
  cloudmap::DeregisterInstanceRequest req{.service_id = r.service_id, .instance_id = r.ip};
  TraceContext ctx{{"pod", key}, {"service", r.service_id}, {"instance", r.ip}};
  Result<cloudmap::OperationIdResponse> d = co_await caller_.Invoke<cloudmap::OperationIdResponse>(
      "DeregisterInstance", ctx, [&](Callback<cloudmap::OperationIdResponse> cb) {
        caller_.client().DeregisterInstance(req, std::move(cb));
      });
  if (!d.ok() && d.status().code() != StatusCode::kNotFound &&
      d.status().code() != StatusCode::kDuplicateRequest) {
    co_return d.status();
  }
  ++deregistrations_;
  auto it = registered_.find(key);
  if (it != registered_.end() && it->second.ip == r.ip) registered_.erase(it);
  co_return Status::Ok();
}

Task<Result<std::string>> LegacyController::ServiceId(appmesh::AwsCloudMapServiceDiscovery cm,
                                                      std::string vn_name) {
  std::string cache_key = cm.namespace_name + "/" + cm.service_name;
  if (auto it = service_ids_.find(cache_key); it != service_ids_.end()) co_return it->second;
  std::string ns_name = cm.namespace_name, svc_name = cm.service_name;
  Result<std::string> found = co_await FindService(ns_name, svc_name);
  if (found.ok() || found.status().code() != StatusCode::kNotFound) {
    if (found.ok()) service_ids_[cache_key] = *found;
    co_return found;
  }
  // Not found: create it. FindService left the namespace id in the cache under "<ns>/".
  cloudmap::CreateServiceRequest req{.name = cm.service_name,
                                     .creator_request_id = vn_name};
  req.dns_config = cloudmap::DnsConfig{
      .namespace_id = service_ids_[cm.namespace_name + "/"],
      .routing_policy = cloudmap::RoutingPolicy::kMultivalue,
      .dns_records = {cloudmap::DnsRecord{.type = cloudmap::RecordType::kA, .ttl = 300}}};
  req.health_check_custom_config = cloudmap::HealthCheckCustomConfig{.failure_threshold = 1};
  TraceContext ctx{{"service", cm.service_name}};
  Result<cloudmap::Service> created = co_await caller_.Invoke<cloudmap::Service>(
      "CreateService", ctx,
      [&](Callback<cloudmap::Service> cb) { caller_.client().CreateService(req, std::move(cb)); });
  if (created.ok()) {
    service_ids_[cache_key] = created->id;
    co_return created->id;
  }
  if (created.status().code() != StatusCode::kAlreadyExists) co_return created.status();
  found = co_await FindService(ns_name, svc_name);
  if (found.ok()) service_ids_[cache_key] = *found;
  co_return found;
}

Task<Result<std::string>> LegacyController::FindService(std::string namespace_name,
                                                        std::string service_name) {
  std::string& ns_id = service_ids_[namespace_name + "/"];
  if (ns_id.empty()) {
    cloudmap::ListNamespacesRequest req;
    do {
      TraceContext ctx{{"namespace", namespace_name}};
      Result<cloudmap::ListNamespacesResponse> r =
          co_await caller_.Invoke<cloudmap::ListNamespacesResponse>(
              "ListNamespaces", ctx, [&](Callback<cloudmap::ListNamespacesResponse> cb) {
                caller_.client().ListNamespaces(req, std::move(cb));
              });
      if (!r.ok()) co_return r.status();
      for (const auto& ns : r->namespaces) {
        if (ns.name == namespace_name && ns_id.empty()) ns_id = ns.id;
      }
      req.next_token = r->next_token;
    } while (req.next_token && ns_id.empty());
    if (ns_id.empty()) {
      service_ids_.erase(namespace_name + "/");
      co_return Status(StatusCode::kInternal, "NamespaceNotFound",
                       "Could not find namespace in cloudmap with name " + namespace_name);
    }
  }
  cloudmap::ListServicesRequest req{.filters = {cloudmap::Filter{"NAMESPACE_ID", {ns_id}, {}}}};
  do {
    TraceContext ctx{{"service", service_name}};
    Result<cloudmap::ListServicesResponse> r =
        co_await caller_.Invoke<cloudmap::ListServicesResponse>(
            "ListServices", ctx, [&](Callback<cloudmap::ListServicesResponse> cb) {
              caller_.client().ListServices(req, std::move(cb));
            });
    if (!r.ok()) co_return r.status();
    for (const auto& s : r->services) {
      if (s.name == service_name) co_return s.id;
    }
    req.next_token = r->next_token;
  } while (req.next_token);
  co_return Status(StatusCode::kNotFound, "ServiceNotFound", service_name);
}

Task<Status> LegacyController::Sweep() {
  std::set<std::string> seen_services;
  int64_t removed = 0;
  for (const appmesh::VirtualNode& vn : vns_.List()) {
    const auto& sd = vn.spec.service_discovery;
    if (!sd || !sd->aws_cloud_map) continue;
    appmesh::AwsCloudMapServiceDiscovery cm = *sd->aws_cloud_map;
    std::string vn_name = vn.metadata.name;
    Result<std::string> service = co_await ServiceId(cm, std::move(vn_name));
    if (!service.ok() || !seen_services.insert(*service).second) continue;
    cloudmap::ListInstancesRequest req{.service_id = *service};
    std::vector<cloudmap::Instance> instances;
    do {
      TraceContext ctx{{"service", *service}};
      Result<cloudmap::ListInstancesResponse> r =
          co_await caller_.Invoke<cloudmap::ListInstancesResponse>(
              "ListInstances", ctx, [&](Callback<cloudmap::ListInstancesResponse> cb) {
                caller_.client().ListInstances(req, std::move(cb));
              });
      if (!r.ok()) break;
      instances.insert(instances.end(), r->instances.begin(), r->instances.end());
      req.next_token = r->next_token;
    } while (req.next_token);
    for (const cloudmap::Instance& i : instances) {
      auto pod = i.attributes.find("k8s.io/pod");
      auto ns = i.attributes.find("k8s.io/namespace");
      if (pod == i.attributes.end() || ns == i.attributes.end()) continue;
      std::string key = ns->second + "/" + pod->second;
      if (pods_.Get(key) != nullptr) continue;
      Registered r{.service_id = *service, .ip = i.id};
      std::string reason = "sweep-pod-gone";
      Status s = co_await Deregister(key, std::move(r), std::move(reason));
      removed += s.ok();
    }
  }
  tracer_.Record(TraceEvent("controller", "LegacySweep")
                     .With("services", seen_services.size()).With("deregistered", removed));
  co_return Status::Ok();
}

}  // namespace meshsim::controller::legacy
