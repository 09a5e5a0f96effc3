#include "sim/world/assertion_monitor.h"

namespace meshsim::world {

using Mode = scenario::Assertion::Mode;

AssertionMonitor::AssertionMonitor(Dispatcher& dispatcher, Tracer& tracer,
                                   const std::vector<scenario::Assertion>& assertions,
                                   const CheckEvaluator& evaluator)
    : dispatcher_(dispatcher), tracer_(tracer), assertions_(assertions), evaluator_(evaluator) {
  for (const auto& a : assertions_) outcomes_.push_back({.name = a.name, .span = a.span});
}

Duration AssertionMonitor::Until(Duration t) const {
  Duration d = t - dispatcher_.Now().time_since_epoch();
  return d < Duration(0) ? Duration(0) : d;
}

void AssertionMonitor::Start() {
  for (size_t i = 0; i < assertions_.size(); ++i) {
    const auto& a = assertions_[i];
    if (a.mode == Mode::kAt) {
      if (!a.at) continue;  // end of run: Finish() evaluates it
      dispatcher_.Schedule(Until(*a.at), [this, i] {
        Decide(i, evaluator_.Evaluate(assertions_[i]), true);
      });
      continue;
    }
    // Evaluate when the window opens (the state may already hold) and at its deadline.
    dispatcher_.Schedule(Until(a.after), [this] { OnStateChanged(); });
    dispatcher_.Schedule(Until(a.after + a.within), [this, i] {
      if (!outcomes_[i].decided) Decide(i, evaluator_.Evaluate(assertions_[i]), true);
    });
  }
}

bool AssertionMonitor::InWindow(size_t i) const {
  const auto& a = assertions_[i];
  Duration now = dispatcher_.Now().time_since_epoch();
  return a.mode == Mode::kEventually && now >= a.after && now <= a.after + a.within;
}

void AssertionMonitor::OnStateChanged() {
  // Tracing the outcome below must not schedule another evaluation.
  if (evaluation_posted_ || evaluating_) return;
  evaluation_posted_ = true;
  dispatcher_.Post([this] {
    evaluation_posted_ = false;
    EvaluateOpen();
  });
}

void AssertionMonitor::EvaluateOpen() {
  evaluating_ = true;
  for (size_t i = 0; i < assertions_.size(); ++i) {
    if (outcomes_[i].decided || !InWindow(i)) continue;
    CheckOutcome o = evaluator_.Evaluate(assertions_[i]);
    if (o.holds) Decide(i, o, false);
  }
  evaluating_ = false;
}

void AssertionMonitor::Decide(size_t i, const CheckOutcome& outcome, bool final_chance) {
  AssertionOutcome& out = outcomes_[i];
  if (out.decided || (!outcome.holds && !final_chance)) return;
  bool was_evaluating = evaluating_;
  evaluating_ = true;
  out.decided = true;
  out.passed = outcome.holds;
  out.decided_at = dispatcher_.Now();
  out.expected = outcome.expected;
  out.actual = outcome.actual;
  if (!out.passed) {
    out.message = "assertion '" + out.name + "' (" + out.span.ToString() + ") failed at " +
                  FormatDuration(out.decided_at.time_since_epoch()) + ": expected " +
                  outcome.expected + "; actual " + outcome.actual;
  }
  tracer_.Record(TraceEvent("world", out.passed ? "AssertionPassed" : "AssertionFailed")
                     .With("assertion", out.name)
                     .With("expected", out.expected)
                     .With("actual", out.actual));
  evaluating_ = was_evaluating;
}

void AssertionMonitor::Finish() {
  for (size_t i = 0; i < assertions_.size(); ++i) {
    if (!outcomes_[i].decided) Decide(i, evaluator_.Evaluate(assertions_[i]), true);
  }
}

int AssertionMonitor::passed() const {
  int n = 0;
  for (const auto& o : outcomes_) n += o.decided && o.passed;
  return n;
}

int AssertionMonitor::failed() const {
  int n = 0;
  for (const auto& o : outcomes_) n += o.decided && !o.passed;
  return n;
}

}  // namespace meshsim::world
