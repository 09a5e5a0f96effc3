#include "sim/world/latency_check.h"

#include "sim/metrics/hop_samples.h"
#include "sim/metrics/latency.h"

namespace meshsim::world {
namespace {

int64_t StatOf(const metrics::LatencyStats& s, const std::string& stat) {
  if (stat == "p50") return s.p50;
  if (stat == "p90") return s.p90;
  if (stat == "p99") return s.p99;
  if (stat == "p999") return s.p999;
  if (stat == "max") return s.max;
  return s.count;
}

std::string Show(const std::string& stat, int64_t v) {
  return stat == "count" ? std::to_string(v) : FormatDuration(Duration(v));
}

// The pod with the longest sample of the hop, for the explanation.
std::string SlowestPod(const std::map<std::string, metrics::PodTimeline>& pods,
                       const scenario::LatencyCheck& check) {
  std::string slowest;
  int64_t worst = -1;
  for (const auto& [key, p] : pods) {
    std::vector<int64_t> s = metrics::HopSamples({{key, p}}, check.hop, check.virtual_node);
    for (int64_t v : s) {
      if (v > worst) worst = v, slowest = key;
    }
  }
  return slowest;
}

}  // namespace

CheckOutcome EvaluateLatency(const scenario::LatencyCheck& check,
                             const std::vector<metrics::CollectedEvent>& events) {
  std::map<std::string, metrics::PodTimeline> pods = metrics::BuildTimelines(events);
  metrics::LatencyStats stats =
      metrics::Summarize(metrics::HopSamples(pods, check.hop, check.virtual_node));
  std::string scope = check.hop + (check.virtual_node.empty() ? "" : " of " + check.virtual_node);
  CheckOutcome out{.holds = true};
  std::string expected;
  std::string actual;
  for (const auto& b : check.bounds) {
    int64_t v = StatOf(stats, b.stat);
    std::string want;
    if (b.min) want += b.stat + " >= " + Show(b.stat, *b.min);
    if (b.max) want += (want.empty() ? "" : ", ") + b.stat + " <= " + Show(b.stat, *b.max);
    expected += (expected.empty() ? "" : ", ") + want;
    actual += (actual.empty() ? "" : ", ") + b.stat + " " + Show(b.stat, v);
    // A percentile of no samples is not a pass: nothing propagated.
    bool no_data = stats.count == 0 && b.stat != "count";
    if (no_data || (b.min && v < *b.min) || (b.max && v > *b.max)) out.holds = false;
  }
  out.expected = scope + ": " + expected;
  out.actual = scope + " over " + std::to_string(stats.count) + " samples: " + actual;
  std::string slowest = SlowestPod(pods, check);
  if (!slowest.empty()) {
    out.actual += " (slowest pod " + slowest + ")";
    out.subjects.push_back(slowest.substr(slowest.find('/') + 1));
  }
  return out;
}

}  // namespace meshsim::world
