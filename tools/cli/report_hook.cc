#include "tools/cli/report_hook.h"

namespace meshsim::cli {

reports::RunSummary ToRunSummary(const world::RunResult& result) {
  reports::RunSummary run{.scenario = result.scenario,
                          .seed = result.seed,
                          .sim_time_ns = static_cast<int64_t>(result.sim_time.count()),
                          .events = result.events,
                          .trace_events = result.trace_events,
                          .trace_hash = result.trace_hash};
  for (const auto& a : result.assertions) {
    run.assertions.push_back(reports::AssertionResult{
        .name = a.name,
        .location = a.span.ToString(),
        .passed = a.passed,
        .decided = a.decided,
        .decided_at_ns = static_cast<int64_t>(a.decided_at.time_since_epoch().count()),
        .expected = a.expected,
        .actual = a.actual,
        .message = a.message});
  }
  return run;
}

bool WriteRunReports(const std::string& dir, const reports::TraceCollector& collector,
                     const world::RunResult& result, std::ostream& err) {
  reports::Metrics metrics = reports::ComputeMetrics(collector);
  Status s = reports::WriteReportDir(dir, metrics, ToRunSummary(result), collector.events());
  if (!s.ok()) err << "meshsim run: " << s.message() << "\n";
  return s.ok();
}

}  // namespace meshsim::cli
