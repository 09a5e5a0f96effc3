// File: tools/cli/serve_command.h
//
// `meshsim serve [SCENARIO] --cloudmap-port PORT [--bind ADDR] [--speed FACTOR]`: serves a
// FakeCloudMap over the AWS JSON 1.1 protocol until SIGINT/SIGTERM, so the aws CLI and SDKs can
// talk to it with --endpoint-url. Without a SCENARIO the Cloud Map starts empty and runs on
// controller/live's AsioDispatcher. With one, the scenario's whole world (cluster, controller,
// control plane, timeline) runs paced to the wall clock, FACTOR simulated seconds per second
// (tools/serve/paced_world.h), and its Cloud Map is the one served. Requests pick a client by
// their SigV4 region, so the ARNs of what they create carry it. With a SCENARIO, `--xds-port
// PORT [--xds-log]` also serves the world's mesh over xDS/ADS (gRPC) on the same address, for
// real Envoys and gRPC clients (tools/serve/xds, docs/xds.md; only when built with MESHSIM_XDS).
//
// Example:
//   meshsim serve scenarios/howto-k8s-cloudmap.yaml --cloudmap-port 0 --speed 60
//   # meshsim: serving Cloud Map at http://127.0.0.1:41234
//   # meshsim: running scenario howto-k8s-cloudmap at 60x ...; reached after 4.25s
#pragma once

#include <ostream>

#include "tools/cli/command_line.h"

namespace meshsim::cli {

// Serves until SIGINT or SIGTERM; returns 0 then, 2 for bad input or an unbindable address.
// A signal that arrives during start-up is held until the server is up, then stops it cleanly;
// SIGINT/SIGTERM are left blocked in the calling thread on return (the process is exiting).
int ServeCommand(const CommandLine& cl, std::ostream& out, std::ostream& err);

}  // namespace meshsim::cli
