// File: reports/report_writers.h
//
// The report files of one run, as pure functions from the metrics, the request outcomes and a
// plain summary of the run to text: report.json (schema "meshsim.report/v1",
// docs/reports.md), report.md, junit.xml (one testcase per assertion), trace.json (Chrome trace-event format, opens in
// Perfetto) and report.html (self-contained, inline SVG). Output depends only on the inputs:
// keys and rows are sorted, durations are integer nanoseconds in JSON and fixed 3-decimal
// seconds in text.
//
// Example:
//   RunSummary run{.scenario = "howto", .seed = 1, .sim_time_ns = 255'000'000'000};
//   Metrics m = ComputeMetrics(collector);
//   Status s = WriteReportDir("out/", m, run, collector.events());  // outcomes from the events
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "controller/api/status.h"
#include "reports/latency.h"
#include "reports/request_outcomes.h"
#include "reports/trace_collector.h"

namespace meshsim::reports {

inline constexpr char kReportSchema[] = "meshsim.report/v1";

struct AssertionResult {
  std::string name;
  std::string location;  // file:line:column
  bool passed = false;
  bool decided = false;
  int64_t decided_at_ns = 0;
  std::string expected, actual;
  std::string message;  // the failure message; empty on pass
};

// What `meshsim bench` measures about a run besides the trace (absent from `meshsim run`'s
// reports: wall time and memory are not deterministic, the rest of the report is).
struct BenchFigures {
  int64_t wall_ns = 0;
  double events_per_second = 0;   // kernel events per wall second
  double sim_to_real_ratio = 0;   // simulated time / wall time
  int64_t peak_rss_bytes = 0;     // the process's peak resident set (getrusage ru_maxrss)
  int64_t pods_peak = 0;          // most pods in the API server at once
  int64_t envoys_peak = 0;        // most Envoys connected at once
};

struct RunSummary {
  std::string scenario;
  uint64_t seed = 0;
  int64_t sim_time_ns = 0;
  uint64_t events = 0;
  uint64_t trace_events = 0;
  std::string trace_hash;
  std::vector<AssertionResult> assertions;
  std::optional<BenchFigures> bench;  // set by meshsim bench only
};

std::string ReportJson(const Metrics& m, const RunSummary& run, const RequestOutcomes& requests);
std::string ReportMarkdown(const Metrics& m, const RunSummary& run,
                           const RequestOutcomes& requests);
std::string JunitXml(const RunSummary& run);
// Tracks: one per component with an instant per collected event, one per pod with a span
// per hop. Timestamps in microseconds with nanosecond decimals.
std::string ChromeTrace(const Metrics& m, const std::vector<CollectedEvent>& events);
std::string ReportHtml(const Metrics& m, const RunSummary& run, const RequestOutcomes& requests);

// "1.234s" (fixed, three decimals, truncated toward zero); "-" for a negative value.
std::string Seconds(int64_t ns);
// "wall 1.234s, 1234567 events/s, 2917x real time, peak RSS 123.4 MiB, 1000 pods, 100 Envoys".
std::string BenchLine(const BenchFigures& b);
// Escapes &, <, >, " and ' for XML and HTML text and attributes.
std::string XmlEscape(const std::string& s);

// Writes the five files into `dir` (created if missing); the request outcomes come from
// `events` (ComputeRequestOutcomes).
Status WriteReportDir(const std::string& dir, const Metrics& m, const RunSummary& run,
                      const std::vector<CollectedEvent>& events);

}  // namespace meshsim::reports
