#include "fakes/cloudmap/call_policy.h"

#include <algorithm>

namespace meshsim::fakes::internal {
namespace {

constexpr int64_t kPpm = 1'000'000;
constexpr int64_t kNanosPerSecond = 1'000'000'000;

template <class T>
const T* Find(const std::map<std::string, T>& m, const std::string& key) {
  auto it = m.find(key);
  return it == m.end() ? nullptr : &it->second;
}

bool Matches(const std::string& pattern, const std::string& value) {
  return pattern == "*" || pattern == value;
}

}  // namespace

Status InjectedError(const std::string& code, const std::string& operation,
                     const std::string& caller) {
  if (code == "AccessDeniedException") {
    return Status(StatusCode::kPermissionDenied, code,
                  "User: " + caller + " is not authorized to perform: servicediscovery:" +
                      operation);
  }
  if (code == "ServiceUnavailable") {
    return Status(StatusCode::kUnavailable, code, "The service is unavailable. Try again later.");
  }
  if (code == "ThrottlingException" || code == "RequestLimitExceeded") {
    return Status(StatusCode::kThrottled, code, "Rate exceeded");
  }
  return Status(StatusCode::kInternal, code,
                "The request processing has failed because of an unknown error.");
}

Status Throttled(const std::string& operation) {
  bool data_plane = operation == "DiscoverInstances" || operation == "DiscoverInstancesRevision";
  return Status(StatusCode::kThrottled, data_plane ? "RequestLimitExceeded" : "ThrottlingException",
                data_plane ? "The operation can't be completed because you've reached the "
                             "quota for the number of requests."
                           : "Rate exceeded");
}

CallPolicy::CallPolicy(Dispatcher& dispatcher, Random& random, const CloudMapOptions& options)
    : dispatcher_(dispatcher),
      random_(random),
      options_(options),
      propagation_(options.propagation_delay) {
  for (const ErrorInjection& e : options.errors) AddError(e);
}

void CallPolicy::SetLatency(const std::string& operation_or_star,
                            std::optional<Distribution> latency) {
  if (latency) {
    latency_overrides_[operation_or_star] = *latency;
  } else {
    latency_overrides_.erase(operation_or_star);
  }
}

Duration CallPolicy::SampleLatency(const std::string& operation) {
  const Distribution* d = Find(latency_overrides_, operation);
  if (!d) d = Find(latency_overrides_, std::string("*"));
  if (!d) d = Find(options_.latency, operation);
  if (!d) d = &options_.api_latency;
  return d->Sample(random_);
}

void CallPolicy::SetRateLimit(const std::string& operation_or_star,
                              std::optional<RateLimit> limit) {
  if (limit) {
    rate_limit_overrides_[operation_or_star] = *limit;
  } else {
    rate_limit_overrides_.erase(operation_or_star);
  }
  buckets_.clear();
}

std::optional<RateLimit> CallPolicy::EffectiveRateLimit(const std::string& operation) const {
  const std::string star = "*";
  for (const auto* m : {&rate_limit_overrides_, &options_.rate_limits}) {
    const RateLimit* l = Find(*m, operation);
    if (!l) l = Find(*m, star);
    if (l) return l->limited() ? std::optional<RateLimit>(*l) : std::nullopt;
  }
  return std::nullopt;
}

bool CallPolicy::TakeToken(const std::string& operation, const RateLimit& limit) {
  const __int128 capacity = static_cast<__int128>(limit.burst) * kNanosPerSecond;
  MonotonicTime now = dispatcher_.Now();
  auto [it, fresh] = buckets_.try_emplace(operation, Bucket{capacity, now});
  Bucket& b = it->second;
  if (!fresh) {
    // One token per 1e9/per_second ns, i.e. per_second nano-tokens per ns.
    __int128 elapsed = (now - b.refilled).count();
    b.nano_tokens = std::min(capacity, b.nano_tokens + elapsed * limit.per_second);
    b.refilled = now;
  }
  if (b.nano_tokens < kNanosPerSecond) return false;
  b.nano_tokens -= kNanosPerSecond;
  return true;
}

int64_t CallPolicy::AddError(ErrorInjection injection) {
  int64_t id = next_injection_id_++;
  injections_.push_back({id, std::move(injection)});
  return id;
}

bool CallPolicy::RemoveError(int64_t id) {
  auto it = std::find_if(injections_.begin(), injections_.end(),
                         [id](const Injection& i) { return i.id == id; });
  if (it == injections_.end()) return false;
  injections_.erase(it);
  return true;
}

void CallPolicy::ClearErrors() { injections_.clear(); }

std::optional<Status> CallPolicy::Admit(const std::string& operation, const std::string& caller) {
  MonotonicTime now = dispatcher_.Now();
  std::erase_if(injections_, [now](const Injection& i) { return i.spec.until && *i.spec.until <= now; });
  for (const Injection& i : injections_) {
    const ErrorInjection& e = i.spec;
    if (now < e.from || !Matches(e.operation, operation) || !Matches(e.caller, caller)) continue;
    if (e.probability_ppm <= 0) continue;
    bool fires = e.probability_ppm >= kPpm ||
                 static_cast<int64_t>(random_.Uniform(kPpm)) < e.probability_ppm;
    if (fires) return InjectedError(e.error, operation, caller);
  }
  if (std::optional<RateLimit> limit = EffectiveRateLimit(operation)) {
    if (!TakeToken(operation, *limit)) return Throttled(operation);
  }
  return std::nullopt;
}

void CallPolicy::SetPropagationDelay(Distribution delay) {
  propagation_ = delay;
  if (!propagating()) reader_view_.clear();
}

MonotonicTime CallPolicy::ViewTime(const std::string& reader) {
  MonotonicTime now = dispatcher_.Now();
  if (!propagating()) return now;
  Duration delay = std::min(propagation_.Sample(random_), kMaxPropagationDelay);
  MonotonicTime view = std::max(MonotonicTime{}, now - delay);
  auto [it, fresh] = reader_view_.try_emplace(reader, view);
  if (!fresh) it->second = std::max(it->second, view);
  return std::min(it->second, now);
}

}  // namespace meshsim::fakes::internal
