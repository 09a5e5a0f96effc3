// File: controller/cloudmap/instances_reconciler.h
//
// The instance reconcile of one VirtualNode's subset (spec B.6-B.7.1; Go: instances_reconciler.go,
// instances_reconcile_reactor.go, instances_reconcile_task.go). At most one background task runs
// per (service, subset). Reconcile() submits the desired state to it (a newer submission answers
// the older one "cancelled by new desired state") and waits at most `reconcile_wait` (5 s):
//   - answered OK   -> custom health updates when the service has HealthCheckCustomConfig
//                      (HEALTHY for every ready instance, then UNHEALTHY for every not-ready one,
//                      sequentially, first error returned), then Ok;
//   - answered error -> Error (rate-limited requeue);
//   - timeout        -> RequeueAfter(requeue_after_timeout = 10 s); the task keeps running.
// The task diffs the cache's instances against the desired state, starts each register /
// deregister whose instance has no operation in flight (each polls GetOperation, see
// instances_cache.h), and re-diffs on every completion until nothing is left in flight.
// A re-diff for the same submission looks only at the instances that can need an operation
// now: those the cache changed since the last diff and those whose operation finished since.
// Every other instance was looked at before, needed nothing (or got an operation, and is then
// in flight or finished) and has not changed, so the whole-subset diff would plan nothing for
// it either; re-comparing a 1,000-instance subset after every completion was a third of
// day-1k's CPU. A new submission looks, in addition, at the instances whose desired entry
// differs from the request of the last diff (AddChangedDesired: a 1,000-pod VN's reconcile
// after one pod changed compared all 1,000 attribute maps again). A first diff, another
// subset scope, or a cache that cannot say what changed (the listing expired or was
// evicted) gets the whole-subset diff.
// A task ends when its submission is answered; the next reconcile of the subset starts a new
// one. A task that ended cleanly (answered OK, nothing in flight or settled since its last
// diff) leaves that diff's mark and request behind, and the next task of the subset starts
// from them, so its first diff is the partial one too: the last diff planned nothing, so the
// instances neither changed in the cache since nor desired differently still need nothing
// (day-1k's ~1,500 reconciles of a 1,000-pod subset each compared all 1,000 again). A task
// that ended any other way (an error, operations still in flight) leaves nothing behind.
// After a successful answer (and custom health updates) the ready pods are submitted to the
// readiness-gate health prober (B.7.2-4, health_prober.h); a pod read error fails the reconcile.
//
// Example:
//   InstancesReconciler r(caller, cache, prober, scope);
//   ReconcileResult res = co_await r.Reconcile(request, service.custom_health_check);
#pragma once

#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>

#include "controller/async/event.h"
#include "controller/async/task.h"
#include "controller/async/task_scope.h"
#include "controller/cloudmap/aws_caller.h"
#include "controller/cloudmap/health_prober.h"
#include "controller/cloudmap/instances_cache.h"
#include "controller/cloudmap/instances_diff.h"
#include "controller/runtime/controller.h"

namespace meshsim::controller {

class InstancesReconciler {
 public:
  // `scope` owns the background tasks and operations. REQUIRES: it is destroyed before `this`.
  InstancesReconciler(CloudMapCaller& caller, InstancesCache& cache, HealthProber& prober,
                      async::TaskScope& scope);

  // Reconciles the subset as described above. The request is shared, not copied: a 1,000-pod
  // VN's reconcile hands over the previous one's request when nothing in it changed.
  async::Task<runtime::ReconcileResult> Reconcile(std::shared_ptr<const SubsetRequest> request,
                                                  bool custom_health_check);

  // Number of (service, subset) tasks running now.
  size_t active_tasks() const { return tasks_.size(); }
  int64_t operations_started() const { return operations_started_; }
  // Re-diffs that looked only at changed instances, and (with the check below) how many of
  // them planned something else than the whole-subset diff would have.
  int64_t partial_diffs() const { return partial_diffs_; }
  int64_t partial_diff_mismatches() const { return partial_diff_mismatches_; }
  // Tests: every partial re-diff also runs the whole-subset diff and counts a mismatch.
  void set_check_partial_diffs_for_test(bool check) { check_partial_diffs_ = check; }
  // Drops what the last task of the subset left behind (the VirtualNode is gone).
  void ForgetSubset(const std::string& service_id, const std::string& subset_id);
  // Number of subsets whose next task will start from a clean task's last diff.
  size_t carried_diffs() const { return carried_.size(); }
  // Submissions whose request was the subset's last diffed one itself (an unchanged desired
  // state handed over again, see ResourceManager::BuildRequest).
  int64_t unchanged_submissions() const { return unchanged_submissions_; }

 private:
  struct Submission {
    // Shared, not copied: the desired maps of a 1,000-pod subset are built once per reconcile.
    std::shared_ptr<const SubsetRequest> request;
    std::shared_ptr<async::OneShot<Status>> answer;
  };
  struct SubsetTask {
    explicit SubsetTask(Dispatcher& d) : wake(d) {}
    std::string key;
    std::optional<Submission> pending;
    std::set<std::string> in_flight;  // instance ids
    // Where the current submission's last diff stood in the service's cache history (nullopt:
    // no diff yet, the next one looks at the whole subset), and the instances whose operation
    // finished since (usually in the cache's change log too, but not when the cache kept a
    // newer change recorded before that diff).
    std::optional<ListingMark> last_diff;
    std::shared_ptr<const SubsetRequest> last_request;  // the request of that diff
    std::set<std::string> settled;
    std::deque<Status> completions;
    async::Event wake;
  };
  // A clean task's last diff, for the next task of the same subset.
  struct CarriedDiff {
    ListingMark mark;
    std::shared_ptr<const SubsetRequest> request;
  };

  void Submit(Submission submission);
  static async::Task<void> RunTask(InstancesReconciler* self, std::shared_ptr<SubsetTask> task);
  // Diffs and starts operations. Returns an error when the instances cannot be listed.
  // Shares `request` (RunTask's current submission's; copying the desired maps of 1,000
  // instances on every re-diff was a visible cost) and keeps it as the task's last_request.
  async::Task<Status> DiffAndStart(std::shared_ptr<SubsetTask> task,
                                   std::shared_ptr<const SubsetRequest> request_ptr);
  static async::Task<void> RunOperation(InstancesReconciler* self,
                                        std::shared_ptr<SubsetTask> task, std::string service_id,
                                        std::string vn_key, PlannedOp op);
  async::Task<Status> UpdateCustomHealth(std::shared_ptr<const SubsetRequest> request);
  // Removes the ended `task` from tasks_ and keeps its last diff when it ended `clean` and
  // nothing is in flight, settled or unread since (else drops the subset's carried diff).
  void EndTask(const std::shared_ptr<SubsetTask>& task, bool clean);

  CloudMapCaller& caller_;
  InstancesCache& cache_;
  HealthProber& prober_;
  async::TaskScope& scope_;
  std::map<std::string, std::shared_ptr<SubsetTask>> tasks_;  // "<serviceId>/<subsetId>"
  std::map<std::string, CarriedDiff> carried_;                 // same keys, no task running
  int64_t operations_started_ = 0;
  int64_t partial_diffs_ = 0;
  int64_t partial_diff_mismatches_ = 0;
  int64_t unchanged_submissions_ = 0;
  bool check_partial_diffs_ = false;
};

}  // namespace meshsim::controller
