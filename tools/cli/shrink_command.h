// File: tools/cli/shrink_command.h
//
// `meshsim shrink FILE --seed N [--assertion NAME] [--out PATH]`: minimises a failing run
// (tools/repro/shrink.h) and writes the smallest scenario that still fails the same assertion
// with that seed, as a scenario file whose manifest paths resolve from PATH's folder (default
// FILE with `.min.yaml`). Prints each accepted step and a summary. Exit 0 when it wrote the
// file, 1 when the seed does not fail, 2 for bad input.
//
// Example:
//   $ meshsim shrink scenarios/churn.yaml --seed 17 --out /tmp/churn-17.yaml
//   $ meshsim run /tmp/churn-17.yaml        # fails the same assertion
#pragma once

#include <ostream>

#include "tools/cli/command_line.h"

namespace meshsim::cli {

int ShrinkCommand(const CommandLine& cl, std::ostream& out, std::ostream& err);

}  // namespace meshsim::cli
