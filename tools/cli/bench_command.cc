#include "tools/cli/bench_command.h"

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "reports/report_compare.h"
#include "reports/report_writers.h"
#include "reports/scale_counters.h"
#include "reports/trace_collector.h"
#include "sim/scenario/loader.h"
#include "sim/world/world.h"
#include "tools/cli/commands.h"
#include "tools/cli/report_hook.h"
#include "tools/cli/resource_usage.h"

namespace meshsim::cli {
namespace {

struct BenchRun {
  world::RunResult result;
  reports::BenchFigures figures;
};

// Runs one scenario with the report collector attached; nullopt (after printing why) on bad
// input.
std::optional<BenchRun> RunOne(const std::string& path, std::optional<uint64_t> seed,
                               reports::TraceCollector& collector, std::ostream& err) {
  Result<scenario::Scenario> s = scenario::LoadScenario(path);
  if (!s.ok()) {
    err << s.status().message() << "\n";
    return std::nullopt;
  }
  reports::ScaleCounters counters;
  world::RunOptions options{.seed = seed};
  options.trace_observer = [&](const sim::TraceRecord& r) {
    collector.Observe(r);
    counters.Observe(r);
  };
  auto started = std::chrono::steady_clock::now();
  auto world = world::World::Create(*s, options);
  if (!world.ok()) {
    err << world.status().message() << "\n";
    return std::nullopt;
  }
  BenchRun run{.result = (*world)->Run()};
  int64_t wall_ns = std::chrono::duration_cast<std::chrono::nanoseconds>(
                        std::chrono::steady_clock::now() - started).count();
  double wall_s = std::max<double>(static_cast<double>(wall_ns), 1.0) / 1e9;
  run.figures = reports::BenchFigures{
      .wall_ns = wall_ns,
      .events_per_second = static_cast<double>(run.result.events) / wall_s,
      .sim_to_real_ratio = static_cast<double>(run.result.sim_time.count()) / 1e9 / wall_s,
      .peak_rss_bytes = PeakRssBytes(),
      .pods_peak = counters.pods_peak(),
      .envoys_peak = counters.envoys_peak()};
  return run;
}

std::optional<std::string> ReadFile(const std::string& path, std::ostream& err) {
  std::ifstream f(path, std::ios::binary);
  if (!f) {
    err << "meshsim compare: cannot read " << path << "\n";
    return std::nullopt;
  }
  std::ostringstream text;
  text << f.rdbuf();
  return text.str();
}

}  // namespace

int BenchCommand(const CommandLine& cl, std::ostream& out, std::ostream& err) {
  std::optional<std::string> dir = cl.Get("--report-dir");
  if (!dir) {
    err << "meshsim bench: --report-dir DIR is required (see 'meshsim help')\n";
    return kExitBadInput;
  }
  std::optional<uint64_t> seed;
  if (auto text = cl.Get("--seed")) {
    Result<uint64_t> v = ParseUnsigned("--seed", *text);
    if (!v.ok()) {
      err << "meshsim bench: " << v.status().message() << "\n";
      return kExitBadInput;
    }
    seed = *v;
  }
  std::vector<std::string> paths = cl.args;
  if (paths.empty()) paths.assign(kDefaultBenchScenarios.begin(), kDefaultBenchScenarios.end());
  int exit_code = kExitOk;
  for (const std::string& path : paths) {
    reports::TraceCollector collector;
    std::optional<BenchRun> run = RunOne(path, seed, collector, err);
    if (!run) return kExitBadInput;
    std::string target = paths.size() == 1
                             ? *dir
                             : (std::filesystem::path(*dir) / run->result.scenario).string();
    reports::RunSummary summary = ToRunSummary(run->result);
    summary.bench = run->figures;
    Status s = reports::WriteReportDir(target, reports::ComputeMetrics(collector), summary,
                                       collector.events());
    if (!s.ok()) {
      err << "meshsim bench: " << s.message() << "\n";
      return kExitBadInput;
    }
    out << "meshsim bench: scenario=" << run->result.scenario << " sim_time="
        << FormatDuration(run->result.sim_time) << " events=" << run->result.events << " "
        << reports::BenchLine(run->figures) << " assertions: " << run->result.passed
        << " passed, " << run->result.failed << " failed -> " << target << "\n";
    if (run->result.failed != 0) exit_code = kExitAssertionFailed;
  }
  return exit_code;
}

int CompareCommand(const CommandLine& cl, std::ostream& out, std::ostream& err) {
  if (cl.args.size() != 2) {
    err << "meshsim compare: expected BEFORE/report.json AFTER/report.json (see 'meshsim help')\n";
    return kExitBadInput;
  }
  double threshold = 0.10;
  if (auto text = cl.Get("--threshold")) {
    Result<double> v = reports::ParseThreshold(*text);
    if (!v.ok()) {
      err << "meshsim compare: " << v.status().message() << "\n";
      return kExitBadInput;
    }
    threshold = *v;
  }
  std::optional<std::string> before = ReadFile(cl.args[0], err);
  std::optional<std::string> after = ReadFile(cl.args[1], err);
  if (!before || !after) return kExitBadInput;
  Result<reports::Comparison> c = reports::CompareReports(*before, *after, threshold);
  if (!c.ok()) {
    err << "meshsim compare: " << c.status().message() << "\n";
    return kExitBadInput;
  }
  out << reports::FormatComparison(*c);
  return c->regressions == 0 ? kExitOk : kExitAssertionFailed;
}

}  // namespace meshsim::cli
