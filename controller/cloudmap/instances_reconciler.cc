#include "controller/cloudmap/instances_reconciler.h"

#include <algorithm>
#include <cstdlib>
#include <utility>

namespace meshsim::controller {

using async::Task;
using runtime::ReconcileResult;

namespace {

Status CancelledByNewState() {
  return Status(StatusCode::kCancelled, "Cancelled", "cancelled by new desired state");
}

// The planted bug of ControllerOptions::fault_skip_deregister_for_test (a test seam).
bool SkipsDeregistrationForTest(const PlannedOp& op, int modulus) {
  if (modulus <= 0 || op.kind != PlannedOp::Kind::kDeregister) return false;
  size_t dot = op.instance_id.rfind('.');
  if (dot == std::string::npos) return false;
  return std::atoi(op.instance_id.c_str() + dot + 1) % modulus == 0;
}

const char* KindName(PlannedOp::Kind k) {
  return k == PlannedOp::Kind::kRegister ? "register" : "deregister";
}

}  // namespace

InstancesReconciler::InstancesReconciler(CloudMapCaller& caller, InstancesCache& cache,
                                         HealthProber& prober, async::TaskScope& scope)
    : caller_(caller), cache_(cache), prober_(prober), scope_(scope) {}

Task<ReconcileResult> InstancesReconciler::Reconcile(
    std::shared_ptr<const SubsetRequest> request, bool custom_health_check) {
  const ControllerOptions& o = caller_.options();
  auto answer = std::make_shared<async::OneShot<Status>>(caller_.dispatcher());
  const SubsetRequest& req = *request;  // kept alive by `request`
  Submit(Submission{request, answer});
  std::optional<Status> s = co_await async::WaitFor(answer, o.reconcile_wait);
  if (!s) {
    caller_.tracer().Record(TraceEvent("controller", "InstancesReconcileTimeout")
                                .With("vn", req.vn_key).With("service", req.service_id)
                                .With("wait", o.reconcile_wait)
                                .With("requeue_after", o.requeue_after_timeout));
    co_return ReconcileResult::RequeueAfter(o.requeue_after_timeout);
  }
  if (!s->ok()) co_return ReconcileResult::Error(*s);
  if (custom_health_check) {
    Status h = co_await UpdateCustomHealth(request);
    if (!h.ok()) co_return ReconcileResult::Error(h);
  }
  // B.7.2: re-read each ready pod, drop those already healthy, submit the rest to the prober.
  Status submitted = prober_.SubmitReady(req, custom_health_check);
  if (!submitted.ok()) co_return ReconcileResult::Error(submitted);
  co_return ReconcileResult::Ok();
}

void InstancesReconciler::Submit(Submission submission) {
  std::string key = submission.request->service_id + "/" + submission.request->SubsetId();
  auto it = tasks_.find(key);
  if (it != tasks_.end()) {
    SubsetTask& task = *it->second;
    unchanged_submissions_ += task.last_request == submission.request;
    if (task.pending) task.pending->answer->Set(CancelledByNewState());
    task.pending = std::move(submission);
    task.wake.Notify();
    return;
  }
  auto task = std::make_shared<SubsetTask>(caller_.dispatcher());
  task->key = key;
  if (auto carried = carried_.extract(key)) {
    task->last_diff = carried.mapped().mark;
    task->last_request = std::move(carried.mapped().request);
    unchanged_submissions_ += task->last_request == submission.request;
  }
  task->pending = std::move(submission);
  tasks_.emplace(key, task);
  scope_.Spawn(RunTask(this, task));
}

Task<void> InstancesReconciler::RunTask(InstancesReconciler* self,
                                        std::shared_ptr<SubsetTask> task) {
  std::optional<Submission> current;
  bool clean = false;  // the last submission was answered OK
  while (task->pending) {
    if (current) current->answer->Set(CancelledByNewState());
    current = std::move(task->pending);
    task->pending.reset();
    clean = false;
    Status listed = co_await self->DiffAndStart(task, current->request);
    if (!listed.ok()) {
      current->answer->Set(listed);
      current.reset();
      continue;
    }
    // Wait until nothing is in flight, a new request comes, or an operation fails.
    while (current && !task->pending) {
      if (task->in_flight.empty()) {
        clean = true;
        current->answer->Set(Status::Ok());
        current.reset();
        break;
      }
      co_await task->wake.Wait();
      bool rediff = false;
      while (current && !task->completions.empty()) {
        Status s = std::move(task->completions.front());
        task->completions.pop_front();
        if (!s.ok()) {
          current->answer->Set(s);
          current.reset();
        }
        rediff = true;
      }
      if (current && rediff && !task->pending) {
        Status again = co_await self->DiffAndStart(task, current->request);
        if (!again.ok()) {
          current->answer->Set(again);
          current.reset();
        }
      }
    }
  }
  self->EndTask(task, clean);
}

void InstancesReconciler::EndTask(const std::shared_ptr<SubsetTask>& task, bool clean) {
  auto it = tasks_.find(task->key);
  if (it == tasks_.end() || it->second != task) return;
  tasks_.erase(it);
  // Only a diff that nothing happened after since vouches for the instances it did not plan:
  // an operation still in flight (or finished but not re-diffed) was skipped by it.
  if (clean && task->last_diff && task->last_request && task->in_flight.empty() &&
      task->settled.empty() && task->completions.empty()) {
    carried_[task->key] = CarriedDiff{*task->last_diff, std::move(task->last_request)};
  } else {
    carried_.erase(task->key);
  }
}

void InstancesReconciler::ForgetSubset(const std::string& service_id,
                                       const std::string& subset_id) {
  carried_.erase(service_id + "/" + subset_id);
}

Task<Status> InstancesReconciler::DiffAndStart(
    std::shared_ptr<SubsetTask> task, std::shared_ptr<const SubsetRequest> request_ptr) {
  const SubsetRequest& request = *request_ptr;
  TraceContext ctx{{"vn", request.vn_key}, {"service", request.service_id}};
  ListingMark mark;
  Result<InstancesSnapshot> all = co_await cache_.ListInstances(request.service_id, ctx, &mark);
  if (!all.ok()) co_return all.status();
  // `all` holds the snapshot until the diff below is done (no co_await after this point).
  // Instances with an operation in flight are neither planned nor traced: the task re-diffs
  // after every completion, and deciding (and tracing) each busy instance again made the
  // start-up of a 1,000-instance subset quadratic in trace events.
  // After this submission's first diff only the instances the cache changed since the last
  // one, or whose operation settled since, can need an operation (see the header); nullopt:
  // diff the whole subset.
  // A new submission: also the instances whose desired entry is not the last diff's.
  std::optional<std::set<std::string>> changed;
  if (task->last_diff && task->last_request) {
    changed = cache_.ChangedBetween(request.service_id, *task->last_diff, mark);
    if (changed && task->last_request != request_ptr) {
      if (SameDiffScope(*task->last_request, request)) {
        AddChangedDesired(*task->last_request, request, &*changed);
      } else {
        changed.reset();
      }
    }
  }
  std::set<std::string> settled = std::exchange(task->settled, {});
  task->last_diff = mark;
  task->last_request = request_ptr;
  auto skipped_for_test = [&](const PlannedOp& op) {
    return SkipsDeregistrationForTest(op, caller_.options().fault_skip_deregister_for_test);
  };
  std::vector<PlannedOp> ops;
  InstanceAttributes filtered;
  if (changed) {
    changed->merge(settled);
    ops = DiffInstancesAmong(request, **all, *changed, task->in_flight);
    ++partial_diffs_;
    if (check_partial_diffs_) {
      const InstanceAttributes& subset =
          SubsetOf(**all, request.mesh_aws_name, request.vn_aws_name, &filtered);
      std::vector<PlannedOp> whole = DiffInstances(request, subset, task->in_flight);
      std::erase_if(whole, skipped_for_test);
      std::vector<PlannedOp> partial = ops;
      std::erase_if(partial, skipped_for_test);
      if (partial != whole) ++partial_diff_mismatches_;
    }
  } else {
    const InstanceAttributes& subset =
        SubsetOf(**all, request.mesh_aws_name, request.vn_aws_name, &filtered);
    ops = DiffInstances(request, subset, task->in_flight);
  }
  for (PlannedOp& op : ops) {
    if (skipped_for_test(op)) continue;
    caller_.tracer().Record(TraceEvent("controller", "InstanceDecision")
                                .With("vn", request.vn_key).With("service", request.service_id)
                                .With("action", KindName(op.kind)).With("instance", op.instance_id)
                                .With("pod", op.pod_name).With("reason", op.reason));
    task->in_flight.insert(op.instance_id);
    ++operations_started_;
    scope_.Spawn(RunOperation(this, task, request.service_id, request.vn_key, std::move(op)));
  }
  co_return Status::Ok();
}

Task<void> InstancesReconciler::RunOperation(InstancesReconciler* self,
                                             std::shared_ptr<SubsetTask> task,
                                             std::string service_id, std::string vn_key,
                                             PlannedOp op) {
  TraceContext ctx{{"vn", vn_key}, {"service", service_id}, {"instance", op.instance_id},
                   {"pod", op.pod_name}};
  MonotonicTime start = self->caller_.dispatcher().Now();
  std::string tally_key = CloudMapCaller::TallyKey(vn_key, op.instance_id);
  self->caller_.StartTally(tally_key);
  Status s;
  if (op.kind == PlannedOp::Kind::kRegister) {
    s = co_await self->cache_.RegisterInstance(service_id, op.instance_id, op.attributes, ctx);
  } else {
    s = co_await self->cache_.DeregisterInstance(service_id, op.instance_id, ctx);
  }
  TraceEvent done("controller", "InstanceOperationDone");
  done.With("vn", vn_key).With("service", service_id).With("action", KindName(op.kind))
      .With("instance", op.instance_id).With("pod", op.pod_name).With("ok", s.ok())
      .With("duration", self->caller_.dispatcher().Now() - start);
  // The controller's own part of this instance's propagation: API time (throttle waits
  // included), SDK retries and their waits; the rest of `duration` is GetOperation polling.
  CallTally t = self->caller_.TakeTally(tally_key);
  done.With("api_calls", t.calls).With("api_time", t.api_time).With("api_retries", t.retries)
      .With("retry_wait", t.retry_wait)
      .With("poll_wait", self->caller_.dispatcher().Now() - start - t.api_time - t.retry_wait);
  if (!s.ok()) done.With("error", s.ToString());
  self->caller_.tracer().Record(done);
  task->in_flight.erase(op.instance_id);
  task->settled.insert(op.instance_id);
  task->completions.push_back(s);
  task->wake.Notify();
}

Task<Status> InstancesReconciler::UpdateCustomHealth(
    std::shared_ptr<const SubsetRequest> request_ptr) {
  const SubsetRequest& request = *request_ptr;
  for (int pass = 0; pass < 2; ++pass) {
    const auto& set = pass == 0 ? request.ready : request.not_ready;
    cloudmap::CustomHealthStatus status =
        pass == 0 ? cloudmap::CustomHealthStatus::kHealthy : cloudmap::CustomHealthStatus::kUnhealthy;
    for (const auto& [id, want] : set) {
      cloudmap::UpdateInstanceCustomHealthStatusRequest req{
          .service_id = request.service_id, .instance_id = id, .status = status};
      TraceContext ctx{{"vn", request.vn_key}, {"service", request.service_id},
                       {"instance", id}, {"pod", want.pod_name},
                       {"status", cloudmap::ToString(status)}};
      Result<Empty> r = co_await caller_.Invoke<Empty>(
          "UpdateInstanceCustomHealthStatus", ctx, [&](Callback<Empty> cb) {
            caller_.client().UpdateInstanceCustomHealthStatus(req, std::move(cb));
          });
      if (!r.ok()) co_return r.status();
    }
  }
  co_return Status::Ok();
}

}  // namespace meshsim::controller
