// File: tools/cli/live_command.h
//
// `meshsim live FILE --cloudmap-endpoint URL [--duration D] [--trace PATH]`: runs the
// scenario's simulated Kubernetes side paced to the wall clock and the real controller
// against a real Cloud Map HTTP endpoint (live::LiveWorld). Exit 0 when it ran to the end or
// was interrupted, 2 for bad input (scenario, flags, missing credentials), 1 when the
// endpoint could not be set up (namespace creation failed).
//
// Example:
//   $ export AWS_ACCESS_KEY_ID=x AWS_SECRET_ACCESS_KEY=x
//   $ meshsim live scenarios/howto-k8s-cloudmap.yaml --cloudmap-endpoint http://127.0.0.1:5000
#pragma once

#include <ostream>

#include "tools/cli/command_line.h"

namespace meshsim::cli {

// meshsim live FILE --cloudmap-endpoint URL [--duration D] [--trace PATH]
int LiveCommand(const CommandLine& cl, std::ostream& out, std::ostream& err);

}  // namespace meshsim::cli
