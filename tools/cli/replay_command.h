// File: tools/cli/replay_command.h
//
// `meshsim replay FILE --seed N [--from T] [--to T] [--pod NAME | --virtual-node NAME |
// --envoy NAME] [--out PATH]`: re-runs one seed and writes its trace as JSON lines, one event
// per line ({"t": simulated ns, "c": component, "e": event, then its fields}, the format of
// `meshsim run --trace`), keeping only the events in the window [from, to] (durations such as
// `90s`) about the pod, virtual node or Envoy named (tools/repro/trace_filter.h). The trace
// goes to PATH or stdout; the assertion results and the summary line go to stdout, or to
// stderr when the trace is on stdout. Exit codes as `meshsim run`.
//
// Example:
//   $ meshsim replay scenarios/howto-k8s-cloudmap.yaml --seed 17 --pod front-589699bcfc-tgnd8
#pragma once

#include <ostream>

#include "tools/cli/command_line.h"

namespace meshsim::cli {

int ReplayCommand(const CommandLine& cl, std::ostream& out, std::ostream& err);

}  // namespace meshsim::cli
