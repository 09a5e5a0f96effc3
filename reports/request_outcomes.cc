// Request outcomes from the traffic model's per-second counters (see the header).
#include "reports/request_outcomes.h"

#include <algorithm>

namespace meshsim::reports {

OutcomeTally& OutcomeTally::operator+=(const OutcomeTally& o) {
  success += o.success;
  retried += o.retried;
  connect_failure += o.connect_failure;
  no_healthy_upstream += o.no_healthy_upstream;
  return *this;
}

RequestOutcomes ComputeRequestOutcomes(const std::vector<CollectedEvent>& events) {
  RequestOutcomes r;
  for (const CollectedEvent& e : events) {
    if (e.Is("traffic", "RequestCounts")) {
      // Counters are never negative; a hand-edited trace without one counts it as 0.
      OutcomeTally t{.success = std::max<int64_t>(0, e.GetInt("success", 0)),
                     .retried = std::max<int64_t>(0, e.GetInt("retried", 0)),
                     .connect_failure = std::max<int64_t>(0, e.GetInt("connect_failure", 0)),
                     .no_healthy_upstream =
                         std::max<int64_t>(0, e.GetInt("no_healthy_upstream", 0))};
      r.total += t;
      r.by_stream[e.Get("stream")] += t;
      r.by_second[e.GetInt("second", 0)] += t;
    } else if (e.Is("traffic", "RequestsUnsent")) {
      int64_t n = std::max<int64_t>(0, e.GetInt("count", 0));
      r.unsent += n;
      r.unsent_by_stream[e.Get("stream")] += n;
    }
  }
  return r;
}

}  // namespace meshsim::reports
