// File: tools/cli/merge_command.h
//
// `meshsim merge SHARD.json... --out PATH`: combines the results files of one sweep's shards
// (same scenario and seed range, no seed twice) into one results file, sorted by seed, with
// the summary recomputed over every seed; prints that summary. When every shard of a split
// is present the merged file is byte-identical to the unsharded sweep's. Exit 0 when every
// merged seed passed, 1 when one failed, 2 for bad input.
//
// Example:
//   $ meshsim merge results-*.json --out merged.json
#pragma once

#include <ostream>

#include "tools/cli/command_line.h"

namespace meshsim::cli {

int MergeCommand(const CommandLine& cl, std::ostream& out, std::ostream& err);

}  // namespace meshsim::cli
