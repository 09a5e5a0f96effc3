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
#include <string>

#include "controller/api/distribution.h"
#include "controller/api/time.h"

namespace meshsim::fakes {

struct CloudMapOptions {
  std::string region = "us-west-2";
  std::string account_id = "123456789012";
  // Each call's response delay (from the call to its callback).
  Distribution api_latency =
      Distribution::Uniform(std::chrono::milliseconds(15), std::chrono::milliseconds(40));
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
