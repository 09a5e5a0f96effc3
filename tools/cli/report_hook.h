// File: tools/cli/report_hook.h
//
// `meshsim run --report-dir DIR`: turns a finished run's RunResult into the plain summary the
// report writers take and writes report.json, report.md, junit.xml, trace.json and
// report.html from the trace records collected during the run.
//
// Example:
//   reports::TraceCollector collector;
//   options.trace_observer = [&](const sim::TraceRecord& r) { collector.Observe(r); };
//   world::RunResult result = world->Run();
//   if (!WriteRunReports(dir, collector, result, err)) return kExitBadInput;
#pragma once

#include <ostream>
#include <string>

#include "reports/report_writers.h"
#include "reports/trace_collector.h"
#include "sim/world/world.h"

namespace meshsim::cli {

// The run's identity and assertion outcomes as plain values.
reports::RunSummary ToRunSummary(const world::RunResult& result);

// Writes the five report files into `dir`; on failure prints why to `err` and returns false.
bool WriteRunReports(const std::string& dir, const reports::TraceCollector& collector,
                     const world::RunResult& result, std::ostream& err);

}  // namespace meshsim::cli
