// Custom health: CustomHealthNotFound, AWS_INIT_HEALTH_STATUS, the 30 s delay, reversal within
// the window, and GetInstancesHealthStatus.
#include "tests/fakes/cloudmap/cloudmap_test_util.h"

namespace meshsim::fakes::testing {
namespace {

using cloudmap::CustomHealthStatus;
using cloudmap::HealthStatus;

class HealthTest : public CloudMapTest {
 protected:
  Result<Empty> Update(const std::string& instance, CustomHealthStatus status,
                       const std::string& service = "") {
    return Call(&CloudMapClient::UpdateInstanceCustomHealthStatus,
                {.service_id = service.empty() ? service_ : service,
                 .instance_id = instance,
                 .status = status});
  }
  HealthStatus HealthOf(const std::string& instance, const std::string& service = "") {
    Result<cloudmap::GetInstancesHealthStatusResponse> r =
        Call(&CloudMapClient::GetInstancesHealthStatus,
             {.service_id = service.empty() ? service_ : service, .instances = {instance}});
    if (!r.ok()) ADD_FAILURE() << r.status().ToString();
    return r.ok() ? r->status.at(instance) : HealthStatus::kUnknown;
  }
  std::string ns_ = HttpNamespace("apps");
  std::string service_ = CustomHealthService(ns_, "web");
};

TEST_F(HealthTest, InitialHealthComesFromAwsInitHealthStatus) {
  Register(service_, "default");
  Register(service_, "sick", {{"AWS_INIT_HEALTH_STATUS", "UNHEALTHY"}});
  EXPECT_EQ(HealthOf("default"), HealthStatus::kHealthy);
  EXPECT_EQ(HealthOf("sick"), HealthStatus::kUnhealthy);
}

TEST_F(HealthTest, UpdateTakesEffectAfterTheDelay) {
  Register(service_, "i-1");
  ASSERT_TRUE(Update("i-1", CustomHealthStatus::kUnhealthy).ok());
  dispatcher_.RunFor(29s);
  EXPECT_EQ(HealthOf("i-1"), HealthStatus::kHealthy);
  dispatcher_.RunFor(2s);
  EXPECT_EQ(HealthOf("i-1"), HealthStatus::kUnhealthy);
  EXPECT_EQ(tracer_.Count("cloudmap", "InstanceHealthChanged"), 1);
}

TEST_F(HealthTest, ReversalWithinTheWindowCancelsThePendingChange) {
  Register(service_, "i-1");
  ASSERT_TRUE(Update("i-1", CustomHealthStatus::kUnhealthy).ok());
  dispatcher_.RunFor(10s);
  ASSERT_TRUE(Update("i-1", CustomHealthStatus::kHealthy).ok());
  dispatcher_.RunFor(60s);
  EXPECT_EQ(HealthOf("i-1"), HealthStatus::kHealthy);
  EXPECT_EQ(tracer_.Count("cloudmap", "InstanceHealthChanged"), 0);
}

TEST_F(HealthTest, RepeatingTheSameValueDoesNotRestartTheDelay) {
  Register(service_, "i-1");
  ASSERT_TRUE(Update("i-1", CustomHealthStatus::kUnhealthy).ok());
  dispatcher_.RunFor(20s);
  ASSERT_TRUE(Update("i-1", CustomHealthStatus::kUnhealthy).ok());
  dispatcher_.RunFor(11s);  // 31s after the first update, 11s after the repeat
  EXPECT_EQ(HealthOf("i-1"), HealthStatus::kUnhealthy);
}

TEST_F(HealthTest, ServiceWithoutCustomConfigIsCustomHealthNotFound) {
  std::string plain = PlainService(ns_, "plain");
  Register(plain, "i-1");
  Result<Empty> r = Update("i-1", CustomHealthStatus::kHealthy, plain);
  EXPECT_EQ(r.status().error_name(), "CustomHealthNotFound");
  EXPECT_EQ(HealthOf("i-1", plain), HealthStatus::kUnknown);
  EXPECT_EQ(Update("i-9", CustomHealthStatus::kHealthy).status().error_name(), "InstanceNotFound");
  EXPECT_EQ(Update("i-1", CustomHealthStatus::kHealthy, "srv-x").status().error_name(),
            "ServiceNotFound");
}

TEST_F(HealthTest, GetInstancesHealthStatusPagesAndRejectsUnknownIds) {
  for (int i = 0; i < 3; ++i) Register(service_, "i-" + std::to_string(i));
  Result<cloudmap::GetInstancesHealthStatusResponse> first =
      Call(&CloudMapClient::GetInstancesHealthStatus, {.service_id = service_, .max_results = 2});
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(first->status.size(), 2u);
  ASSERT_TRUE(first->next_token.has_value());
  Result<cloudmap::GetInstancesHealthStatusResponse> second =
      Call(&CloudMapClient::GetInstancesHealthStatus,
           {.service_id = service_, .max_results = 2, .next_token = first->next_token});
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second->status.size(), 1u);
  EXPECT_EQ(second->status.count("i-2"), 1u);
  EXPECT_FALSE(second->next_token.has_value());
  EXPECT_EQ(Call(&CloudMapClient::GetInstancesHealthStatus,
                 {.service_id = service_, .instances = {"i-0", "ghost"}})
                .status()
                .error_name(),
            "InstanceNotFound");
}

TEST_F(HealthTest, ReRegistrationKeepsCurrentHealth) {
  Register(service_, "i-1");
  ASSERT_TRUE(Update("i-1", CustomHealthStatus::kUnhealthy).ok());
  dispatcher_.RunFor(31s);
  Register(service_, "i-1", {{"AWS_INIT_HEALTH_STATUS", "HEALTHY"}});
  EXPECT_EQ(HealthOf("i-1"), HealthStatus::kUnhealthy);
}

}  // namespace
}  // namespace meshsim::fakes::testing
