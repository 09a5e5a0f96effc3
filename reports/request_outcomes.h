// File: reports/request_outcomes.h
//
// What a run did to traffic: the traffic model's request outcomes (docs/traffic.md) summed from
// its trace events, `traffic RequestCounts` (one per stream and simulated second with requests,
// written once the second is over) and `traffic RequestsUnsent` (requests with no Envoy to send
// them). Totals per stream and for the run, and per simulated second over all streams, for the
// reports' "what it did to traffic" sections. A run without a traffic: section has none.
//
// Example:
//   RequestOutcomes r = ComputeRequestOutcomes(collector.events());
//   printf("%lld of %lld requests failed\n", r.total.failed(), r.total.all());
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "reports/trace_collector.h"

namespace meshsim::reports {

// Requests by outcome. "failed" is what the caller saw as a 503: connect_failure plus
// no_healthy_upstream (the `requests` check's `failed`).
struct OutcomeTally {
  int64_t success = 0, retried = 0, connect_failure = 0, no_healthy_upstream = 0;

  int64_t failed() const { return connect_failure + no_healthy_upstream; }
  int64_t all() const { return success + retried + failed(); }
  OutcomeTally& operator+=(const OutcomeTally& o);
};

struct RequestOutcomes {
  OutcomeTally total;
  int64_t unsent = 0;
  std::map<std::string, OutcomeTally> by_stream;
  std::map<std::string, int64_t> unsent_by_stream;
  std::map<int64_t, OutcomeTally> by_second;  // simulated second -> all streams; busy seconds only

  bool empty() const { return by_stream.empty() && unsent == 0; }
};

RequestOutcomes ComputeRequestOutcomes(const std::vector<CollectedEvent>& events);

}  // namespace meshsim::reports
