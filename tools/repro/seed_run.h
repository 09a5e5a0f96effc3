// File: tools/repro/seed_run.h
//
// One seed of a scenario, run to completion and boiled down to what a sweep keeps: whether
// every assertion held, each failed assertion with its message, the trace hash, and per
// propagation hop (reports/latency.h) the seed's sample count, p50, p99 and max. Each call
// builds its own World, so calls on different threads share nothing but the read-only
// scenario.
//
// Example:
//   SeedResult r = RunSeed(scenario, 17);
//   if (!r.ok()) std::cout << r.failures[0].message << "\n";
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "sim/scenario/scenario.h"
#include "sim/world/world.h"

namespace meshsim::repro {

struct FailedAssertion {
  std::string name;
  std::string location;  // file:line:column
  int64_t at_ns = 0;     // when it was decided
  std::string message;
  friend bool operator==(const FailedAssertion&, const FailedAssertion&) = default;
};

// One hop's latency within one seed, integer nanoseconds (0 when count == 0).
struct HopStats {
  int64_t count = 0, p50 = 0, p99 = 0, max = 0;
  friend bool operator==(const HopStats&, const HopStats&) = default;
};

struct SeedResult {
  uint64_t seed = 0;
  std::string error;  // the world could not be built (bad settings); the seed did not run
  int passed = 0;
  int failed = 0;
  std::vector<FailedAssertion> failures;
  std::string trace_hash;
  uint64_t trace_events = 0;
  std::map<std::string, HopStats> hops;  // every hop of reports::kHops with samples
  int64_t stale_max_ns = 0;              // the longest stale-endpoint window

  bool ok() const { return error.empty() && failed == 0; }
  bool Failed(const std::string& assertion) const;
  friend bool operator==(const SeedResult&, const SeedResult&) = default;
};

// What a caller may add to each run: where the trace goes, and (tests only) a change to the
// component options, e.g. a planted controller bug.
struct RunHooks {
  std::function<void(world::RunOptions&)> adjust_run_options;
};

// Runs `scenario` with `seed` and summarises it.
SeedResult RunSeed(const scenario::Scenario& scenario, uint64_t seed, const RunHooks& hooks = {});

}  // namespace meshsim::repro
