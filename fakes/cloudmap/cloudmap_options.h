// File: fakes/cloudmap/cloudmap_options.h
//
// The knobs of FakeCloudMap: who the fake pretends to be (region, account), how long each call
// and each asynchronous operation takes in simulated time, and the documented quotas. Defaults
// follow the AWS documentation where it publishes a figure (custom health delay, quotas) and are
// our own choice where it does not (latency, operation duration; see docs/fake-cloudmap.md).
//
// Example:
//   CloudMapOptions options;
//   options.operation_duration = Distribution::Fixed(std::chrono::seconds(2));
//   FakeCloudMap cloudmap(dispatcher, random, tracer, options);
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "controller/api/distribution.h"
#include "controller/api/time.h"

namespace meshsim::fakes {

// A token bucket: `burst` tokens, refilled at `per_second` tokens a second; a call takes one.
// A negative burst means no limit (Unlimited(), to lift a configured limit at run time).
struct RateLimit {
  int64_t per_second = 0;
  int64_t burst = 0;
  static RateLimit Unlimited() { return RateLimit{0, -1}; }
  bool limited() const { return burst >= 0; }
  friend bool operator==(const RateLimit&, const RateLimit&) = default;
};

// An injected error: calls of `operation` ("*" = every operation) from `caller` ("*" = every
// caller) made in [from, until) fail with `error` (an AWS error code: AccessDeniedException,
// ServiceUnavailable, InternalFailure, ThrottlingException, RequestLimitExceeded) with
// probability `probability_ppm` / 1,000,000.
struct ErrorInjection {
  std::string error = "ServiceUnavailable";
  std::string operation = "*";
  std::string caller = "*";
  int64_t probability_ppm = 1'000'000;
  MonotonicTime from{};                // dispatcher time; default: from the start
  std::optional<MonotonicTime> until;  // dispatcher time; default: for ever
  friend bool operator==(const ErrorInjection&, const ErrorInjection&) = default;
};

// The request rates AWS publishes for Cloud Map (Developer Guide, service quotas: per account
// per Region): DiscoverInstances 1,000/s with a burst of 2,000, DiscoverInstancesRevision
// 3,000/s (no burst published: the bucket holds one second's worth).
std::map<std::string, RateLimit> AwsDocumentedRateLimits();

// Every operation name FakeCloudMap answers ("CreateHttpNamespace", ..., "DiscoverInstances"),
// sorted: the valid keys of per-operation knobs.
const std::vector<std::string>& CloudMapOperationNames();

// The AWS error codes an ErrorInjection may name.
const std::vector<std::string>& InjectableErrorNames();

struct CloudMapOptions {
  std::string region = "us-west-2";
  std::string account_id = "123456789012";
  // Each call's response delay (from the call to its callback), unless `latency` names the
  // operation.
  Distribution api_latency =
      Distribution::Uniform(std::chrono::milliseconds(15), std::chrono::milliseconds(40));
  // Per-operation response delays ("DiscoverInstances" -> uniform(20ms, 80ms)).
  std::map<std::string, Distribution> latency;
  // Eventual consistency: DiscoverInstances and DiscoverInstancesRevision answer from the
  // service's state this long ago, drawn per call, never older than what that reader (the
  // client's caller) already saw. Fixed zero (the default) = strongly consistent.
  Distribution propagation_delay;
  // Token buckets by operation ("*": every operation without its own entry gets a bucket of
  // this size). On by default only where AWS publishes a figure (AwsDocumentedRateLimits());
  // control-plane rates are not published, so nothing else is throttled unless asked.
  std::map<std::string, RateLimit> rate_limits = AwsDocumentedRateLimits();
  // Errors injected from the start (more can be added at run time).
  std::vector<ErrorInjection> errors;
  // How long an asynchronous operation stays SUBMITTED before it becomes PENDING.
  Distribution operation_pending_after = Distribution::Fixed(std::chrono::milliseconds(100));
  // How long an operation stays PENDING before SUCCESS/FAIL. AWS publishes no figure.
  Distribution operation_duration =
      Distribution::Uniform(std::chrono::seconds(1), std::chrono::seconds(4));
  // UpdateInstanceCustomHealthStatus takes effect after this ("about 30 seconds").
  Duration custom_health_delay = std::chrono::seconds(30);

  // Documented quotas (Developer Guide, "service quotas").
  int32_t max_namespaces = 50;                 // per Region, adjustable
  int32_t max_instances_per_service = 1000;    // not adjustable
  int32_t max_instances_per_namespace = 2000;  // adjustable
  int32_t max_custom_attributes = 30;          // per instance, not adjustable
  int32_t max_attributes_total_chars = 5000;   // sum of key and value lengths
};

}  // namespace meshsim::fakes
