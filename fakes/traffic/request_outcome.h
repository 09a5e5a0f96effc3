// File: fakes/traffic/request_outcome.h
//
// How one request of the traffic model ends, and OutcomeCounts: totals per outcome plus a
// timeline of one bucket per simulated second, so assertions can ask "how many connect
// failures" over the run or over a window, and reports can draw the timeline.
//
// Example:
//   OutcomeCounts counts;
//   counts.Add(RequestOutcome::kConnectFailure, std::chrono::milliseconds(61500));
//   counts.total(RequestOutcome::kConnectFailure);            // 1
//   counts.Between(RequestOutcome::kConnectFailure, 60s, 62s);  // 1 (bucket 61)
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "controller/api/time.h"

namespace meshsim::fakes {

enum class RequestOutcome {
  kSuccess,            // the first attempt connected
  kRetried,            // an attempt failed to connect, a retry connected
  kConnectFailure,     // every attempt (1 + max_retries) failed to connect: a 503 to the caller
  kNoHealthyUpstream,  // the caller's Envoy had no endpoint to try: a 503 "no healthy upstream"
};
inline constexpr int kRequestOutcomeCount = 4;

// "success", "retried", "connect_failure", "no_healthy_upstream".
const char* OutcomeName(RequestOutcome outcome);
// The inverse of OutcomeName; nullopt for anything else.
std::optional<RequestOutcome> ParseOutcome(std::string_view name);
// Every outcome, in enum order.
const std::array<RequestOutcome, kRequestOutcomeCount>& AllOutcomes();

class OutcomeCounts {
 public:
  using Bucket = std::array<int64_t, kRequestOutcomeCount>;

  // Counts one request that ended `at` (time since the start of the run).
  void Add(RequestOutcome outcome, Duration at);

  int64_t total(RequestOutcome outcome) const { return totals_[Index(outcome)]; }
  // Every request, whatever its outcome.
  int64_t total() const;
  // Requests with `outcome` that ended in the whole seconds overlapping [from, to): a window
  // is widened to whole seconds, the timeline's resolution.
  int64_t Between(RequestOutcome outcome, Duration from, Duration to) const;
  int64_t BetweenAll(Duration from, Duration to) const;
  // The largest count of `outcome` in one second.
  int64_t PeakPerSecond(RequestOutcome outcome) const;
  // One bucket per second from second 0 to the last second with a request.
  const std::vector<Bucket>& seconds() const { return seconds_; }

 private:
  static size_t Index(RequestOutcome o) { return static_cast<size_t>(o); }
  Bucket totals_{};
  std::vector<Bucket> seconds_;
};

}  // namespace meshsim::fakes
