// File: reports/trace_collector.h
//
// The trace collector the report writers read, which lives in sim/metrics (the assertion
// monitor evaluates latency assertions from the same collected events). These names keep
// `reports::TraceCollector` and `reports::CollectedEvent` working.
//
// Example:
//   reports::TraceCollector collector;
//   options.trace_observer = [&](const sim::TraceRecord& r) { collector.Observe(r); };
#pragma once

#include "sim/metrics/trace_collector.h"

namespace meshsim::reports {

using metrics::CollectedEvent;
using metrics::TraceCollector;

}  // namespace meshsim::reports
