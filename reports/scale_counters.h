// File: reports/scale_counters.h
//
// How big a run got, counted from its trace records as it goes: the peak number of pods in
// the API server (k8s Write Create/Delete of kind Pod) and of Envoys connected to the control
// plane (envoy EnvoyConnected/EnvoyDisconnected). Constant memory, so it can watch runs of
// any length; `meshsim run --summary-json` and `meshsim bench` report the figures.
//
// Example:
//   reports::ScaleCounters counters;
//   options.trace_observer = [&](const sim::TraceRecord& r) { counters.Observe(r); };
//   ... run ...
//   printf("%lld pods at most\n", static_cast<long long>(counters.pods_peak()));
#pragma once

#include <cstdint>

#include "controller/api/tracer.h"
#include "sim/kernel/trace_log.h"

namespace meshsim::reports {

class ScaleCounters {
 public:
  void Observe(const sim::TraceRecord& record) { Add(*record.event); }
  void Add(const TraceEvent& event);

  int64_t pods() const { return pods_; }
  int64_t pods_peak() const { return pods_peak_; }
  int64_t envoys() const { return envoys_; }
  int64_t envoys_peak() const { return envoys_peak_; }

 private:
  int64_t pods_ = 0, pods_peak_ = 0;
  int64_t envoys_ = 0, envoys_peak_ = 0;
};

}  // namespace meshsim::reports
