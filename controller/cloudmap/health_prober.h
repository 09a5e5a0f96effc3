// File: controller/cloudmap/health_prober.h
//
// The readiness-gate health prober (spec B.7.2-4; Go: pkg/cloudmap/instances_health_prober.go).
// After an instance task answers success, InstancesReconciler calls SubmitReady(): every ready
// pod is re-read through the pod client, pods whose condition
// conditions.appmesh.k8s.aws/aws-cloudmap-healthy is already True are dropped, and the rest
// replace this (service, subset)'s probe set (an empty set deletes it). A submission resets
// every entry's stability timer and sets the subset's deadline to now + health_probe_deadline.
// One loop serves all subsets: a timer of health_probe_period that is re-armed on every loop
// iteration (a submission or a probe round), so any submission postpones the next tick. On a
// tick each subset past its deadline is dropped; the others are probed:
//   - service without custom HC: GetInstance per entry; found -> healthy, InstanceNotFound ->
//     unhealthy, any other error aborts this subset's round;
//   - with custom HC: GetInstancesHealthStatus (paged); healthy iff HEALTHY.
// A first observation or a changed status stamps the transition time. Once a status has held
// for >= health_stable_window, the pod's status condition is written True/False through
// UpdateStatus (GET + write, retried on kConflict pod_condition_retry_steps times,
// pod_condition_retry_interval apart: client-go DefaultRetry). True entries stop being probed;
// False ones keep being probed. Write errors keep the entry. Submissions that arrive during a
// probe round wait for its end (as on the Go loop's channel).
// Traces (component "controller"): HealthProbeSubmit, HealthProbe (pod, ip, status),
// PodConditionUpdate (pod, ip, status, attempt, ok), HealthProbeDeadline, HealthProbeAborted.
//
// Example:
//   HealthProber prober(caller, kube.Pods(), scope);
//   Status s = prober.SubmitReady(request, service.custom_health_check);
#pragma once

#include <deque>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "controller/api/kube_client.h"
#include "controller/async/task.h"
#include "controller/async/task_scope.h"
#include "controller/cloudmap/aws_caller.h"
#include "controller/cloudmap/instances_diff.h"

namespace meshsim::controller {

inline constexpr char kCloudMapHealthyCondition[] =
    "conditions.appmesh.k8s.aws/aws-cloudmap-healthy";

// One GET + UpdateStatus that sets the pod's kCloudMapHealthyCondition to True/False (the
// transition time changes only with the status). Returns the write's status (kConflict when
// the pod changed in between).
Status SetCloudMapHealthyCondition(ResourceClient<kube::Pod>& pods, const std::string& pod_namespace,
                                   const std::string& pod_name, bool healthy, SystemTime now);

class HealthProber {
 public:
  // REQUIRES: `scope` is cancelled before `this` dies.
  HealthProber(CloudMapCaller& caller, ResourceClient<kube::Pod>& pods, async::TaskScope& scope);

  // Re-reads the request's ready pods and submits those without a True condition. Returns the
  // first pod read error (nothing is submitted then).
  Status SubmitReady(const SubsetRequest& request, bool custom_health_check);

  // Disarms the loop timer for good (controller crash/stop); the scope's Cancel() ends rounds.
  void Stop();

  // Subsets with a probe set, and entries in all of them.
  size_t subsets() const { return subsets_.size(); }
  size_t entries() const;

 private:
  struct Entry {
    std::string instance_id;  // pod IP
    std::string pod_name;
    std::optional<bool> healthy;  // last observation
    MonotonicTime since{};        // transition stamp
    std::optional<bool> written;  // last condition value written
  };
  struct Subset {
    std::string vn_key;
    std::string pod_namespace;
    std::string service_id;
    bool custom_health_check = false;
    MonotonicTime deadline{};
    std::vector<Entry> entries;
  };
  struct Submission {
    std::string key;
    Subset subset;
  };

  void Apply(Submission submission);
  void OnTick();
  static async::Task<void> RunRound(HealthProber* self);
  async::Task<void> ProbeSubset(std::string key);
  // Observes every entry; nullopt when the round for this subset is aborted.
  async::Task<std::optional<std::map<std::string, bool>>> Observe(Subset subset);
  async::Task<Status> WriteCondition(std::string pod_namespace, std::string pod_name,
                                     std::string ip, bool healthy);

  CloudMapCaller& caller_;
  ResourceClient<kube::Pod>& pods_;
  async::TaskScope& scope_;
  TimerPtr timer_;
  bool round_running_ = false;
  bool stopped_ = false;
  std::deque<Submission> queued_;
  std::map<std::string, Subset> subsets_;  // "<serviceId>/<subsetId>"
};

}  // namespace meshsim::controller
