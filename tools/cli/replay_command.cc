#include "tools/cli/replay_command.h"

#include <fstream>

#include "sim/kernel/trace_log.h"
#include "sim/scenario/loader.h"
#include "tools/cli/commands.h"
#include "tools/cli/run_summary.h"
#include "tools/repro/trace_filter.h"

namespace meshsim::cli {
namespace {

// Reads --from/--to/--pod/--virtual-node/--envoy; on a mistake prints it and returns nullopt.
std::optional<repro::TraceFilterSpec> ReadFilter(const CommandLine& cl, std::ostream& err) {
  repro::TraceFilterSpec spec;
  for (const char* flag : {"--from", "--to"}) {
    std::optional<std::string> text = cl.Get(flag);
    if (!text) continue;
    Result<Duration> d = scenario::ParseDuration(*text);
    if (!d.ok()) {
      err << "meshsim replay: " << flag << " takes a duration such as 90s or 2m30s, got '"
          << *text << "'\n";
      return std::nullopt;
    }
    (std::string(flag) == "--from" ? spec.from_ns : spec.to_ns) = d->count();
  }
  spec.pod = cl.Get("--pod");
  spec.virtual_node = cl.Get("--virtual-node");
  spec.envoy = cl.Get("--envoy");
  if (int(spec.pod.has_value()) + int(spec.virtual_node.has_value()) +
          int(spec.envoy.has_value()) > 1) {
    err << "meshsim replay: give at most one of --pod, --virtual-node and --envoy\n";
    return std::nullopt;
  }
  return spec;
}

}  // namespace

int ReplayCommand(const CommandLine& cl, std::ostream& out, std::ostream& err) {
  if (cl.args.size() != 1 || !cl.Has("--seed")) {
    err << "meshsim replay: expected one scenario file and --seed N (see 'meshsim help')\n";
    return kExitBadInput;
  }
  Result<uint64_t> seed = ParseUnsigned("--seed", *cl.Get("--seed"));
  std::optional<repro::TraceFilterSpec> spec = ReadFilter(cl, err);
  if (!seed.ok() || !spec) {
    if (!seed.ok()) err << "meshsim replay: " << seed.status().message() << "\n";
    return kExitBadInput;
  }
  Result<scenario::Scenario> s = scenario::LoadScenario(cl.args[0]);
  if (!s.ok()) {
    err << s.status().message() << "\n";
    return kExitBadInput;
  }
  std::ofstream file;
  std::ostream* trace_out = &out;
  if (auto path = cl.Get("--out")) {
    file.open(*path, std::ios::binary);
    if (!file) {
      err << "meshsim replay: cannot write " << *path << "\n";
      return kExitBadInput;
    }
    trace_out = &file;
  }
  std::ostream& report = trace_out == &out ? err : out;
  repro::TraceFilter filter(*spec);
  std::string line;
  world::RunOptions options{.seed = *seed};
  options.trace_observer = [&](const sim::TraceRecord& r) {
    if (!filter.Matches(r.time_ns, *r.event)) return;
    line.clear();
    sim::TraceLog::FormatLine(r.time_ns, *r.event, line);
    *trace_out << line << "\n";
  };
  auto world = world::World::Create(*s, options);
  if (!world.ok()) {
    err << world.status().message() << "\n";
    return kExitBadInput;
  }
  world::RunResult result = (*world)->Run();
  report << AssertionLines(result) << SummaryLine(result, 0) << "\n";
  return result.failed == 0 ? kExitOk : kExitAssertionFailed;
}

}  // namespace meshsim::cli
