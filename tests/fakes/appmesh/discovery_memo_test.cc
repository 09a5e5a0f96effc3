#include "fakes/appmesh/discovery_memo.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace meshsim::fakes {
namespace {

using cloudmap::HealthStatus;
using cloudmap::HttpInstanceSummary;
using cloudmap::SharedAttributes;

HttpInstanceSummary Instance(const SharedAttributes& attrs,
                             HealthStatus health = HealthStatus::kHealthy) {
  return {.instance_id = attrs.at("AWS_INSTANCE_IPV4"), .health_status = health,
          .attributes = attrs};
}

struct DiscoveryMemoTest : ::testing::Test {
  SharedAttributes a = cloudmap::Attributes{{"AWS_INSTANCE_IPV4", "10.0.0.1"}};
  SharedAttributes b = cloudmap::Attributes{{"AWS_INSTANCE_IPV4", "10.0.0.2"}};
  DiscoveryMemo memo;
};

TEST_F(DiscoveryMemoTest, TheFirstAnswerIsNeverUnchanged) {
  EXPECT_FALSE(memo.Unchanged({Instance(a)}, 80));
  EXPECT_TRUE(memo.Unchanged({Instance(a)}, 80));
}

TEST_F(DiscoveryMemoTest, TheSameMapsInAnotherOrderAreUnchanged) {
  EXPECT_FALSE(memo.Unchanged({Instance(a), Instance(b)}, 80));
  EXPECT_TRUE(memo.Unchanged({Instance(b), Instance(a)}, 80));
}

TEST_F(DiscoveryMemoTest, AnAddedOrRemovedInstanceIsAChange) {
  EXPECT_FALSE(memo.Unchanged({Instance(a)}, 80));
  EXPECT_FALSE(memo.Unchanged({Instance(a), Instance(b)}, 80));
  EXPECT_FALSE(memo.Unchanged({Instance(b)}, 80));
  EXPECT_FALSE(memo.Unchanged({}, 80));
  EXPECT_TRUE(memo.Unchanged({}, 80));
}

// Same size, every map known: still a change when one map stands in for another.
TEST_F(DiscoveryMemoTest, OneMapTwiceIsNotTheSameAsTwoMaps) {
  EXPECT_FALSE(memo.Unchanged({Instance(a), Instance(b)}, 80));
  EXPECT_FALSE(memo.Unchanged({Instance(a), Instance(a)}, 80));
  EXPECT_FALSE(memo.Unchanged({Instance(a), Instance(b)}, 80));
  EXPECT_TRUE(memo.Unchanged({Instance(b), Instance(a)}, 80));
}

TEST_F(DiscoveryMemoTest, AHealthOrDefaultPortChangeIsAChange) {
  EXPECT_FALSE(memo.Unchanged({Instance(a)}, 80));
  EXPECT_FALSE(memo.Unchanged({Instance(a, HealthStatus::kUnhealthy)}, 80));
  EXPECT_FALSE(memo.Unchanged({Instance(a, HealthStatus::kUnhealthy)}, 8080));
  EXPECT_TRUE(memo.Unchanged({Instance(a, HealthStatus::kUnhealthy)}, 8080));
}

TEST_F(DiscoveryMemoTest, AnEqualButNewMapIsReportedAsAChange) {
  EXPECT_FALSE(memo.Unchanged({Instance(a)}, 80));
  SharedAttributes again = cloudmap::Attributes{{"AWS_INSTANCE_IPV4", "10.0.0.1"}};
  EXPECT_FALSE(memo.Unchanged({Instance(again)}, 80));  // a re-registration: not known equal
}

TEST_F(DiscoveryMemoTest, ARememberedMapIsHeldSoItsAddressCannotNameAnotherMap) {
  const cloudmap::Attributes* address = nullptr;
  {
    SharedAttributes only = cloudmap::Attributes{{"AWS_INSTANCE_IPV4", "10.0.0.9"}};
    address = &only.get();
    EXPECT_FALSE(memo.Unchanged({Instance(only)}, 80));
  }
  // Maps made now cannot take the remembered one's address: the memo still holds it.
  std::vector<SharedAttributes> fresh;
  for (int i = 0; i < 64; ++i) {
    fresh.push_back(cloudmap::Attributes{{"AWS_INSTANCE_IPV4", "10.0.1." + std::to_string(i)}});
  }
  for (const auto& f : fresh) EXPECT_NE(&f.get(), address);
  for (const auto& f : fresh) EXPECT_FALSE(memo.Unchanged({Instance(f)}, 80));
}

TEST_F(DiscoveryMemoTest, ClearForgetsTheAnswer) {
  EXPECT_FALSE(memo.Unchanged({Instance(a)}, 80));
  memo.Clear();
  EXPECT_FALSE(memo.Unchanged({Instance(a)}, 80));
}

}  // namespace
}  // namespace meshsim::fakes
