// File: tools/cli/bench_command.h
//
// `meshsim bench [SCENARIO...] --report-dir DIR [--seed N]` runs benchmark scenarios and
// writes, for each, the report files of `meshsim run --report-dir` plus what a benchmark
// measures: wall time, kernel events per wall second, simulated/real time ratio, peak RSS and
// the peak numbers of pods and Envoys (report.json's `bench` object, docs/reports.md).
// With no SCENARIO it runs kDefaultBenchScenarios, smallest first (so each one's peak RSS,
// a process-wide peak, is close to its own). With one scenario the files go into DIR, with
// several into DIR/<scenario name>/.
//
// `meshsim compare BEFORE/report.json AFTER/report.json [--threshold 10%]` prints the change
// of every metric (reports/report_compare.h) and exits 1 when one regressed by more than the
// threshold, 0 otherwise, 2 on bad input.
//
// Example:
//   meshsim bench scenarios/day-1k.yaml --report-dir out/before
//   meshsim compare out/before/report.json out/after/report.json --threshold 5%
#pragma once

#include <array>
#include <ostream>

#include "tools/cli/command_line.h"

namespace meshsim::cli {

// Relative to the current directory (the repository root).
inline constexpr std::array<const char*, 3> kDefaultBenchScenarios = {
    "scenarios/howto-k8s-cloudmap.yaml", "scenarios/day-1k.yaml", "scenarios/scale-10k.yaml"};

int BenchCommand(const CommandLine& cl, std::ostream& out, std::ostream& err);
int CompareCommand(const CommandLine& cl, std::ostream& out, std::ostream& err);

}  // namespace meshsim::cli
