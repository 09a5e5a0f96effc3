// The knobs AWS has and moto does not: per-operation latency, token-bucket rate limits with
// AWS's throttling errors, injected errors within time windows, each set from CloudMapOptions
// and changed at run time through FakeCloudMap's setters (the timeline's hooks).
#include <algorithm>
#include <set>

#include "tests/fakes/cloudmap/cloudmap_test_util.h"

namespace meshsim::fakes::testing {
namespace {

// Returns the simulated time a call of GetNamespace took to answer.
class KnobsTest : public CloudMapTest {
 protected:
  explicit KnobsTest(CloudMapOptions options = FixedTimingOptions()) : CloudMapTest(options) {}

  Duration LatencyOfListNamespaces() {
    MonotonicTime start = dispatcher_.Now();
    Result<cloudmap::ListNamespacesResponse> r = Call(&CloudMapClient::ListNamespaces, {});
    EXPECT_TRUE(r.ok());
    return dispatcher_.Now() - start;
  }
  Duration LatencyOfDiscover() {
    MonotonicTime start = dispatcher_.Now();
    Call(&CloudMapClient::DiscoverInstances, {.namespace_name = "apps", .service_name = "web"});
    return dispatcher_.Now() - start;
  }
  // The error names of `n` DiscoverInstances calls made at the same instant ("ok" for success).
  std::vector<std::string> DiscoverBurst(int n) {
    std::vector<std::string> out(n);
    for (int i = 0; i < n; ++i) {
      client_->DiscoverInstances(
          {.namespace_name = "apps", .service_name = "web"},
          [&out, i](Result<cloudmap::DiscoverInstancesResponse> r) {
            out[i] = r.ok() ? "ok" : r.status().error_name();
          });
    }
    dispatcher_.RunFor(1s);
    return out;
  }
  int Count(const std::vector<std::string>& v, const std::string& what) {
    return static_cast<int>(std::count(v.begin(), v.end(), what));
  }
  std::string ns_ = HttpNamespace("apps");
  std::string service_ = PlainService(ns_, "web");
};

CloudMapOptions PerOperationLatency() {
  CloudMapOptions o = FixedTimingOptions();
  o.latency["DiscoverInstances"] = Distribution::Fixed(70ms);
  return o;
}

class PerOperationLatencyTest : public KnobsTest {
 protected:
  PerOperationLatencyTest() : KnobsTest(PerOperationLatency()) {}
};

TEST_F(PerOperationLatencyTest, ConfiguredLatencyAppliesToItsOperationOnly) {
  EXPECT_EQ(LatencyOfDiscover(), 70ms);
  EXPECT_EQ(LatencyOfListNamespaces(), 20ms);
}

TEST_F(PerOperationLatencyTest, RuntimeOverridesWinAndClearingRestores) {
  cloudmap_->SetLatency("*", Distribution::Fixed(2s));  // a spike on every operation
  EXPECT_EQ(LatencyOfDiscover(), 2s);
  EXPECT_EQ(LatencyOfListNamespaces(), 2s);
  cloudmap_->SetLatency("ListNamespaces", Distribution::Fixed(5ms));
  EXPECT_EQ(LatencyOfListNamespaces(), 5ms);
  cloudmap_->SetLatency("*", std::nullopt);
  cloudmap_->SetLatency("ListNamespaces", std::nullopt);
  EXPECT_EQ(LatencyOfDiscover(), 70ms);
  EXPECT_EQ(LatencyOfListNamespaces(), 20ms);
}

TEST_F(PerOperationLatencyTest, UniformLatencyStaysWithinItsBounds) {
  cloudmap_->SetLatency("DiscoverInstances", Distribution::Uniform(20ms, 80ms));
  std::set<Duration> seen;
  for (int i = 0; i < 50; ++i) {
    Duration d = LatencyOfDiscover();
    EXPECT_GE(d, 20ms);
    EXPECT_LE(d, 80ms);
    seen.insert(d);
  }
  EXPECT_GT(seen.size(), 10u);  // drawn, not fixed
}

TEST_F(KnobsTest, DiscoverInstancesIsLimitedAsAwsDocumentsByDefault) {
  EXPECT_EQ(cloudmap_->options().rate_limits.at("DiscoverInstances"),
            (RateLimit{.per_second = 1000, .burst = 2000}));
  std::vector<std::string> burst = DiscoverBurst(2005);
  EXPECT_EQ(Count(burst, "ok"), 2000);
  EXPECT_EQ(Count(burst, "RequestLimitExceeded"), 5);
  EXPECT_EQ(burst.back(), "RequestLimitExceeded");
  // One second later (1s of DiscoverBurst's run) the bucket holds 1,000 tokens again.
  std::vector<std::string> next = DiscoverBurst(1001);
  EXPECT_EQ(Count(next, "ok"), 1000);
  EXPECT_EQ(Count(next, "RequestLimitExceeded"), 1);
}

TEST_F(KnobsTest, ControlPlaneIsNotLimitedByDefault) {
  for (int i = 0; i < 3000; ++i) {
    client_->ListNamespaces({}, [](Result<cloudmap::ListNamespacesResponse> r) {
      EXPECT_TRUE(r.ok()) << r.status().ToString();
    });
  }
  dispatcher_.RunFor(1s);
}

TEST_F(KnobsTest, RuntimeRateLimitThrottlesWithThrottlingExceptionAndRefills) {
  cloudmap_->SetRateLimit("GetService", RateLimit{.per_second = 2, .burst = 3});
  auto get = [&] {
    Result<cloudmap::Service> r = Call(&CloudMapClient::GetService, {.id = service_});
    return r.ok() ? std::string("ok") : r.status().error_name();
  };
  // Each call takes 20ms, so the bucket barely refills between them.
  EXPECT_EQ(get(), "ok");
  EXPECT_EQ(get(), "ok");
  EXPECT_EQ(get(), "ok");
  Result<cloudmap::Service> throttled = Call(&CloudMapClient::GetService, {.id = service_});
  EXPECT_EQ(throttled.status().error_name(), "ThrottlingException");
  EXPECT_EQ(throttled.status().code(), StatusCode::kThrottled);
  dispatcher_.RunFor(500ms);  // half a second at 2/s: one token
  EXPECT_EQ(get(), "ok");
  EXPECT_EQ(get(), "ThrottlingException");
  cloudmap_->SetRateLimit("GetService", std::nullopt);  // back to configured: unlimited
  for (int i = 0; i < 10; ++i) EXPECT_EQ(get(), "ok");
}

TEST_F(KnobsTest, UnlimitedLiftsTheDocumentedLimit) {
  cloudmap_->SetRateLimit("DiscoverInstances", RateLimit::Unlimited());
  EXPECT_EQ(Count(DiscoverBurst(2500), "ok"), 2500);
}

TEST_F(KnobsTest, ThrottledCallHasNoEffect) {
  cloudmap_->SetRateLimit("RegisterInstance", RateLimit{.per_second = 0, .burst = 0});
  Result<cloudmap::OperationIdResponse> r =
      Call(&CloudMapClient::RegisterInstance, {.service_id = service_, .instance_id = "i-1"});
  EXPECT_EQ(r.status().error_name(), "ThrottlingException");
  FinishOperations();
  EXPECT_TRUE(cloudmap_->ListInstancesNow(service_)->empty());
}

TEST_F(KnobsTest, AccessDeniedForOneCallerAndOneOperation) {
  cloudmap_->AddErrorInjection(
      {.error = "AccessDeniedException", .operation = "RegisterInstance", .caller = "test"});
  std::unique_ptr<CloudMapClient> other = cloudmap_->NewClient("other");
  Result<cloudmap::OperationIdResponse> denied =
      Call(&CloudMapClient::RegisterInstance, {.service_id = service_, .instance_id = "i-1"});
  EXPECT_EQ(denied.status().error_name(), "AccessDeniedException");
  EXPECT_EQ(denied.status().code(), StatusCode::kPermissionDenied);
  EXPECT_NE(denied.status().message().find("servicediscovery:RegisterInstance"),
            std::string::npos);
  EXPECT_TRUE(Call(&CloudMapClient::GetService, {.id = service_}).ok());
  Result<cloudmap::OperationIdResponse> allowed =
      CallSync(dispatcher_, *other, &CloudMapClient::RegisterInstance,
               {.service_id = service_, .instance_id = "i-2"});
  EXPECT_TRUE(allowed.ok()) << allowed.status().ToString();
}

TEST_F(KnobsTest, ErrorWindowOpensAndClosesOnTime) {
  MonotonicTime start = dispatcher_.Now();
  cloudmap_->AddErrorInjection({.error = "ServiceUnavailable",
                                .from = start + 10s,
                                .until = start + 20s});
  auto outcome = [&] {
    Result<cloudmap::Service> r = Call(&CloudMapClient::GetService, {.id = service_});
    return r.ok() ? std::string("ok") : r.status().error_name();
  };
  EXPECT_EQ(outcome(), "ok");
  dispatcher_.RunFor(10s);
  EXPECT_EQ(outcome(), "ServiceUnavailable");
  dispatcher_.RunFor(9s);
  EXPECT_EQ(outcome(), "ServiceUnavailable");
  dispatcher_.RunFor(1s);
  EXPECT_EQ(outcome(), "ok");
}

TEST_F(KnobsTest, RemovedInjectionStopsFailing) {
  int64_t id = cloudmap_->AddErrorInjection({.error = "InternalFailure"});
  Result<cloudmap::Service> failed = Call(&CloudMapClient::GetService, {.id = service_});
  EXPECT_EQ(failed.status().error_name(), "InternalFailure");
  EXPECT_EQ(failed.status().code(), StatusCode::kInternal);
  EXPECT_TRUE(cloudmap_->RemoveErrorInjection(id));
  EXPECT_FALSE(cloudmap_->RemoveErrorInjection(id));
  EXPECT_TRUE(Call(&CloudMapClient::GetService, {.id = service_}).ok());
}

TEST_F(KnobsTest, ProbabilityFailsAboutThatShareDeterministically) {
  cloudmap_->AddErrorInjection({.error = "ServiceUnavailable", .probability_ppm = 250'000});
  std::vector<std::string> burst = DiscoverBurst(1000);
  int failed = Count(burst, "ServiceUnavailable");
  EXPECT_GT(failed, 180);
  EXPECT_LT(failed, 320);
  EXPECT_EQ(failed + Count(burst, "ok"), 1000);
}

CloudMapOptions InjectedFromOptions() {
  CloudMapOptions o = FixedTimingOptions();
  o.errors.push_back({.error = "AccessDeniedException", .operation = "GetService"});
  return o;
}

class ConfiguredErrorTest : public KnobsTest {
 protected:
  ConfiguredErrorTest() : KnobsTest(InjectedFromOptions()) {}
};

TEST_F(ConfiguredErrorTest, OptionsInjectFromTheStartAndClearRemovesThem) {
  EXPECT_EQ(Call(&CloudMapClient::GetService, {.id = service_}).status().error_name(),
            "AccessDeniedException");
  cloudmap_->ClearErrorInjections();
  EXPECT_TRUE(Call(&CloudMapClient::GetService, {.id = service_}).ok());
}

}  // namespace
}  // namespace meshsim::fakes::testing
