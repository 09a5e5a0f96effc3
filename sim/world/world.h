// File: sim/world/world.h
//
// One simulated run: the wiring of the kernel, the fakes and the real controller for a
// scenario. A World owns the simulated dispatcher, the seeded streams and the trace; the fake
// Kubernetes cluster, the fake Cloud Map, the App Mesh control plane with its Envoys, and the
// reconciler under test, which talks to them only through controller/api. It schedules the
// timeline, monitors the assertions, runs to the scenario's duration and renders the views.
//
// Example:
//   auto world = World::Create(scenario, {.seed = 7});
//   if (!world.ok()) return world.status();
//   RunResult r = (*world)->Run();
//   std::cout << (*world)->RenderViews();
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "controller/api/status.h"
#include "sim/kernel/trace_log.h"
#include "sim/scenario/scenario.h"
#include "sim/world/assertion_monitor.h"

namespace meshsim::fakes {
class FakeCloudMap;
class AppMeshControlPlane;
namespace xds {
struct ProfileOptions;
}  // namespace xds
}  // namespace meshsim::fakes

namespace meshsim::world {

struct ComponentOptions;  // component_options.h

struct RunOptions {
  std::optional<uint64_t> seed;         // overrides the scenario's seed
  std::ostream* trace_sink = nullptr;   // JSON lines of every trace event
  // Called with every trace record (report collectors); the record's event is valid only
  // during the call. Registered before the assertion monitor's observer.
  std::function<void(const sim::TraceRecord&)> trace_observer;
  // Test seam: changes the component options read from the scenario before the world is
  // built (e.g. a planted controller bug for tests of meshsim sweep/shrink). Never set by the CLI.
  std::function<void(ComponentOptions&)> adjust_options_for_test;
};

struct RunResult {
  std::string scenario;
  uint64_t seed = 0;
  Duration sim_time{0};
  uint64_t events = 0;  // kernel events processed
  uint64_t trace_events = 0;
  std::string trace_hash;
  std::vector<AssertionOutcome> assertions;
  int passed = 0;
  int failed = 0;
};

class World {
 public:
  // Builds the world for `scenario`. Fails with the settings' errors (file:line:column).
  static Result<std::unique_ptr<World>> Create(const scenario::Scenario& scenario,
                                               const RunOptions& options);
  ~World();
  World(const World&) = delete;
  World& operator=(const World&) = delete;

  // Runs the scenario to its duration. REQUIRES: called once.
  RunResult Run();
  // The scenario's `views:` as the walkthrough's verification prints them, from the state at
  // the end of the run: `$ command` lines followed by the command's output.
  std::string RenderViews();

  // Paced runs (`meshsim serve SCENARIO`), instead of Run(): advances the world through every
  // event due at or before `until` and leaves the clock there. Called again and again with
  // later times, it gives the same trajectory as one Run(); assertions are not finished.
  void RunUntil(MonotonicTime until);
  // The simulated time the world has reached.
  MonotonicTime Now() const;
  // The scenario's duration.
  Duration duration() const;
  // The world's fake Cloud Map, to serve it to real clients while the world runs.
  fakes::FakeCloudMap& cloudmap();
  // The control plane model, its dispatcher and the scenario's xDS profile, for `meshsim serve
  // --xds-port`, which serves the model to real xDS clients (tools/serve/xds).
  const fakes::AppMeshControlPlane& control_plane() const;
  Dispatcher& dispatcher();
  const fakes::xds::ProfileOptions& xds_profile() const;

 private:
  struct Parts;
  explicit World(std::unique_ptr<Parts> parts);
  std::unique_ptr<Parts> parts_;
};

}  // namespace meshsim::world
