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

// The summary as a JSON object with at least scenario, seed, sim_time_ns, events, wall_ns,
// trace_hash and assertions {passed, failed}; pretty-printed, newline-terminated.
std::string SummaryJson(const world::RunResult& result, int64_t wall_ns);

}  // namespace meshsim::cli
