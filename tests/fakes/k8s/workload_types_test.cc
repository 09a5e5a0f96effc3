#include "fakes/k8s/workload_types.h"

#include <gtest/gtest.h>

namespace meshsim::kube {
namespace {

TEST(IntOrPercent, PercentagesRoundUpForSurgeAndDownForUnavailable) {
  IntOrPercent quarter{25, true};
  EXPECT_EQ(quarter.Resolve(3, /*round_up=*/true), 1);
  EXPECT_EQ(quarter.Resolve(3, /*round_up=*/false), 0);
  EXPECT_EQ(quarter.Resolve(8, true), 2);
  EXPECT_EQ(quarter.Resolve(8, false), 2);
  EXPECT_EQ((IntOrPercent{2, false}).Resolve(100, false), 2);
}

}  // namespace
}  // namespace meshsim::kube
