// File: tools/cli/serve_command.h
//
// `meshsim serve [SCENARIO] --cloudmap-port PORT [--bind ADDR]`: runs a FakeCloudMap on a
// real-time Asio dispatcher and serves it over the AWS JSON 1.1 protocol until SIGINT/SIGTERM,
// so the aws CLI and SDKs can talk to it with --endpoint-url. With a SCENARIO, its cloudmap
// settings (latencies, quotas) apply and its cloudmap.namespaces exist from the start; the
// scenario's Kubernetes world is not run.
//
// Example:
//   meshsim serve scenarios/howto-k8s-cloudmap.yaml --cloudmap-port 0
//   # meshsim: serving Cloud Map at http://127.0.0.1:41234
#pragma once

#include <ostream>

#include "tools/cli/command_line.h"

namespace meshsim::cli {

// Serves until SIGINT or SIGTERM; returns 0 then, 2 for bad input or an unbindable address.
int ServeCommand(const CommandLine& cl, std::ostream& out, std::ostream& err);

}  // namespace meshsim::cli
