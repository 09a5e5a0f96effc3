#include "controller/throttled_cloudmap_client.h"

#include <gtest/gtest.h>

#include <vector>

#include "fakes/cloudmap/fake_cloudmap.h"
#include "tests/support/manual_dispatcher.h"
#include "tests/support/recording_tracer.h"
#include "tests/support/test_random.h"

namespace meshsim::controller {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;
using meshsim::testing::ManualDispatcher;
using meshsim::testing::RecordingTracer;
using meshsim::testing::TestRandom;

struct ThrottleTest : ::testing::Test {
  ThrottleTest() : cloudmap(d, random, tracer, Options()), inner(cloudmap.NewClient("controller")) {}
  static fakes::CloudMapOptions Options() {
    fakes::CloudMapOptions o;
    o.api_latency = Distribution::Fixed(Duration(0));
    return o;
  }
  // Sends `n` GetService calls at once and returns the times their answers arrived.
  std::vector<Duration> SendGetServices(ThrottledCloudMapClient& client, int n) {
    auto times = std::make_shared<std::vector<Duration>>();
    for (int i = 0; i < n; ++i) {
      client.GetService({.id = "srv-missing"}, [this, times](Result<cloudmap::Service>) {
        times->push_back(d.Now().time_since_epoch());
      });
    }
    d.RunFor(seconds(60));
    return *times;
  }
  ManualDispatcher d;
  TestRandom random;
  RecordingTracer tracer;
  fakes::FakeCloudMap cloudmap;
  std::unique_ptr<CloudMapClient> inner;
};

TEST_F(ThrottleTest, DefaultTableMatchesTheGoDefaults) {
  std::vector<ThrottleRule> rules = DefaultCloudMapThrottles();
  ASSERT_EQ(rules.size(), 12u);
  EXPECT_EQ(rules[0].pattern, "^ListNamespaces");
  EXPECT_EQ(rules[0].qps, 1);
  EXPECT_EQ(rules[0].burst, 8);
  EXPECT_EQ(rules[6].pattern, "^RegisterInstance");
  EXPECT_EQ(rules[6].qps, 4);
  EXPECT_EQ(rules[6].burst, 80);
}

TEST_F(ThrottleTest, CallsBeyondTheBurstWaitInsteadOfFailing) {
  ThrottledCloudMapClient client(d, tracer, *inner, DefaultCloudMapThrottles());
  std::vector<Duration> times = SendGetServices(client, 42);  // GetService: 4/s burst 40
  ASSERT_EQ(times.size(), 42u);
  EXPECT_EQ(times[39], Duration(0));
  EXPECT_EQ(times[40], milliseconds(250));
  EXPECT_EQ(times[41], milliseconds(500));
  EXPECT_EQ(tracer.Count("controller", "ThrottleWait"), 2);
  EXPECT_EQ(client.throttled_calls(), 2);
}

TEST_F(ThrottleTest, ARequestMatchingSeveralPatternsWaitsOnEach) {
  std::vector<ThrottleRule> rules = {{"^Get", 1, 1}, {"^GetService", 1, 1}};
  ThrottledCloudMapClient client(d, tracer, *inner, rules);
  std::vector<Duration> times = SendGetServices(client, 2);
  ASSERT_EQ(times.size(), 2u);
  EXPECT_EQ(times[0], Duration(0));
  // The second waits 1 s on ^Get, then 1 s on ^GetService (reserved at +1 s, due at +1 s).
  EXPECT_EQ(times[1], seconds(1));
  EXPECT_EQ(tracer.Count("controller", "ThrottleWait"), 1);
}

TEST_F(ThrottleTest, UnmatchedOperationsAreNotLimited) {
  ThrottledCloudMapClient client(d, tracer, *inner, {{"^ListNamespaces", 1, 1}});
  std::vector<Duration> times = SendGetServices(client, 100);
  EXPECT_EQ(times.back(), Duration(0));
}

TEST_F(ThrottleTest, PendingWaitsAreDroppedWhenTheClientDies) {
  int answered = 0;
  {
    ThrottledCloudMapClient client(d, tracer, *inner, {{"^GetService", 1, 1}});
    for (int i = 0; i < 3; ++i) {
      client.GetService({.id = "x"}, [&](Result<cloudmap::Service>) { ++answered; });
    }
  }
  d.RunFor(seconds(10));
  EXPECT_EQ(answered, 1);
}

}  // namespace
}  // namespace meshsim::controller
