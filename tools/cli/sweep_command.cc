#include "tools/cli/sweep_command.h"

#include <unistd.h>

#include <fstream>
#include <iostream>
#include <thread>

#include "sim/scenario/loader.h"
#include "tools/cli/commands.h"
#include "tools/repro/progress.h"
#include "tools/repro/seed_range.h"
#include "tools/repro/sweep.h"
#include "tools/repro/sweep_report.h"

namespace meshsim::cli {
namespace {

struct SweepArgs {
  std::string file;
  repro::SeedRange range;
  repro::Shard shard;
  int jobs = 1;
};

// Reads the flags; on a mistake prints it and returns nullopt.
std::optional<SweepArgs> ReadArgs(const CommandLine& cl, std::ostream& err) {
  SweepArgs a;
  if (cl.args.size() != 1) {
    err << "meshsim sweep: expected exactly one scenario file (see 'meshsim help')\n";
    return std::nullopt;
  }
  a.file = cl.args[0];
  std::optional<std::string> seeds = cl.Get("--seeds");
  if (!seeds) {
    err << "meshsim sweep: --seeds A..B is required\n";
    return std::nullopt;
  }
  Result<repro::SeedRange> range = repro::ParseSeedRange(*seeds);
  if (!range.ok()) {
    err << "meshsim sweep: " << range.status().message() << "\n";
    return std::nullopt;
  }
  a.range = *range;
  if (auto shard = cl.Get("--shard")) {
    Result<repro::Shard> s = repro::ParseShard(*shard);
    if (!s.ok()) {
      err << "meshsim sweep: " << s.status().message() << "\n";
      return std::nullopt;
    }
    a.shard = *s;
  }
  a.jobs = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  if (auto jobs = cl.Get("--jobs")) {
    Result<uint64_t> j = ParseUnsigned("-j", *jobs);
    if (!j.ok() || *j == 0 || *j > 1024) {
      err << "meshsim sweep: -j takes a number of threads from 1 to 1024, got '" << *jobs << "'\n";
      return std::nullopt;
    }
    a.jobs = static_cast<int>(*j);
  }
  return a;
}

}  // namespace

int SweepCommand(const CommandLine& cl, std::ostream& out, std::ostream& err) {
  std::optional<SweepArgs> args = ReadArgs(cl, err);
  if (!args) return kExitBadInput;
  Result<scenario::Scenario> s = scenario::LoadScenario(args->file);
  if (!s.ok()) {
    err << s.status().message() << "\n";
    return kExitBadInput;
  }
  std::vector<uint64_t> seeds = repro::SeedsOf(args->range, args->shard);
  // The progress bar is drawn only when stderr is the user's terminal, not a test's stream.
  bool terminal = &err == &std::cerr && isatty(STDERR_FILENO);
  repro::SweepProgress progress(err, terminal, seeds.size());
  repro::SweepOptions options{.jobs = args->jobs, .stop_on_failure = cl.Has("--stop-on-failure")};
  options.on_result = [&](const repro::SeedResult& r, const repro::SweepCounts& c) {
    progress.Update(r, c);
  };
  std::vector<repro::SeedResult> results = repro::RunSweep(*s, seeds, options);
  progress.Finish();
  repro::SweepReport report{.scenario = s->name, .file = args->file, .range = args->range,
                            .shards = {args->shard},
                            .stopped_early = options.stop_on_failure && results.size() < seeds.size(),
                            .runs = std::move(results)};
  for (const auto& r : report.runs) {
    if (!r.error.empty()) {  // settings errors are bad input, the same for every seed
      err << r.error << "\n";
      return kExitBadInput;
    }
  }
  out << repro::SummaryText(report);
  if (auto path = cl.Get("--out")) {
    std::ofstream f(*path, std::ios::binary);
    f << repro::ReportJson(report);
    if (!f) {
      err << "meshsim sweep: cannot write " << *path << "\n";
      return kExitBadInput;
    }
  }
  bool all_passed = std::all_of(report.runs.begin(), report.runs.end(),
                                [](const repro::SeedResult& r) { return r.ok(); });
  return all_passed ? kExitOk : kExitAssertionFailed;
}

}  // namespace meshsim::cli
