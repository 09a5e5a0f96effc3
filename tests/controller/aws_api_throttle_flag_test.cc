#include "controller/aws_api_throttle_flag.h"

#include <gtest/gtest.h>

namespace meshsim::controller {
namespace {

TEST(AwsApiThrottleFlag, EmptyFlagKeepsTheDefaults) {
  auto rules = ParseAwsApiThrottle("");
  ASSERT_TRUE(rules.ok()) << rules.status().ToString();
  EXPECT_EQ(rules->size(), DefaultCloudMapThrottles().size());
  EXPECT_EQ((*rules)[0].pattern, DefaultCloudMapThrottles()[0].pattern);
}

TEST(AwsApiThrottleFlag, ServiceDiscoveryRulesReplaceAllItsDefaultsInOrder) {
  auto rules = ParseAwsApiThrottle(
      "ServiceDiscovery:^RegisterInstance=100:200,ServiceDiscovery:^GetOperation=0.5:3");
  ASSERT_TRUE(rules.ok()) << rules.status().ToString();
  ASSERT_EQ(rules->size(), 2u);
  EXPECT_EQ((*rules)[0].pattern, "^RegisterInstance");
  EXPECT_DOUBLE_EQ((*rules)[0].qps, 100);
  EXPECT_EQ((*rules)[0].burst, 200);
  EXPECT_EQ((*rules)[1].pattern, "^GetOperation");
  EXPECT_DOUBLE_EQ((*rules)[1].qps, 0.5);
  EXPECT_EQ((*rules)[1].burst, 3);
}

TEST(AwsApiThrottleFlag, AppMeshRulesAreAcceptedButLeaveCloudMapDefaults) {
  // The App Mesh session has no throttler in the controller (spec C), so its rules change
  // nothing here; they must still parse, as the real flag accepts them.
  auto rules = ParseAwsApiThrottle("App Mesh:^Describe|List=40:5,");
  ASSERT_TRUE(rules.ok()) << rules.status().ToString();
  EXPECT_EQ(rules->size(), DefaultCloudMapThrottles().size());
}

TEST(AwsApiThrottleFlag, RegexMayHoldColonsAndAlternatives) {
  auto rules = ParseAwsApiThrottle("ServiceDiscovery:^(Register|Deregister)Instance=8:16");
  ASSERT_TRUE(rules.ok()) << rules.status().ToString();
  ASSERT_EQ(rules->size(), 1u);
  EXPECT_EQ((*rules)[0].pattern, "^(Register|Deregister)Instance");
}

TEST(AwsApiThrottleFlag, BadEntriesAreErrorsNamingTheEntry) {
  for (const char* bad : {"ServiceDiscovery^RegisterInstance=1:2",   // no serviceID:
                          "ServiceDiscovery:^RegisterInstance",      // no =rate:burst
                          "ServiceDiscovery:^RegisterInstance=1",    // no burst
                          "ServiceDiscovery:^RegisterInstance=0:2",  // rate must be > 0
                          "ServiceDiscovery:^RegisterInstance=1:2.5",
                          "ServiceDiscovery:^RegisterInstance=x:2",
                          "ServiceDiscovery:=1:2",                   // empty regex
                          "ServiceDiscovery:^(Register=1:2",         // bad regex
                          "EC2:^Describe=1:2"}) {                    // unknown service
    auto rules = ParseAwsApiThrottle(bad);
    ASSERT_FALSE(rules.ok()) << bad;
    EXPECT_EQ(rules.status().code(), StatusCode::kInvalidArgument) << bad;
    EXPECT_NE(rules.status().message().find(bad), std::string::npos)
        << bad << " -> " << rules.status().message();
  }
}

}  // namespace
}  // namespace meshsim::controller
