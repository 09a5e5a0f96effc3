// File: sim/world/latency_check.h
//
// Evaluates a latency assertion (`latency: {hop, virtual_node?, p99: {max: 10s}, ...}`) from
// the trace events collected so far, with the same hop timelines the reports print
// (sim/metrics): percentiles are nearest-rank over every pod's sample of the hop.
//
// Example:
//   CheckOutcome o = EvaluateLatency(check, collector.events());
//   // o.actual: "ready_to_discoverable over 6 samples: p99 12.4s (slowest pod ns/x)"
#pragma once

#include <vector>

#include "sim/metrics/trace_collector.h"
#include "sim/scenario/scenario.h"
#include "sim/world/check_evaluator.h"

namespace meshsim::world {

CheckOutcome EvaluateLatency(const scenario::LatencyCheck& check,
                             const std::vector<metrics::CollectedEvent>& events);

}  // namespace meshsim::world
