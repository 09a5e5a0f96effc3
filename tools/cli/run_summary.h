// File: tools/cli/run_summary.h
//
// What `meshsim run` says about a run once it is over: one line per assertion, the one-line
// summary (scenario, seed, simulated time, events, wall time, trace hash, assertions) and the
// same summary as JSON for --summary-json.
//
// Example:
//   std::cout << AssertionLines(result) << SummaryLine(result, wall_ns) << "\n";
//   WriteFile(path, SummaryJson(result, wall_ns));
#pragma once

#include <cstdint>
#include <string>

#include "sim/world/world.h"

namespace meshsim::cli {

// "PASS name (file:line:col) at 41.2s" / "FAIL ...: expected ...; actual ..." lines.
std::string AssertionLines(const world::RunResult& result);

// "meshsim: scenario=... seed=... sim_time=4m15s events=... wall=12.3ms trace_hash=...
//  assertions: 4 passed, 0 failed"
std::string SummaryLine(const world::RunResult& result, int64_t wall_ns);

// How big the run got and what it cost (not part of the deterministic result).
struct RunScale {
  int64_t pods_peak = 0;       // most pods in the API server at once
  int64_t envoys = 0;          // most Envoys connected to the control plane at once
  int64_t peak_rss_bytes = 0;  // the process's peak resident set
};

// The summary as a JSON object with at least scenario, seed, sim_time_ns, events, wall_ns,
// pods_peak, envoys, peak_rss_bytes, trace_hash and assertions {passed, failed};
// pretty-printed, newline-terminated.
std::string SummaryJson(const world::RunResult& result, int64_t wall_ns,
                        const RunScale& scale = {});

}  // namespace meshsim::cli
