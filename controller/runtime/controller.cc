#include "controller/runtime/controller.h"

#include <algorithm>

#include "controller/async/sleep.h"

namespace meshsim::controller::runtime {

const char* ReconcileResult::KindName() const {
  switch (kind) {
    case Kind::kOk: return "ok";
    case Kind::kRequeue: return "requeue";
    case Kind::kRequeueAfter: return "requeue_after";
    case Kind::kError: return "error";
  }
  return "ok";
}

Controller::Controller(Dispatcher& dispatcher, Tracer& tracer, std::string name, int workers,
                       ReconcileFunc reconcile)
    : dispatcher_(dispatcher), tracer_(tracer), name_(std::move(name)), workers_(workers),
      reconcile_(std::move(reconcile)), queue_(dispatcher) {}

void Controller::Start() {
  for (int i = 0; i < workers_; ++i) scope_.Spawn(Worker(i));
}

void Controller::Stop() {
  queue_.ShutDown();
  scope_.Cancel();
  in_flight_ = 0;
}

void Controller::Pause() {
  queue_.Pause();
  tracer_.Record(TraceEvent("controller", "ControllerPaused")
                     .With("controller", name_).With("queued", static_cast<int64_t>(queue_.Len())));
}

void Controller::Resume() {
  tracer_.Record(TraceEvent("controller", "ControllerResumed")
                     .With("controller", name_).With("queued", static_cast<int64_t>(queue_.Len())));
  queue_.Resume();
}

void Controller::Enqueue(const std::string& key, const std::string& reason) {
  tracer_.Record(TraceEvent("controller", "Enqueue")
                     .With("controller", name_).With("key", key).With("reason", reason)
                     .With("processing", queue_.IsProcessing(key)));
  queue_.Add(key);
}

async::Task<void> Controller::Worker(int id) {
  while (true) {
    std::optional<WorkQueue::Item> item = co_await queue_.Get();
    if (!item) co_return;
    ++reconciles_;
    max_in_flight_ = std::max(max_in_flight_, ++in_flight_);
    MonotonicTime start = dispatcher_.Now();
    tracer_.Record(TraceEvent("controller", "ReconcileStart")
                       .With("controller", name_).With("key", item->key).With("worker", id)
                       .With("queue_wait", item->queue_wait)
                       .With("requeues", queue_.NumRequeues(item->key)));
    Duration slowdown = processing_delay_;
    if (slowdown > Duration(0)) co_await async::Sleep(dispatcher_, slowdown);
    ReconcileResult r = co_await reconcile_(item->key);
    --in_flight_;
    TraceEvent end("controller", "ReconcileEnd");
    end.With("controller", name_).With("key", item->key).With("worker", id)
        .With("result", r.KindName()).With("duration", dispatcher_.Now() - start)
        .With("queue_wait", item->queue_wait);
    if (slowdown > Duration(0)) end.With("slowdown", slowdown);
    if (r.kind == ReconcileResult::Kind::kRequeueAfter) end.With("requeue_after", r.after);
    if (r.kind == ReconcileResult::Kind::kError) end.With("error", r.error.ToString());
    if (annotate_end_) annotate_end_(item->key, end);
    tracer_.Record(end);
    Apply(item->key, r);
    queue_.Done(item->key);
  }
}

void Controller::Apply(const std::string& key, const ReconcileResult& r) {
  switch (r.kind) {
    case ReconcileResult::Kind::kOk:
      queue_.Forget(key);
      return;
    case ReconcileResult::Kind::kRequeueAfter:
      queue_.Forget(key);
      queue_.AddAfter(key, r.after);
      tracer_.Record(TraceEvent("controller", "Requeue")
                         .With("controller", name_).With("key", key).With("kind", "after")
                         .With("delay", r.after));
      return;
    case ReconcileResult::Kind::kRequeue:
    case ReconcileResult::Kind::kError: {
      Duration d = queue_.AddRateLimited(key);
      tracer_.Record(TraceEvent("controller", "Requeue")
                         .With("controller", name_).With("key", key).With("kind", "rate_limited")
                         .With("delay", d).With("requeues", queue_.NumRequeues(key)));
      return;
    }
  }
}

}  // namespace meshsim::controller::runtime
