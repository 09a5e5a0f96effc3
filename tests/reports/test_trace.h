// File: tests/reports/test_trace.h
//
// Loads the hand-written trace tests/reports/golden/small_trace.jsonl into a TraceCollector,
// and the run summary the golden reports were written with.
//
// Example:
//   TraceCollector c = LoadSmallTrace();
//   Metrics m = ComputeMetrics(c);
#pragma once

#include <string>

#include "reports/report_writers.h"
#include "reports/trace_collector.h"

namespace meshsim::reports::testing {

std::string GoldenDir();
// Fails the current test (ADD_FAILURE) if the file is missing or a line does not parse.
TraceCollector LoadSmallTrace();
RunSummary SmallRun();

}  // namespace meshsim::reports::testing
