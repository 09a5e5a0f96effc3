// File: controller/runtime/controller.h
//
// controller-runtime's Controller: N workers (MaxConcurrentReconciles, default 3) take keys from
// a WorkQueue and run a reconcile coroutine per key; its ReconcileResult is mapped onto the queue
// as pkg/runtime/reconcile.go + controller-runtime do (spec B.0.6):
//   ok              -> Forget
//   requeue         -> AddRateLimited (per-item exponential backoff from 5 ms)
//   requeue_after d -> Forget, AddAfter(d)   (backoff counter reset)
//   error(Status)   -> AddRateLimited, error traced
// Every enqueue is traced with its reason, every reconcile with its start, end, result and the
// time the key waited in the queue.
// Operator controls (failure scenarios): Pause()/Resume() stop and restart handing keys to the
// workers (events keep queueing, deduplicated); SetProcessingDelay(d) makes every reconcile
// wait `d` before it runs (a CPU-starved or slowed controller), traced as `slowdown`.
// SetEndAnnotator(f) lets the owner add fields (e.g. the reconcile's API cost) to ReconcileEnd.
//
// Example:
//   Controller c(dispatcher, tracer, "cloudMap", 3, [this](std::string key) {
//     return Reconcile(std::move(key));
//   });
//   c.Start();
//   c.Enqueue("ns/vn", "pod-event");
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "controller/api/dispatcher.h"
#include "controller/api/status.h"
#include "controller/api/tracer.h"
#include "controller/async/task.h"
#include "controller/async/task_scope.h"
#include "controller/runtime/work_queue.h"

namespace meshsim::controller::runtime {

struct ReconcileResult {
  enum class Kind { kOk, kRequeue, kRequeueAfter, kError };
  Kind kind = Kind::kOk;
  Duration after{0};
  Status error;

  static ReconcileResult Ok() { return {}; }
  static ReconcileResult Requeue() { return {Kind::kRequeue, Duration(0), Status()}; }
  static ReconcileResult RequeueAfter(Duration d) { return {Kind::kRequeueAfter, d, Status()}; }
  static ReconcileResult Error(Status s) { return {Kind::kError, Duration(0), std::move(s)}; }
  // "ok", "requeue", "requeue_after", "error".
  const char* KindName() const;
};

using ReconcileFunc = std::function<async::Task<ReconcileResult>(std::string key)>;

class Controller {
 public:
  Controller(Dispatcher& dispatcher, Tracer& tracer, std::string name, int workers,
             ReconcileFunc reconcile);
  Controller(const Controller&) = delete;
  Controller& operator=(const Controller&) = delete;

  // Starts the workers.
  void Start();
  // Shuts the queue down and destroys the workers and any reconcile in progress.
  void Stop();
  // Adds `key` to the queue, tracing `reason`.
  void Enqueue(const std::string& key, const std::string& reason);

  void Pause();
  void Resume();
  bool paused() const { return queue_.paused(); }
  void SetProcessingDelay(Duration d) { processing_delay_ = d; }
  Duration processing_delay() const { return processing_delay_; }
  using EndAnnotator = std::function<void(const std::string& key, TraceEvent& end)>;
  void SetEndAnnotator(EndAnnotator f) { annotate_end_ = std::move(f); }

  WorkQueue& queue() { return queue_; }
  const WorkQueue& queue() const { return queue_; }
  int64_t reconciles() const { return reconciles_; }
  int64_t in_flight() const { return in_flight_; }
  int64_t max_in_flight() const { return max_in_flight_; }

 private:
  async::Task<void> Worker(int id);
  void Apply(const std::string& key, const ReconcileResult& r);

  Dispatcher& dispatcher_;
  Tracer& tracer_;
  std::string name_;
  int workers_;
  ReconcileFunc reconcile_;
  WorkQueue queue_;
  Duration processing_delay_{0};
  EndAnnotator annotate_end_;
  int64_t reconciles_ = 0;
  int64_t in_flight_ = 0;
  int64_t max_in_flight_ = 0;
  async::TaskScope scope_;  // last: worker frames die before the queue
};

}  // namespace meshsim::controller::runtime
