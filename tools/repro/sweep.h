// File: tools/repro/sweep.h
//
// Runs many seeds of one scenario on local cores: `jobs` threads, each building one World per
// seed (Worlds share no state, so threads need no locking beyond handing out seeds). Seeds
// are handed out in ascending order. Results come back sorted by seed whatever the thread
// timing, and with stop_on_failure the sweep stops handing out seeds after the first failure
// and keeps exactly the seeds up to the lowest failing one, so the result never depends on
// which thread finished first.
//
// Example:
//   SweepOptions o{.jobs = 4, .on_result = [&](const SeedResult& r, const SweepCounts& c) {
//     progress.Update(r, c); }};
//   std::vector<SeedResult> results = RunSweep(scenario, SeedsOf(range, shard), o);
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <vector>

#include "sim/scenario/scenario.h"
#include "tools/repro/seed_run.h"

namespace meshsim::repro {

struct SweepCounts {
  size_t done = 0;
  size_t failures = 0;
  size_t total = 0;
};

struct SweepOptions {
  int jobs = 1;
  bool stop_on_failure = false;
  RunHooks hooks;
  // Called after each seed, one call at a time (under the sweep's lock), in completion order.
  std::function<void(const SeedResult&, const SweepCounts&)> on_result;
};

std::vector<SeedResult> RunSweep(const scenario::Scenario& scenario,
                                 const std::vector<uint64_t>& seeds, const SweepOptions& options);

}  // namespace meshsim::repro
