// File: fakes/cloudmap/call_policy.h
//
// What decides, per call, how FakeCloudMap answers besides the API's semantics: how long the
// answer takes (per-operation latency), whether the call is refused first (injected errors
// within their time windows, then per-operation token buckets), and how stale the state is that
// DiscoverInstances answers from (propagation delay per reader). Each knob starts from
// CloudMapOptions and can be changed at run time through FakeCloudMap's public setters; runtime
// overrides sit on top of the configured values and clearing one restores them. Randomness is
// drawn only when a knob needs it (a fixed latency or a 0%/100% error draws nothing), so turning
// a knob on does not shift the stream of a run that never reaches it.
//
// Example:
//   CallPolicy policy(dispatcher, random, options);
//   policy.SetRateLimit("RegisterInstance", RateLimit{.per_second = 2, .burst = 5});
//   if (std::optional<Status> refused = policy.Admit("RegisterInstance", "controller")) ...
//   Duration latency = policy.SampleLatency("RegisterInstance");
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "controller/api/dispatcher.h"
#include "controller/api/distribution.h"
#include "controller/api/random.h"
#include "controller/api/status.h"
#include "fakes/cloudmap/cloudmap_options.h"

namespace meshsim::fakes::internal {

// The AWS error `code` as a Status (AccessDeniedException -> kPermissionDenied, ...), with a
// message like AWS's for `operation` called by `caller`.
Status InjectedError(const std::string& code, const std::string& operation,
                     const std::string& caller);

// The error a throttled call of `operation` gets: RequestLimitExceeded for the data-plane
// DiscoverInstances* calls (documented), ThrottlingException for the rest.
Status Throttled(const std::string& operation);

class CallPolicy {
 public:
  // Beyond this, a propagation delay is cut short (and older history is dropped).
  static constexpr Duration kMaxPropagationDelay = std::chrono::minutes(15);

  // REQUIRES: `dispatcher` and `random` outlive this object.
  CallPolicy(Dispatcher& dispatcher, Random& random, const CloudMapOptions& options);

  // Latency: an override for `operation_or_star`, or std::nullopt to clear it. Lookup order:
  // override[op], override["*"], options.latency[op], options.api_latency.
  void SetLatency(const std::string& operation_or_star, std::optional<Distribution> latency);
  Duration SampleLatency(const std::string& operation);

  // Rate limits: an override for `operation_or_star` (RateLimit::Unlimited() lifts a configured
  // one), or std::nullopt to clear it. Every change refills every bucket.
  void SetRateLimit(const std::string& operation_or_star, std::optional<RateLimit> limit);
  // The limit in force for `operation`, or std::nullopt when it is not limited.
  std::optional<RateLimit> EffectiveRateLimit(const std::string& operation) const;

  // Errors: adds an injection, returns its id for RemoveError.
  int64_t AddError(ErrorInjection injection);
  // Returns false when no injection has that id (e.g. it already expired).
  bool RemoveError(int64_t id);
  void ClearErrors();

  // The error to answer this call with instead of running it: the first injected error that
  // matches and fires, else a throttling error when the operation's bucket is empty.
  std::optional<Status> Admit(const std::string& operation, const std::string& caller);

  // Propagation: the delay distribution (fixed zero turns it off).
  void SetPropagationDelay(Distribution delay);
  bool propagating() const { return propagation_ != Distribution(); }
  // The time whose state `reader` sees now: now - delay (drawn), never earlier than the last
  // time this reader saw, never before zero. Now() when propagation is off.
  MonotonicTime ViewTime(const std::string& reader);

 private:
  struct Bucket {
    __int128 nano_tokens = 0;  // tokens * 1e9, so refills stay exact integers
    MonotonicTime refilled{};
  };
  struct Injection {
    int64_t id;
    ErrorInjection spec;
  };
  bool TakeToken(const std::string& operation, const RateLimit& limit);

  Dispatcher& dispatcher_;
  Random& random_;
  const CloudMapOptions& options_;
  std::map<std::string, Distribution> latency_overrides_;
  std::map<std::string, RateLimit> rate_limit_overrides_;
  std::map<std::string, Bucket> buckets_;
  std::vector<Injection> injections_;
  int64_t next_injection_id_ = 1;
  Distribution propagation_;
  std::map<std::string, MonotonicTime> reader_view_;
};

}  // namespace meshsim::fakes::internal
