#include "controller/cloudmap_controller.h"

#include <algorithm>
#include <utility>

#include "controller/cloudmap/selector_index.h"

namespace meshsim::controller {

using async::Task;
using runtime::ReconcileResult;

namespace {

bool HasFinalizer(const appmesh::VirtualNode& vn) {
  const auto& f = vn.metadata.finalizers;
  return std::find(f.begin(), f.end(), kCloudMapFinalizer) != f.end();
}

}  // namespace

CloudMapController::CloudMapController(Dispatcher& dispatcher, KubeClient& kube,
                                       CloudMapClient& cloudmap, Tracer& tracer,
                                       ControllerOptions options)
    : dispatcher_(dispatcher), tracer_(tracer), options_(std::move(options)),
      throttled_(dispatcher, tracer, cloudmap, options_.cloudmap_throttles),
      caller_(dispatcher, tracer, throttled_, options_),
      meshes_(dispatcher, kube.Meshes(), tracer, "Mesh", Duration(0),
              options_.informer_retry_period),
      nodes_(dispatcher, kube.Nodes(), tracer, "Node", Duration(0), options_.informer_retry_period),
      pods_(dispatcher, kube.Pods(), tracer, "Pod", options_.resync_period,
            options_.informer_retry_period),
      vns_(dispatcher, kube.VirtualNodes(), tracer, "VirtualNode", options_.resync_period,
           options_.informer_retry_period),
      cache_(caller_),
      writer_(caller_, kube.VirtualNodes()),
      pod_handler_([this](const kube::Pod& pod,
                          const std::function<void(const appmesh::VirtualNode&)>& visit) {
                     ForEachVirtualNodeThatMaySelect(vns_, pod, visit);
                   },
                   [this](const std::string& key, const std::string& reason) {
                     Enqueue(key, reason);
                   }),
      controller_(dispatcher, tracer, "cloudMap", options_.workers,
                  [this](std::string key) { return Reconcile(std::move(key)); }),
      prober_(caller_, kube.Pods(), scope_),
      instances_(caller_, cache_, prober_, scope_),
      resources_(caller_, instances_, writer_, Listers{&meshes_, &pods_, &nodes_}) {
  AddPodLabelIndex(pods_);
  AddVirtualNodeSelectorIndex(vns_);
  pods_.AddHandlers(pod_handler_.Handlers());
  vns_.AddHandlers(
      {.on_add = [this](const appmesh::VirtualNode& vn) { Enqueue(kube::KeyOf(vn.metadata), "vn-create"); },
       .on_update =
           [this](const appmesh::VirtualNode& o, const appmesh::VirtualNode& n) {
             bool resync = o.metadata.resource_version == n.metadata.resource_version;
             Enqueue(kube::KeyOf(n.metadata), resync ? "vn-resync" : "vn-update");
           },
       .on_delete = [this](const appmesh::VirtualNode& vn) { Enqueue(kube::KeyOf(vn.metadata), "vn-delete"); }});
  controller_.SetEndAnnotator(
      [this](const std::string& key, TraceEvent& end) { AnnotateEnd(key, end); });
  if (options_.profile == "legacy") {
    legacy_ = std::make_unique<legacy::LegacyController>(dispatcher, kube, cloudmap, tracer,
                                                         options_);
  }
  slowdown_ = {options_.reconcile_delay, options_.api_call_delay};
  controller_.SetProcessingDelay(slowdown_.reconcile_delay);
  caller_.SetExtraLatency(slowdown_.api_delay);
  meshes_.SetDeliveryDelay(options_.watch_delivery_delay);
  nodes_.SetDeliveryDelay(options_.watch_delivery_delay);
  pods_.SetDeliveryDelay(options_.watch_delivery_delay);
  vns_.SetDeliveryDelay(options_.watch_delivery_delay);
}

CloudMapController::~CloudMapController() { Stop(); }

void CloudMapController::Start() {
  if (legacy_) {
    legacy_->Start();
    return;
  }
  tracer_.Record(TraceEvent("controller", "ControllerStart").With("workers", options_.workers));
  meshes_.Start();
  nodes_.Start();
  pods_.Start();
  vns_.Start();
  controller_.Start();
}

void CloudMapController::Stop() {
  if (legacy_) legacy_->Stop();
  controller_.Stop();
  prober_.Stop();
  scope_.Cancel();
  vns_.Stop();
  pods_.Stop();
  nodes_.Stop();
  meshes_.Stop();
}

void CloudMapController::Pause() {
  if (legacy_) return legacy_->Pause();
  controller_.Pause();
}

void CloudMapController::Resume() {
  if (legacy_) return legacy_->Resume();
  controller_.Resume();
}

bool CloudMapController::paused() const {
  return legacy_ ? legacy_->paused() : controller_.paused();
}

void CloudMapController::SetSlowdown(Slowdown s) {
  slowdown_ = s;
  controller_.SetProcessingDelay(s.reconcile_delay);
  caller_.SetExtraLatency(s.api_delay);
  if (legacy_) legacy_->SetSlowdown(s.reconcile_delay, s.api_delay);
  tracer_.Record(TraceEvent("controller", "ControllerSlowdown")
                     .With("reconcile_delay", s.reconcile_delay).With("api_delay", s.api_delay));
}

void CloudMapController::SetWatchDelay(Duration delay) {
  meshes_.SetDeliveryDelay(delay);
  nodes_.SetDeliveryDelay(delay);
  pods_.SetDeliveryDelay(delay);
  vns_.SetDeliveryDelay(delay);
  if (legacy_) legacy_->SetWatchDelay(delay);
  tracer_.Record(TraceEvent("controller", "ControllerWatchDelay").With("delay", delay));
}

void CloudMapController::ReportReconcileError(const std::string& key, const Status& error) {
  std::string message = error.ToString();
  tracer_.Record(TraceEvent("controller", "ReconcileError").With("vn", key).With("error", message));
  // The Go controller: r.recorder.Event(vn, corev1.EventTypeWarning, "ReconcileError", err.Error())
  tracer_.Record(TraceEvent("controller", "KubeEvent")
                     .With("kind", "VirtualNode").With("object", key).With("type", "Warning")
                     .With("reason", "ReconcileError").With("message", message));
  TraceEvent log("controller", "Log");
  log.With("level", "error").With("logger", "controller.cloudMap").With("msg", "Reconciler error")
      .With("name", key).With("error", message);
  if (error.code() == StatusCode::kPermissionDenied) {
    log.With("hint", kAccessDeniedHint);
  }
  tracer_.Record(log);
}

void CloudMapController::AnnotateEnd(const std::string& key, TraceEvent& end) {
  CallTally t = caller_.TakeTally(key);
  end.With("api_calls", t.calls).With("api_time", t.api_time).With("api_errors", t.errors)
      .With("api_retries", t.retries).With("retry_wait", t.retry_wait);
}

void CloudMapController::Enqueue(const std::string& key, const std::string& reason) {
  controller_.Enqueue(key, reason);
}

CloudMapController::Stats CloudMapController::stats() const {
  Stats s;
  s.reconciles = controller_.reconciles();
  s.reconciles_in_flight = controller_.in_flight();
  s.max_reconciles_in_flight = controller_.max_in_flight();
  s.instance_tasks = static_cast<int64_t>(instances_.active_tasks());
  s.operations_started = instances_.operations_started();
  s.partial_diffs = instances_.partial_diffs();
  s.throttled_calls = throttled_.throttled_calls();
  s.queue_length = static_cast<int64_t>(controller_.queue().Len());
  return s;
}

Task<ReconcileResult> CloudMapController::Reconcile(std::string key) {
  caller_.StartTally(key);  // AnnotateEnd takes it
  const appmesh::VirtualNode* cached = vns_.Get(key);
  if (cached == nullptr) co_return ReconcileResult::Ok();  // deleted: nothing to do
  appmesh::VirtualNode vn = *cached;
  if (vn.metadata.deletion_timestamp) co_return co_await ReconcileDeletion(std::move(vn));
  if (vn.CloudMap() == nullptr) co_return ReconcileResult::Ok();
  if (!HasFinalizer(vn)) {
    std::string finalizer = kCloudMapFinalizer;  // no converted temporaries in co_await calls
    Result<appmesh::VirtualNode> updated = co_await writer_.AddFinalizer(vn, std::move(finalizer));
    if (!updated.ok()) co_return ReconcileResult::Error(updated.status());
    vn = std::move(*updated);
  }
  ReconcileResult r = co_await resources_.Reconcile(std::move(vn));
  if (r.kind == ReconcileResult::Kind::kError) ReportReconcileError(key, r.error);
  co_return r;
}

Task<ReconcileResult> CloudMapController::ReconcileDeletion(appmesh::VirtualNode vn) {
  if (!HasFinalizer(vn)) co_return ReconcileResult::Ok();
  std::string key = kube::KeyOf(vn.metadata);
  if (vn.CloudMap() != nullptr) {
    ReconcileResult r = co_await resources_.Cleanup(vn);
    if (r.kind != ReconcileResult::Kind::kOk) {
      if (r.kind == ReconcileResult::Kind::kError) ReportReconcileError(key, r.error);
      co_return r;
    }
  }
  std::string finalizer = kCloudMapFinalizer;
  Result<appmesh::VirtualNode> removed = co_await writer_.RemoveFinalizer(vn, std::move(finalizer));
  if (!removed.ok() && removed.status().code() != StatusCode::kNotFound) {
    co_return ReconcileResult::Error(removed.status());
  }
  tracer_.Record(TraceEvent("controller", "FinalizerRemoved").With("vn", key));
  co_return ReconcileResult::Ok();
}

}  // namespace meshsim::controller
