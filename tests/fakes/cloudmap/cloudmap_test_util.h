// File: tests/fakes/cloudmap/cloudmap_test_util.h
//
// A fixture for FakeCloudMap tests: a ManualDispatcher, a seeded TestRandom, a RecordingTracer,
// the fake and one "test" client, plus Call(), which turns the callback API into a synchronous
// call by running the dispatcher until the callback fired. Options default to fixed timings so
// tests can reason about exact instants (latency 20ms, PENDING after 100ms, SUCCESS 2s later).
//
// Example:
//   TEST_F(CloudMapTest, GetsService) {
//     Result<cloudmap::Service> s = Call(&CloudMapClient::GetService, {.id = "srv-x"});
//     EXPECT_EQ(s.status().error_name(), "ServiceNotFound");
//   }
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <type_traits>

#include "controller/api/cloudmap_client.h"
#include "fakes/cloudmap/fake_cloudmap.h"
#include "tests/support/manual_dispatcher.h"
#include "tests/support/recording_tracer.h"
#include "tests/support/test_random.h"

namespace meshsim::fakes::testing {

using namespace std::chrono_literals;

// The ARNs the fake gives with the default region and account.
inline std::string NamespaceArnOf(const std::string& id) {
  std::string arn = "arn:aws:servicediscovery:us-west-2:123456789012:namespace/";
  return arn.append(id);
}
inline std::string ServiceArnOf(const std::string& id) {
  std::string arn = "arn:aws:servicediscovery:us-west-2:123456789012:service/";
  return arn.append(id);
}

// Fixed timings: every call answers after 20ms; operations are PENDING at +100ms and end at
// +2100ms; custom health changes apply after 30s.
CloudMapOptions FixedTimingOptions();

// Runs `client.*method(req, cb)` and the dispatcher until `cb` ran (at most `limit` of simulated
// time). Returns the callback's result, or a DeadlineExceeded "NoCallback" status.
template <class Req, class T>
Result<T> CallSync(meshsim::testing::ManualDispatcher& dispatcher, CloudMapClient& client,
                   void (CloudMapClient::*method)(const Req&, Callback<T>),
                   const std::type_identity_t<Req>& req, Duration limit = 10s) {
  std::optional<Result<T>> out;
  (client.*method)(req, [&out](Result<T> r) { out.emplace(std::move(r)); });
  if (out) return Status(StatusCode::kInternal, "InlineCallback", "callback ran inside the call");
  dispatcher.RunUntil([&] { return out.has_value(); }, limit);
  if (!out) return Status(StatusCode::kDeadlineExceeded, "NoCallback", "callback never ran");
  return *out;
}

class CloudMapTest : public ::testing::Test {
 protected:
  explicit CloudMapTest(CloudMapOptions options = FixedTimingOptions(), uint64_t seed = 42);

  template <class Req, class T>
  Result<T> Call(void (CloudMapClient::*method)(const Req&, Callback<T>),
                 const std::type_identity_t<Req>& req) {
    return CallSync(dispatcher_, *client_, method, req);
  }

  // Set-up helpers; each fails the test (ADD_FAILURE) when the fake refuses.
  std::string HttpNamespace(const std::string& name);
  std::string PrivateNamespace(const std::string& name, const std::string& vpc = "vpc-1");
  // A service with no health check (HTTP namespace: Type HTTP).
  std::string PlainService(const std::string& ns_id, const std::string& name);
  // A service with HealthCheckCustomConfig.
  std::string CustomHealthService(const std::string& ns_id, const std::string& name);
  // A private-DNS service with an A record (needs AWS_INSTANCE_IPV4).
  std::string ARecordService(const std::string& ns_id, const std::string& name);
  // Registers and waits until the operation ended; returns the operation id.
  std::string Register(const std::string& service_id, const std::string& instance_id,
                       cloudmap::Attributes attributes = {});
  std::string Deregister(const std::string& service_id, const std::string& instance_id);
  // Runs past the end of every operation started so far.
  void FinishOperations() { dispatcher_.RunFor(5s); }
  cloudmap::OperationStatus OperationStatusOf(const std::string& operation_id);
  // DiscoverInstances through the client, sorted by instance id for easy comparison.
  std::vector<std::string> DiscoverIds(const cloudmap::DiscoverInstancesRequest& req);

  meshsim::testing::ManualDispatcher dispatcher_;
  meshsim::testing::TestRandom random_;
  meshsim::testing::RecordingTracer tracer_;
  std::unique_ptr<FakeCloudMap> cloudmap_;
  std::unique_ptr<CloudMapClient> client_;
};

}  // namespace meshsim::fakes::testing
