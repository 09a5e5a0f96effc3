// File: sim/metrics/trace_collector.h
//
// Copies the trace events the latency metrics need (pod lifecycle, controller decisions and
// Cloud Map calls, instance registration, control plane snapshots, Envoy EDS updates, the
// traffic model's per-second request counts) out of a TraceLog as the run goes, or out of a
// JSON-lines trace file afterwards. Trace events are only valid during the observer call, so
// each kept event is copied; the chatty ones (DiscoverInstances polls, API server writes) are
// dropped to keep memory proportional to pod changes rather than to run length (the request
// counts are one per traffic stream and busy second).
//
// Example:
//   metrics::TraceCollector collector;
//   options.trace_observer = [&](const sim::TraceRecord& r) { collector.Observe(r); };
//   ... run ...
//   metrics::Metrics m = metrics::ComputeMetrics(collector);
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "controller/api/status.h"
#include "controller/api/tracer.h"
#include "sim/kernel/trace_log.h"

namespace meshsim::metrics {

struct CollectedEvent {
  int64_t time_ns = 0;
  TraceEvent event{"", ""};

  // The field `key` as text (integers in decimal, booleans "true"/"false"); "" if absent.
  std::string Get(std::string_view key) const;
  // The integer field `key`; `fallback` if absent or not an integer.
  int64_t GetInt(std::string_view key, int64_t fallback = -1) const;
  bool Is(std::string_view component, std::string_view name) const {
    return event.component() == component && event.name() == name;
  }
};

class TraceCollector {
 public:
  // Copies `record` if the reports use its event. Records must arrive in time order.
  void Observe(const sim::TraceRecord& record) { Add(record.time_ns, *record.event); }
  void Add(int64_t time_ns, const TraceEvent& event);
  // Parses one line of a `--trace` file ({"t":..,"c":..,"e":.., fields...}); blank lines are
  // ignored. Fails with kInvalidArgument on malformed JSON or a missing t/c/e.
  Status AddJsonLine(std::string_view line);

  const std::vector<CollectedEvent>& events() const { return events_; }
  // The time of the last event seen (kept or not): the end of the observed run.
  int64_t end_ns() const { return end_ns_; }

  // True if the reports use events named `name` of `component`.
  static bool Wanted(std::string_view component, std::string_view name);

 private:
  std::vector<CollectedEvent> events_;
  int64_t end_ns_ = 0;
};

}  // namespace meshsim::metrics
