#include "controller/api/status.h"

#include <gtest/gtest.h>

namespace meshsim {
namespace {

TEST(Status, OkByDefault) {
  EXPECT_TRUE(Status().ok());
  EXPECT_EQ(Status().ToString(), "OK");
}

TEST(Status, ToStringUsesRemoteErrorName) {
  Status s(StatusCode::kNotFound, "ServiceNotFound", "no srv-x");
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(s.ToString(), "ServiceNotFound: no srv-x");
  EXPECT_EQ(Status(StatusCode::kThrottled, "", "").ToString(), "Throttled");
}

TEST(Result, HoldsValueOrError) {
  Result<int> v(7);
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(*v, 7);
  Result<int> e(Status(StatusCode::kInternal, "InternalFailure", "boom"));
  EXPECT_FALSE(e.ok());
  EXPECT_EQ(e.status().error_name(), "InternalFailure");
}

TEST(ResultDeathTest, ValueOfErrorAborts) {
  Result<int> e(Status(StatusCode::kInternal, "InternalFailure", "boom"));
  EXPECT_DEATH((void)e.value(), "value\\(\\) of an error Result");
}

}  // namespace
}  // namespace meshsim
