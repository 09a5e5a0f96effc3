// File: sim/world/assertion_monitor.h
//
// Watches a run's assertions. An `at` assertion is evaluated once at its instant (end-of-run
// ones after the last event). An `eventually` assertion is evaluated whenever the world's
// visible state changes inside its window [after, after + within] (once per burst of trace
// events, after the callback that caused them returns) and passes at the first instant it
// holds; if it never does, it fails at the deadline with what was expected and what was seen.
// `always` / `never` assertions are evaluated at the start of [from, to] and after every
// burst inside it, and fail at the first instant the check does not hold / holds; they pass
// at `to`. Latency assertions are computed from the trace (sim/metrics). A failure carries
// the last trace lines that mention what the check looked at.
//
// Example:
//   AssertionMonitor monitor(dispatcher, scenario.assertions, evaluator);
//   trace.AddObserver([&](const sim::TraceRecord& r) { monitor.OnTrace(r); });
//   monitor.Start();
//   ... run ...
//   monitor.Finish();
#pragma once

#include <deque>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "controller/api/dispatcher.h"
#include "controller/api/tracer.h"
#include "sim/kernel/trace_log.h"
#include "sim/metrics/trace_collector.h"
#include "sim/scenario/scenario.h"
#include "sim/world/check_evaluator.h"

namespace meshsim::world {

struct AssertionOutcome {
  std::string name;
  scenario::SourceSpan span;
  bool passed = false;
  bool decided = false;
  MonotonicTime decided_at{};  // when it passed or failed
  std::string expected;
  std::string actual;
  // The trace lines (JSON) that explain a failure, oldest first.
  std::vector<std::string> explanation;
  // "assertion 'x' (file:line:col) failed at 2m: expected {..}; actual {..}", then one
  // "\n    trace: {...}" line per explaining event; empty on pass.
  std::string message;
};

class AssertionMonitor {
 public:
  AssertionMonitor(Dispatcher& dispatcher, Tracer& tracer,
                   const std::vector<scenario::Assertion>& assertions,
                   const CheckEvaluator& evaluator);

  // Schedules the instants and deadlines of every assertion.
  void Start();
  // Notes that visible state changed; re-evaluates open `eventually` assertions after the
  // current callback returns.
  void OnStateChanged();
  // Keeps the record for latency checks and failure explanations, then OnStateChanged().
  void OnTrace(const sim::TraceRecord& record);
  // Evaluates end-of-run assertions and fails every one still undecided. Call after the run.
  void Finish();

  const std::vector<AssertionOutcome>& outcomes() const { return outcomes_; }
  int passed() const;
  int failed() const;

 private:
  // The delay from now until simulated time `t` (zero if it has passed).
  Duration Until(Duration t) const;
  bool InWindow(size_t i) const;
  void EvaluateOpen();
  // What the check of assertion `i` reads, as a version that changes whenever that input may
  // have: (Kubernetes resourceVersion, Cloud Map trace events seen) for discover_instances
  // checks, (resourceVersion, 0) for rollout_complete; nullopt for checks whose inputs are not
  // versioned (Envoys, traffic, the trace itself), which are evaluated after every burst.
  std::optional<std::pair<int64_t, uint64_t>> InputsVersion(size_t i) const;
  // True when assertion `i` was last evaluated by EvaluateOpen on the same inputs (so the
  // outcome, which did not decide it then, would be the same); records the version otherwise.
  bool UnchangedSinceLastEvaluation(size_t i);
  // Evaluates the check of assertion `i` now (latency checks from the collected trace).
  CheckOutcome Evaluate(size_t i) const;
  // Evaluate(i).holds, cheaper for discover_instances checks (CheckEvaluator::Holds).
  bool Holds(size_t i) const;
  // Decides an always/never assertion from one evaluation; `last` at the end of its interval.
  void Observe(size_t i, bool last);
  void Decide(size_t i, const CheckOutcome& outcome, bool final_chance);
  std::vector<std::string> Explain(const CheckOutcome& outcome) const;

  Dispatcher& dispatcher_;
  Tracer& tracer_;
  const std::vector<scenario::Assertion>& assertions_;
  const CheckEvaluator& evaluator_;
  std::vector<AssertionOutcome> outcomes_;
  bool wants_latency_ = false;
  metrics::TraceCollector collector_;   // only fed when a latency assertion exists
  std::deque<std::string> recent_;      // the last kRecentLines trace lines
  std::vector<int64_t> trace_counts_;   // per assertion: matching events (trace_events checks)
  // Every change of the fake Cloud Map's state is traced by component "cloudmap" (with reads):
  // counting those events tells whether DiscoverInstances may answer differently.
  uint64_t cloudmap_events_ = 0;
  // Per assertion: the inputs version of its last evaluation in EvaluateOpen. A large
  // discover_instances check re-evaluated after every burst (thousands of pods and instances,
  // while most bursts are the controller's own decisions) dominated the run time.
  std::vector<std::optional<std::pair<int64_t, uint64_t>>> evaluated_inputs_;
  bool evaluation_posted_ = false;
  bool evaluating_ = false;
};

}  // namespace meshsim::world
