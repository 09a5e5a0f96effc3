// File: tools/cli/sweep_command.h
//
// `meshsim sweep FILE --seeds A..B [-j N] [--stop-on-failure] [--shard I/N] [--out PATH]`:
// runs every seed of the range (or of one shard of it) on N threads, shows progress on
// stderr (a redrawn bar on a terminal, plain lines otherwise), prints each failing seed with
// its failed assertion and a summary with the latency spread across seeds, and writes the
// results file (tools/repro/sweep_report.h) to PATH. Exit 0 when every seed passed, 1 when
// one failed, 2 for bad input.
//
// Example:
//   $ meshsim sweep scenarios/howto-k8s-cloudmap.yaml --seeds 1..500 -j 2 --out results.json
#pragma once

#include <ostream>

#include "tools/cli/command_line.h"

namespace meshsim::cli {

int SweepCommand(const CommandLine& cl, std::ostream& out, std::ostream& err);

}  // namespace meshsim::cli
