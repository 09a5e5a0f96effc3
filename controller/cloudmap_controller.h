// File: controller/cloudmap_controller.h
//
// The App Mesh controller's `cloudMap` controller (controllers/appmesh/cloudmap_controller.go)
// on meshsim's ports: informers on Mesh, Node, Pod and VirtualNode; a work queue of VirtualNode
// keys fed by VN events and by the pod event rules (spec A); `workers` reconcile workers
// (spec B.0): get the VN from the cache; deletion path (D.1) behind the
// finalizers.appmesh.k8s.aws/aws-cloudmap-resources finalizer; add the finalizer; run the
// resource manager (B.1-B.7.1). Cloud Map calls go through a ThrottledCloudMapClient built from
// options.cloudmap_throttles. Everything is traced under component "controller".
// Stop() (or destruction) models a crash: every reconcile, instance task, operation poll and
// timer is destroyed at once; a restart is a new CloudMapController (ControllerProcess in
// controller/controller_process.h does both for a world).
// Operator controls for failure scenarios (docs/controller.md "Failure behaviour"):
// Pause()/Resume() stall the work queue (events keep queueing, deduplicated; reconciles
// and instance tasks already running finish); SetSlowdown() delays every reconcile and every
// Cloud Map call; SetWatchDelay() makes every informer apply watch events late (stale cache).
// With options.profile == "legacy" it runs the v0.x controller (legacy/legacy_controller.h)
// instead, on the same clients.
//
// Example:
//   CloudMapController controller(dispatcher, kube, cloudmap_client, tracer, ControllerOptions{});
//   controller.Start();
//   dispatcher.RunFor(std::chrono::minutes(1));
//   EXPECT_EQ(controller.stats().instance_tasks, 0);
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "controller/api/cloudmap_client.h"
#include "controller/api/dispatcher.h"
#include "controller/api/kube_client.h"
#include "controller/api/tracer.h"
#include "controller/async/task.h"
#include "controller/async/task_scope.h"
#include "controller/cloudmap/aws_caller.h"
#include "controller/cloudmap/health_prober.h"
#include "controller/cloudmap/instances_cache.h"
#include "controller/cloudmap/instances_reconciler.h"
#include "controller/cloudmap/pod_event_handler.h"
#include "controller/cloudmap/resource_manager.h"
#include "controller/cloudmap/vn_writer.h"
#include "controller/controller_options.h"
#include "controller/legacy/legacy_controller.h"
#include "controller/runtime/controller.h"
#include "controller/runtime/informer.h"
#include "controller/throttled_cloudmap_client.h"

namespace meshsim::controller {

// A slowed controller: `reconcile_delay` before every reconcile runs (CPU starvation, a
// stuck dependency), `api_delay` before every Cloud Map call is sent (slow network/proxy).
struct Slowdown {
  Duration reconcile_delay{0};
  Duration api_delay{0};
  bool operator==(const Slowdown&) const = default;
};

class CloudMapController {
 public:
  CloudMapController(Dispatcher& dispatcher, KubeClient& kube, CloudMapClient& cloudmap,
                     Tracer& tracer, ControllerOptions options);
  CloudMapController(const CloudMapController&) = delete;
  CloudMapController& operator=(const CloudMapController&) = delete;
  ~CloudMapController();

  // Starts the informers (each lists at once), then the workers.
  void Start();
  // Stops everything now; nothing started by this controller runs again.
  void Stop();

  // Stops handing work-queue keys to the workers until Resume(). Traced.
  void Pause();
  void Resume();
  bool paused() const;
  // Replaces the current slow-down (zero both fields to undo). Traced.
  void SetSlowdown(Slowdown s);
  Slowdown slowdown() const { return slowdown_; }
  // Every informer applies later watch events `delay` after they arrive. Traced.
  void SetWatchDelay(Duration delay);

  struct Stats {
    int64_t reconciles = 0;           // reconciles started
    int64_t reconciles_in_flight = 0;
    int64_t max_reconciles_in_flight = 0;
    int64_t instance_tasks = 0;       // (service, subset) tasks running
    int64_t operations_started = 0;   // Register/DeregisterInstance started
    int64_t partial_diffs = 0;        // re-diffs that looked only at changed instances
    int64_t throttled_calls = 0;      // calls that waited on a client-side limiter
    int64_t queue_length = 0;
  };
  Stats stats() const;
  const ControllerOptions& options() const { return options_; }
  // Test hook: the work queue (e.g. to check NumRequeues).
  runtime::WorkQueue& QueueForTest() { return controller_.queue(); }
  // Test hook: the instance reconciler (e.g. to check its partial re-diffs).
  InstancesReconciler& InstancesForTest() { return instances_; }

 private:
  async::Task<runtime::ReconcileResult> Reconcile(std::string key);
  async::Task<runtime::ReconcileResult> ReconcileDeletion(appmesh::VirtualNode vn);
  void Enqueue(const std::string& key, const std::string& reason);
  // What users see of a failed reconcile (spec B.0.6): the Warning event "ReconcileError" on
  // the VirtualNode (`kubectl describe virtualnode`) and the controller's error log line
  // (`kubectl logs`), traced as ("controller", "KubeEvent") and ("controller", "Log"). An
  // AccessDeniedException carries the walkthrough's troubleshooting hint.
  void ReportReconcileError(const std::string& key, const Status& error);
  // Adds the reconcile's Cloud Map cost (CallTally) to its ReconcileEnd event.
  void AnnotateEnd(const std::string& key, TraceEvent& end);

  Dispatcher& dispatcher_;
  Tracer& tracer_;
  ControllerOptions options_;
  ThrottledCloudMapClient throttled_;
  CloudMapCaller caller_;
  runtime::Informer<appmesh::Mesh> meshes_;
  runtime::Informer<kube::Node> nodes_;
  runtime::Informer<kube::Pod> pods_;
  runtime::Informer<appmesh::VirtualNode> vns_;
  InstancesCache cache_;
  VirtualNodeWriter writer_;
  PodEventHandler pod_handler_;
  runtime::Controller controller_;
  async::TaskScope scope_;  // background instance tasks; declared before their users die
  HealthProber prober_;
  InstancesReconciler instances_;
  ResourceManager resources_;
  // Set when options.profile == "legacy": then only it runs.
  std::unique_ptr<legacy::LegacyController> legacy_;
  Slowdown slowdown_;
};

}  // namespace meshsim::controller
