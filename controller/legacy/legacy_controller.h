// File: controller/legacy/legacy_controller.h
//
// The v0.x App Mesh controller's Cloud Map handling (branch legacy-controller, spec Appendix;
// Go: pkg/controller/pod.go, pkg/controller/controller.go, pkg/aws/cloudmap.go), selected by
// ControllerOptions::profile == "legacy". Per-pod, no finalizer, no GetOperation polling:
//   - a pod in phase Running with an IP (ContainersReady plays no part), not terminating, and
//     selected by a VirtualNode of its namespace that uses Cloud Map is registered:
//     InstanceId = pod IP, CreatorRequestId = pod name, attributes = pod labels,
//     AWS_INSTANCE_IPV4, k8s.io/pod, k8s.io/namespace, then the VN's attributes, plus
//     AWS_INIT_HEALTH_STATUS=HEALTHY (as the walkthrough's sample output shows, see
//     docs/controller.md);
//     DuplicateRequest is ignored. A pod that stops qualifying or is deleted is deregistered
//     (InstanceNotFound / DuplicateRequest ignored).
//   - the service is found by name (ListNamespaces, ListServices) or created with a MULTIVALUE
//     A record, TTL 300 (fixed), and HealthCheckCustomConfig{FailureThreshold=1}; ServiceAlreadyExists
//     re-lists. CreatorRequestId = the VN's name.
//   - every legacy_sweep_period (1 min) every Cloud Map VN's service is listed and each instance
//     whose k8s.io/pod / k8s.io/namespace pod no longer exists is deregistered.
//   - the readiness gate conditions.appmesh.k8s.aws/aws-cloudmap-healthy (added by today's
//     injector, unknown to v0.x) is set True right after registration, so pods still get Ready.
// One worker handles pod keys and sweeps in FIFO order; failed keys are retried after 5 s.
// Traces (component "controller"): LegacyPodSync (pod, ip, action, reason), LegacySweep,
// LegacyError, and the CloudMapCall/CloudMapResult pairs of CloudMapCaller.
//
// Example:
//   LegacyController legacy(dispatcher, kube, cloudmap_client, tracer, options);
//   legacy.Start();
#pragma once

#include <deque>
#include <map>
#include <optional>
#include <set>
#include <string>

#include "controller/api/cloudmap_client.h"
#include "controller/api/dispatcher.h"
#include "controller/api/kube_client.h"
#include "controller/api/tracer.h"
#include "controller/async/event.h"
#include "controller/async/task.h"
#include "controller/async/task_scope.h"
#include "controller/cloudmap/aws_caller.h"
#include "controller/controller_options.h"
#include "controller/runtime/informer.h"

namespace meshsim::controller::legacy {

// The attributes the legacy controller registers for `pod` (see above).
cloudmap::Attributes LegacyAttributes(const kube::Pod& pod,
                                      const appmesh::AwsCloudMapServiceDiscovery& cm);

class LegacyController {
 public:
  LegacyController(Dispatcher& dispatcher, KubeClient& kube, CloudMapClient& cloudmap,
                   Tracer& tracer, const ControllerOptions& options);
  LegacyController(const LegacyController&) = delete;
  LegacyController& operator=(const LegacyController&) = delete;
  ~LegacyController();

  void Start();
  // Stops everything now (crash model); nothing runs again.
  void Stop();
  // Operator controls (CloudMapController forwards them): the worker takes no pod key while
  // paused; each sync waits `sync_delay` first and each Cloud Map call `api_delay`; the
  // informers apply watch events `delay` late.
  void Pause();
  void Resume();
  bool paused() const { return paused_; }
  void SetSlowdown(Duration sync_delay, Duration api_delay);
  void SetWatchDelay(Duration delay);

  int64_t registrations() const { return registrations_; }
  int64_t deregistrations() const { return deregistrations_; }

 private:
  struct Registered {
    std::string service_id;
    std::string ip;
    cloudmap::Attributes attributes;
    bool operator==(const Registered&) const = default;
  };

  void Enqueue(const std::string& key);
  void EnqueueNamespace(const std::string& namespace_name);
  static async::Task<void> Worker(LegacyController* self);
  async::Task<Status> SyncPod(std::string key);
  async::Task<Status> Sweep();
  // Why the pod must not be registered ("pod-deleted", "phase-Pending", ...), or "" when it
  // must; then `vn` is the VN selecting it.
  std::string WhyNotRegistered(const kube::Pod* pod, std::optional<appmesh::VirtualNode>& vn) const;
  // The VN of the pod's namespace that selects it and uses Cloud Map, if any.
  std::optional<appmesh::VirtualNode> SelectingVn(const kube::Pod& pod) const;
  async::Task<Result<std::string>> ServiceId(appmesh::AwsCloudMapServiceDiscovery cm,
                                             std::string vn_name);
  async::Task<Result<std::string>> FindService(std::string namespace_name,
                                               std::string service_name);
  // Sets the readiness-gate condition True when the pod has the gate and it is not True yet.
  Status UnblockGate(const kube::Pod& pod);
  async::Task<Status> Deregister(std::string key, Registered r, std::string reason);
  void Trace(const std::string& key, const std::string& ip, const char* action,
             const std::string& reason);

  Dispatcher& dispatcher_;
  KubeClient& kube_;
  Tracer& tracer_;
  ControllerOptions options_;
  CloudMapCaller caller_;
  runtime::Informer<kube::Pod> pods_;
  runtime::Informer<appmesh::VirtualNode> vns_;
  std::deque<std::string> queue_;
  std::set<std::string> queued_;
  async::Event wake_;
  TimerPtr sweep_timer_;
  std::map<std::string, TimerPtr> retry_timers_;
  std::map<std::string, Registered> registered_;     // pod key -> what we registered
  std::map<std::string, std::string> service_ids_;   // "<cloudMapNs>/<service>" -> id
  int64_t registrations_ = 0;
  int64_t deregistrations_ = 0;
  bool stopped_ = false;
  bool paused_ = false;
  Duration sync_delay_{0};
  async::TaskScope scope_;  // last: its frames die first
};

}  // namespace meshsim::controller::legacy
