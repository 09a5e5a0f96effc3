#include "sim/world/assertion_monitor.h"

#include <cctype>

#include "sim/world/latency_check.h"

namespace meshsim::world {

using Mode = scenario::Assertion::Mode;

namespace {

constexpr size_t kRecentLines = 2000;   // trace lines kept to explain a failure
constexpr size_t kExplainLines = 8;     // lines shown with a failure

bool IsInterval(Mode mode) { return mode == Mode::kAlways || mode == Mode::kNever; }

// The words a failure's explanation looks for in trace lines: IPs, pod and service names.
std::vector<std::string> Tokens(const std::string& text) {
  std::vector<std::string> out;
  std::string word;
  auto flush = [&] {
    // IPs, pod names and namespaced keys; plain words would match every line.
    bool useful = word.size() >= 4 && word.find_first_of("0123456789.-/") != std::string::npos;
    if (useful) out.push_back(word);
    word.clear();
  };
  for (char c : text) {
    if (std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '/') {
      word += c;
    } else {
      flush();
    }
  }
  flush();
  return out;
}

bool Matches(const scenario::TraceEventsCheck& check, const TraceEvent& event) {
  if (event.component() != check.component || event.name() != check.event) return false;
  for (const auto& [key, value] : check.fields) {
    metrics::CollectedEvent view{0, event};
    if (view.Get(key) != value) return false;
  }
  return true;
}

}  // namespace

AssertionMonitor::AssertionMonitor(Dispatcher& dispatcher, Tracer& tracer,
                                   const std::vector<scenario::Assertion>& assertions,
                                   const CheckEvaluator& evaluator)
    : dispatcher_(dispatcher), tracer_(tracer), assertions_(assertions), evaluator_(evaluator) {
  trace_counts_.assign(assertions_.size(), 0);
  evaluated_inputs_.assign(assertions_.size(), std::nullopt);
  for (const auto& a : assertions_) {
    outcomes_.push_back({.name = a.name, .span = a.span});
    if (std::holds_alternative<scenario::LatencyCheck>(a.check)) wants_latency_ = true;
  }
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
      dispatcher_.Schedule(Until(*a.at), [this, i] { Decide(i, Evaluate(i), true); });
      continue;
    }
    if (IsInterval(a.mode)) {
      dispatcher_.Schedule(Until(a.from), [this, i] { Observe(i, false); });
      if (a.to) dispatcher_.Schedule(Until(*a.to), [this, i] { Observe(i, true); });
      continue;
    }
    // Evaluate when the window opens (the state may already hold) and at its deadline.
    dispatcher_.Schedule(Until(a.after), [this] { OnStateChanged(); });
    dispatcher_.Schedule(Until(a.after + a.within), [this, i] {
      if (!outcomes_[i].decided) Decide(i, Evaluate(i), true);
    });
  }
}

bool AssertionMonitor::InWindow(size_t i) const {
  const auto& a = assertions_[i];
  Duration now = dispatcher_.Now().time_since_epoch();
  if (IsInterval(a.mode)) return now >= a.from && (!a.to || now <= *a.to);
  return a.mode == Mode::kEventually && now >= a.after && now <= a.after + a.within;
}

void AssertionMonitor::OnTrace(const sim::TraceRecord& record) {
  if (wants_latency_) collector_.Observe(record);
  if (record.event->component() == "cloudmap") ++cloudmap_events_;
  for (size_t i = 0; i < assertions_.size(); ++i) {
    const auto* t = std::get_if<scenario::TraceEventsCheck>(&assertions_[i].check);
    if (t != nullptr && Matches(*t, *record.event)) ++trace_counts_[i];
  }
  // The oldest line's buffer is reused: one allocation per trace event was a visible cost.
  std::string line;
  if (recent_.size() >= kRecentLines) {
    line = std::move(recent_.front());
    recent_.pop_front();
  }
  line.assign(record.line);
  if (line.empty()) sim::TraceLog::FormatLine(record.time_ns, *record.event, line);
  recent_.push_back(std::move(line));
  OnStateChanged();
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
    if (UnchangedSinceLastEvaluation(i)) continue;
    if (IsInterval(assertions_[i].mode)) {
      Observe(i, false);
      continue;
    }
    // Only a holding check decides here: test it cheaply, describe it once when it does.
    if (Holds(i)) Decide(i, Evaluate(i), false);
  }
  evaluating_ = false;
}

std::optional<std::pair<int64_t, uint64_t>> AssertionMonitor::InputsVersion(size_t i) const {
  const auto& check = assertions_[i].check;
  if (std::holds_alternative<scenario::DiscoverInstancesCheck>(check)) {
    // The ready pods' version, not the resourceVersion: it does not move with each of the
    // many pod and ReplicaSet writes of a start-up that change no expected IP.
    return std::make_pair(static_cast<int64_t>(evaluator_.ReadyVersion()), cloudmap_events_);
  }
  if (std::holds_alternative<scenario::RolloutCompleteCheck>(check)) {
    return std::make_pair(evaluator_.KubeVersion(), uint64_t{0});
  }
  return std::nullopt;
}

bool AssertionMonitor::UnchangedSinceLastEvaluation(size_t i) {
  auto version = InputsVersion(i);
  if (!version) return false;
  if (evaluated_inputs_[i] == version) return true;
  evaluated_inputs_[i] = version;
  return false;
}

CheckOutcome AssertionMonitor::Evaluate(size_t i) const {
  const scenario::Assertion& a = assertions_[i];
  if (const auto* latency = std::get_if<scenario::LatencyCheck>(&a.check)) {
    return EvaluateLatency(*latency, collector_.events());
  }
  if (const auto* t = std::get_if<scenario::TraceEventsCheck>(&a.check)) {
    int64_t n = trace_counts_[i];
    std::string want = (t->min ? ">= " + std::to_string(*t->min) : std::string()) +
                       (t->min && t->max ? " and " : "") +
                       (t->max ? "<= " + std::to_string(*t->max) : std::string());
    return {.holds = (!t->min || n >= *t->min) && (!t->max || n <= *t->max),
            .expected = t->component + " " + t->event + " events: " + want,
            .actual = std::to_string(n) + " events",
            .subjects = {t->event}};
  }
  return evaluator_.Evaluate(a);
}

bool AssertionMonitor::Holds(size_t i) const {
  const scenario::Assertion& a = assertions_[i];
  if (std::holds_alternative<scenario::DiscoverInstancesCheck>(a.check)) {
    return evaluator_.Holds(a);
  }
  return Evaluate(i).holds;
}

void AssertionMonitor::Observe(size_t i, bool last) {
  if (outcomes_[i].decided) return;
  bool never = assertions_[i].mode == Mode::kNever;
  CheckOutcome o = Evaluate(i);
  if (o.holds == never) {
    // The violation itself: "never" saw the check hold, "always" saw it fail.
    if (never) o.expected = "never " + o.expected;
    o.holds = false;
    Decide(i, o, true);
  } else if (last) {
    if (never) o.expected = "never " + o.expected;
    o.holds = true;
    Decide(i, o, true);
  }
}

std::vector<std::string> AssertionMonitor::Explain(const CheckOutcome& outcome) const {
  std::vector<std::string> tokens = Tokens(outcome.expected + " " + outcome.actual);
  for (const auto& t : outcome.subjects) tokens.push_back(t);
  std::vector<std::string> picked;
  for (auto it = recent_.rbegin(); it != recent_.rend() && picked.size() < kExplainLines; ++it) {
    if (it->find("\"c\":\"world\",\"e\":\"Assertion") != std::string::npos) continue;
    for (const auto& token : tokens) {
      if (it->find(token) != std::string::npos) {
        picked.push_back(*it);
        break;
      }
    }
  }
  return {picked.rbegin(), picked.rend()};
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
    out.explanation = Explain(outcome);
    out.message = "assertion '" + out.name + "' (" + out.span.ToString() + ") failed at " +
                  FormatDuration(out.decided_at.time_since_epoch()) + ": expected " +
                  outcome.expected + "; actual " + outcome.actual;
    for (const auto& line : out.explanation) out.message += "\n    trace: " + line;
  }
  tracer_.Record(TraceEvent("world", out.passed ? "AssertionPassed" : "AssertionFailed")
                     .With("assertion", out.name)
                     .With("expected", out.expected)
                     .With("actual", out.actual));
  evaluating_ = was_evaluating;
}

void AssertionMonitor::Finish() {
  for (size_t i = 0; i < assertions_.size(); ++i) {
    if (outcomes_[i].decided) continue;
    if (IsInterval(assertions_[i].mode)) {
      Observe(i, true);
    } else {
      Decide(i, Evaluate(i), true);
    }
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
