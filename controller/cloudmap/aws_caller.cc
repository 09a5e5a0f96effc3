#include "controller/cloudmap/aws_caller.h"

#include <algorithm>

namespace meshsim::controller {

bool CloudMapCaller::IsRetryable(const Status& s) {
  switch (s.code()) {
    case StatusCode::kThrottled:
    case StatusCode::kUnavailable:
    case StatusCode::kInternal:
      return true;
    default:
      return false;
  }
}

Duration CloudMapCaller::RetryDelay(const Status& s, int attempt) const {
  Duration base = s.code() == StatusCode::kThrottled ? options_.sdk_min_throttle_delay
                                                     : options_.sdk_min_retry_delay;
  int shift = std::min(attempt, 13);  // the SDK caps the exponent the same way
  return std::min(base * (int64_t{1} << shift), options_.sdk_max_retry_delay);
}

CallTally CloudMapCaller::TakeTally(const std::string& key) {
  auto it = tallies_.find(key);
  if (it == tallies_.end()) return {};
  CallTally t = it->second;
  tallies_.erase(it);
  return t;
}

std::vector<CallTally*> CloudMapCaller::TalliesFor(const TraceContext& ctx) {
  std::vector<CallTally*> out;
  if (tallies_.empty()) return out;
  std::string vn, instance;
  for (const auto& [k, v] : ctx) {
    if (k == "vn") vn = v;
    if (k == "instance") instance = v;
  }
  if (vn.empty()) return out;
  if (auto it = tallies_.find(TallyKey(vn)); it != tallies_.end()) out.push_back(&it->second);
  if (instance.empty()) return out;
  if (auto it = tallies_.find(TallyKey(vn, instance)); it != tallies_.end()) {
    out.push_back(&it->second);
  }
  return out;
}

void CloudMapCaller::TraceCall(const std::string& op, const TraceContext& ctx, int attempt) {
  TraceEvent e("controller", "CloudMapCall");
  e.With("op", op);
  for (const auto& [k, v] : ctx) e.With(k, v);
  e.With("attempt", attempt);
  tracer_.Record(e);
}

void CloudMapCaller::TraceResult(const std::string& op, const TraceContext& ctx, int attempt,
                                 const Status& s, Duration latency) {
  TraceEvent e("controller", "CloudMapResult");
  e.With("op", op);
  for (const auto& [k, v] : ctx) e.With(k, v);
  e.With("attempt", attempt).With("ok", s.ok()).With("latency", latency);
  if (!s.ok()) e.With("error", s.error_name()).With("message", s.message());
  tracer_.Record(e);
}

}  // namespace meshsim::controller
