#include "tools/cli/commands.h"

#include <chrono>
#include <fstream>

#include "sim/scenario/loader.h"
#include "sim/world/component_options.h"
#include "sim/world/world.h"
#include "tools/cli/bench_command.h"
#include "reports/scale_counters.h"
#include "tools/cli/report_hook.h"
#include "tools/cli/resource_usage.h"
#include "tools/cli/live_command.h"
#include "tools/cli/merge_command.h"
#include "tools/cli/replay_command.h"
#include "tools/cli/run_summary.h"
#include "tools/cli/serve_command.h"
#include "tools/cli/shrink_command.h"
#include "tools/cli/sweep_command.h"

namespace meshsim::cli {
namespace {

constexpr char kVersion[] = MESHSIM_VERSION;

// Loads the single FILE argument of run/check, printing errors to `err`.
std::optional<scenario::Scenario> LoadArgument(const CommandLine& cl, std::ostream& err) {
  if (cl.args.size() != 1) {
    err << "meshsim " << cl.command << ": expected exactly one scenario file (see 'meshsim help')\n";
    return std::nullopt;
  }
  Result<scenario::Scenario> s = scenario::LoadScenario(cl.args[0]);
  if (!s.ok()) {
    err << s.status().message() << "\n";
    return std::nullopt;
  }
  return std::move(*s);
}

bool WriteFile(const std::string& path, const std::string& text, std::ostream& err) {
  std::ofstream f(path, std::ios::binary);
  f << text;
  if (!f) err << "meshsim: cannot write " << path << "\n";
  return static_cast<bool>(f);
}

}  // namespace

int RunCommand(const CommandLine& cl, std::ostream& out, std::ostream& err) {
  std::optional<scenario::Scenario> s = LoadArgument(cl, err);
  if (!s) return kExitBadInput;
  world::RunOptions options;
  if (auto seed = cl.Get("--seed")) {
    Result<uint64_t> v = ParseUnsigned("--seed", *seed);
    if (!v.ok()) {
      err << "meshsim run: " << v.status().message() << "\n";
      return kExitBadInput;
    }
    options.seed = *v;
  }
  std::ofstream trace_file;
  if (auto path = cl.Get("--trace")) {
    trace_file.open(*path, std::ios::binary);
    if (!trace_file) {
      err << "meshsim run: cannot write trace to " << *path << "\n";
      return kExitBadInput;
    }
    options.trace_sink = &trace_file;
  }
  reports::TraceCollector collector;  // only fed with --report-dir
  reports::ScaleCounters counters;    // pods_peak and envoys for --summary-json
  std::optional<std::string> report_dir = cl.Get("--report-dir");
  options.trace_observer = [&](const sim::TraceRecord& r) {
    counters.Observe(r);
    if (report_dir) collector.Observe(r);
  };
  auto started = std::chrono::steady_clock::now();
  auto world = world::World::Create(*s, options);
  if (!world.ok()) {
    err << world.status().message() << "\n";
    return kExitBadInput;
  }
  world::RunResult result = (*world)->Run();
  int64_t wall_ns = std::chrono::duration_cast<std::chrono::nanoseconds>(
                        std::chrono::steady_clock::now() - started).count();
  if (!cl.Has("--quiet")) {
    std::string views = (*world)->RenderViews();
    if (!views.empty()) out << views << "\n";
    out << AssertionLines(result);
  }
  std::optional<std::string> summary_json = cl.Get("--summary-json");
  // With `--summary-json -` the JSON is the summary on standard output (alone with --quiet, so
  // it can be piped into jq); the one-line text summary would only be in the way.
  if (summary_json != "-") out << SummaryLine(result, wall_ns) << "\n";
  if (auto path = summary_json) {
    RunScale scale{.pods_peak = counters.pods_peak(), .envoys = counters.envoys_peak(),
                   .peak_rss_bytes = PeakRssBytes()};
    std::string json = SummaryJson(result, wall_ns, scale);
    if (*path == "-") {
      out << json;  // `-` is standard output, as for most Unix tools
    } else if (!WriteFile(*path, json, err)) {
      return kExitBadInput;
    }
  }
  if (report_dir && !WriteRunReports(*report_dir, collector, result, err)) return kExitBadInput;
  return result.failed == 0 ? kExitOk : kExitAssertionFailed;
}

int CheckCommand(const CommandLine& cl, std::ostream& out, std::ostream& err) {
  std::optional<scenario::Scenario> s = LoadArgument(cl, err);
  if (!s) return kExitBadInput;
  Result<world::ComponentOptions> options = world::ReadComponentOptions(*s);
  if (!options.ok()) {
    err << options.status().message() << "\n";
    return kExitBadInput;
  }
  out << cl.args[0] << ": ok (" << s->manifests.size() << " objects, " << s->timeline.size()
      << " timeline actions, " << s->assertions.size() << " assertions)\n";
  return kExitOk;
}

int HelpCommand(std::ostream& out) {
  out << "meshsim " << kVersion << ": a deterministic simulator of Kubernetes pods, the App Mesh\n"
         "controller's Cloud Map reconciler, AWS Cloud Map and Envoy sidecars.\n\n"
         "Usage:\n"
         "  meshsim run FILE [--seed N] [--summary-json PATH] [--trace PATH] [--report-dir DIR]\n"
         "                   [--quiet]\n"
         "      Runs a scenario in simulated time, prints its verification views, one line per\n"
         "      assertion and a summary. Exit 0: every assertion held; 1: one failed; 2: bad input.\n"
         "      --seed N            overrides the scenario's seed\n"
         "      --summary-json PATH writes the summary as JSON (- = standard output)\n"
         "      --trace PATH        writes every trace event as JSON lines\n"
         "      --report-dir DIR    writes report.json, report.md, junit.xml, trace.json and\n"
         "                          report.html (docs/reports.md)\n"
         "      --quiet             prints only the summary line\n"
         "  meshsim live FILE --cloudmap-endpoint URL [--duration D] [--trace PATH]\n"
         "      Runs the scenario's simulated Kubernetes side in real time and the real controller\n"
         "      against a Cloud Map endpoint (e.g. moto: http://127.0.0.1:5000). Credentials from\n"
         "      AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY[/AWS_SESSION_TOKEN], region from AWS_REGION.\n"
         "      Creates missing namespaces, prints every registration, stops after the duration\n"
         "      (--duration overrides the scenario's) or on Ctrl-C.\n"
         "  meshsim serve [FILE] --cloudmap-port PORT [--bind ADDR] [--speed FACTOR]\n"
         "                [--xds-port PORT [--xds-log]]  (xDS/ADS for Envoy and gRPC clients)\n"
         "      Serves a fake AWS Cloud Map (AWS JSON 1.1) for the aws CLI and SDKs until\n"
         "      Ctrl-C: empty, or FILE's whole world run paced to the wall clock (FACTOR\n"
         "      simulated seconds per second, default 1). Binds 127.0.0.1 unless --bind; PORT 0\n"
         "      picks a free port. Prints the URL for --endpoint-url; set\n"
         "      AWS_DISABLE_HOST_PREFIX_INJECTION=true for discover-instances.\n"
         "  meshsim sweep FILE --seeds A..B [-j N] [--stop-on-failure] [--shard I/N] [--out PATH]\n"
         "      Runs every seed of the range on N threads with a progress bar; prints each\n"
         "      failing seed's failed assertion and the latency spread across seeds; writes the\n"
         "      results file (docs/sweeps.md). --shard I/N runs the seeds I, I+N, ... (0-based).\n"
         "  meshsim replay FILE --seed N [--from T] [--to T] [--pod NAME | --virtual-node NAME |\n"
         "                 --envoy NAME] [--out PATH]\n"
         "      Re-runs one seed and writes its trace as JSON lines, filtered.\n"
         "  meshsim shrink FILE --seed N [--assertion NAME] [--out PATH]\n"
         "      Delta-debugs the timeline, churn, traffic and faults while the same assertion\n"
         "      fails, and writes the smallest scenario file (default FILE.min.yaml).\n"
         "  meshsim merge RESULTS.json... --out PATH   combines the results of sweep shards\n"
         "  meshsim bench [FILE...] --report-dir DIR [--seed N]\n"
         "      Runs benchmark scenarios (default: the list in docs/reports.md) and writes the\n"
         "      reports of run --report-dir plus wall time, events/s, simulated/real time ratio\n"
         "      and peak RSS; several scenarios go to DIR/<scenario name>/.\n"
         "  meshsim compare BEFORE/report.json AFTER/report.json [--threshold 10%]\n"
         "      Prints each metric's change; exit 1 when one regressed beyond the threshold.\n"
         "  meshsim check FILE     validates a scenario and its manifests without running it\n"
         "  meshsim help           this text\n"
         "  meshsim --version      the version\n\n"
         "Scenario format: docs/scenario-format.md\n";
  return kExitOk;
}

int VersionCommand(std::ostream& out) {
  out << "meshsim " << kVersion << "\n";
  return kExitOk;
}

int Dispatch(const CommandLine& cl, std::ostream& out, std::ostream& err) {
  if (cl.command == "run") return RunCommand(cl, out, err);
  if (cl.command == "check") return CheckCommand(cl, out, err);
  if (cl.command == "live") return LiveCommand(cl, out, err);
  if (cl.command == "serve") return ServeCommand(cl, out, err);
  if (cl.command == "sweep") return SweepCommand(cl, out, err);
  if (cl.command == "replay") return ReplayCommand(cl, out, err);
  if (cl.command == "shrink") return ShrinkCommand(cl, out, err);
  if (cl.command == "merge") return MergeCommand(cl, out, err);
  if (cl.command == "bench") return BenchCommand(cl, out, err);
  if (cl.command == "compare") return CompareCommand(cl, out, err);
  if (cl.command == "help") return HelpCommand(out);
  if (cl.command == "version") return VersionCommand(out);
  err << "meshsim: unknown command '" << cl.command << "'; expected run, check, bench, compare, sweep, replay, shrink, merge, serve, live or help\n";
  return kExitBadInput;
}

}  // namespace meshsim::cli
