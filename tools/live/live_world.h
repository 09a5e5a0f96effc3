// File: tools/live/live_world.h
//
// Live mode: a scenario's simulated Kubernetes side (fakes::KubeCluster and the timeline),
// paced by the wall clock on an AsioDispatcher, and the real controller
// (controller::CloudMapController) talking to a real Cloud Map endpoint through
// live::HttpCloudMapClient. It first creates the scenario's Cloud Map namespaces when missing,
// then starts the controller and the timeline, prints each Cloud Map change the controller
// makes, and stops after the scenario's duration (or --duration) or on SIGINT/SIGTERM.
// Unlike world::World there is no fake Cloud Map, no App Mesh control plane and no assertion
// monitor: the endpoint is the truth, checked with the aws CLI.
//
// Example:
//   auto live = LiveWorld::Create(scenario, {.endpoint_url = "http://127.0.0.1:5000"}, std::cout);
//   if (!live.ok()) return Fail(live.status());
//   LiveResult r = (*live)->Run();
#pragma once

#include <memory>
#include <optional>
#include <ostream>
#include <string>

#include "controller/api/status.h"
#include "controller/live/sigv4.h"
#include "sim/scenario/scenario.h"

namespace meshsim::live {

struct LiveOptions {
  std::string endpoint_url;           // empty: AWS's regional endpoint (https)
  std::optional<Duration> duration;   // overrides the scenario's duration
  std::ostream* trace_sink = nullptr;  // JSON lines of every trace event
  EnvLookup env = ProcessEnv;          // credentials and region
  bool handle_signals = true;          // stop on SIGINT/SIGTERM
};

struct LiveResult {
  Status status;             // OK, or why the run could not proceed (namespace set-up failed)
  bool interrupted = false;  // stopped by a signal before the duration
  Duration elapsed{0};       // wall time from start to stop
  int64_t requests = 0;      // HTTP requests sent to the endpoint
  int64_t changes = 0;       // successful Register/DeregisterInstance and Create/DeleteService
  int64_t errors = 0;        // failed Cloud Map calls
};

class LiveWorld {
 public:
  // Reads the settings, credentials (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY,
  // AWS_SESSION_TOKEN), region (AWS_REGION, AWS_DEFAULT_REGION, else the scenario's
  // cluster.region) and endpoint, and builds the parts. Prints progress lines to `out`.
  static Result<std::unique_ptr<LiveWorld>> Create(const scenario::Scenario& scenario,
                                                   const LiveOptions& options, std::ostream& out);
  ~LiveWorld();
  LiveWorld(const LiveWorld&) = delete;
  LiveWorld& operator=(const LiveWorld&) = delete;

  // Runs until the duration passes, a signal arrives or the set-up fails. REQUIRES: once.
  LiveResult Run();

 private:
  struct Parts;
  explicit LiveWorld(std::unique_ptr<Parts> parts);
  void OnSetUp(Status s);
  std::unique_ptr<Parts> parts_;
};

}  // namespace meshsim::live
