#include "tools/repro/seed_run.h"

#include <algorithm>

#include "reports/latency.h"
#include "reports/trace_collector.h"

namespace meshsim::repro {
namespace {

HopStats ToHopStats(const reports::LatencyStats& s) {
  return HopStats{.count = s.count, .p50 = s.p50, .p99 = s.p99, .max = s.max};
}

void Summarize(const world::RunResult& run, const reports::TraceCollector& collector,
               SeedResult& out) {
  out.passed = run.passed;
  out.failed = run.failed;
  out.trace_hash = run.trace_hash;
  out.trace_events = run.trace_events;
  for (const auto& a : run.assertions) {
    if (a.passed) continue;
    out.failures.push_back({a.name, a.span.ToString(),
                            static_cast<int64_t>(a.decided_at.time_since_epoch().count()),
                            a.message});
  }
  reports::Metrics m = reports::ComputeMetrics(collector);
  for (const auto& [hop, stats] : m.overall) {
    if (stats.count > 0) out.hops[hop] = ToHopStats(stats);
  }
  out.stale_max_ns = m.stale_stats.max;
}

}  // namespace

bool SeedResult::Failed(const std::string& assertion) const {
  return std::any_of(failures.begin(), failures.end(),
                     [&](const FailedAssertion& f) { return f.name == assertion; });
}

SeedResult RunSeed(const scenario::Scenario& scenario, uint64_t seed, const RunHooks& hooks) {
  SeedResult out;
  out.seed = seed;
  reports::TraceCollector collector;
  world::RunOptions options;
  options.seed = seed;
  options.trace_observer = [&collector](const sim::TraceRecord& r) { collector.Observe(r); };
  if (hooks.adjust_run_options) hooks.adjust_run_options(options);
  auto world = world::World::Create(scenario, options);
  if (!world.ok()) {
    out.error = world.status().message();
    return out;
  }
  Summarize((*world)->Run(), collector, out);
  return out;
}

}  // namespace meshsim::repro
