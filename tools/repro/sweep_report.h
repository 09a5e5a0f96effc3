// File: tools/repro/sweep_report.h
//
// A sweep's results file (schema "meshsim.sweep/v1", docs/sweeps.md): the scenario, the seed
// range and shard, one entry per seed run (failed assertions, trace hash, per-hop latency),
// and a summary (counts; for every hop, the distribution across seeds of each seed's p50, p99
// and max). The file holds no wall time, so the same sweep writes the same bytes, and merging
// shard files gives the same bytes as the unsharded sweep.
//
// Example:
//   SweepReport report{.scenario = s.name, .file = path, .range = range, .runs = results};
//   WriteFile(out, ReportJson(report));
//   Result<SweepReport> merged = MergeReports({*ReadReport(a), *ReadReport(b)});
#pragma once

#include <map>
#include <string>
#include <vector>

#include "controller/api/status.h"
#include "tools/repro/seed_range.h"
#include "tools/repro/seed_run.h"

namespace meshsim::repro {

inline constexpr char kSweepSchema[] = "meshsim.sweep/v1";

struct SweepReport {
  std::string scenario;
  std::string file;
  SeedRange range;
  std::vector<Shard> shards;   // the shards these runs cover ({0/1} for an unsharded sweep)
  bool stopped_early = false;  // --stop-on-failure cut the sweep short
  std::vector<SeedResult> runs;  // ascending by seed
  std::string source;  // the results file it was read from, for messages (not written)
};

// Distribution across seeds of one per-seed number (nearest-rank percentiles).
struct Spread {
  size_t seeds = 0;
  int64_t min = 0, p50 = 0, p90 = 0, max = 0;
};

struct SweepSummary {
  size_t runs = 0, passed = 0, failed = 0, errors = 0;
  std::map<std::string, size_t> failures_by_assertion;
  // hop -> "p50" / "p99" / "max" -> spread of that per-seed statistic over the seeds with
  // samples of the hop; plus "stale_window" -> "max".
  std::map<std::string, std::map<std::string, Spread>> latency;
};

SweepSummary Summarize(const std::vector<SeedResult>& runs);

// The results file, pretty-printed JSON with sorted keys, newline-terminated.
std::string ReportJson(const SweepReport& report);
// Parses a results file; kInvalidArgument naming `path` and what is wrong.
Result<SweepReport> ParseReport(const std::string& text, const std::string& path);
// Combines shard files of one sweep (same scenario and range, no seed twice) into one report
// whose runs are sorted by seed. A merge of every shard equals the unsharded sweep.
Result<SweepReport> MergeReports(std::vector<SweepReport> parts);

// The human summary: counts, failures per assertion, and a table of the latency spreads.
std::string SummaryText(const SweepReport& report);
// "seed 17: FAIL assertion 'x' (file:1:2) failed at 2m: expected ...", one line per failure.
std::string FailureLines(const SeedResult& result);

}  // namespace meshsim::repro
