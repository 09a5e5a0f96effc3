#include <gtest/gtest.h>

#include "controller/api/appmesh_types.h"
#include "controller/api/kube_types.h"

namespace meshsim::kube {
namespace {

TEST(LabelSelector, MatchLabelsAreAnded) {
  LabelSelector sel{.match_labels = {{"app", "colorapp"}, {"version", "blue"}}};
  EXPECT_TRUE(sel.Matches({{"app", "colorapp"}, {"version", "blue"}, {"x", "y"}}));
  EXPECT_FALSE(sel.Matches({{"app", "colorapp"}, {"version", "red"}}));
  EXPECT_FALSE(sel.Matches({{"app", "colorapp"}}));
}

TEST(LabelSelector, EmptyMatchesEverything) {
  EXPECT_TRUE(LabelSelector{}.Matches({}));
  EXPECT_TRUE(LabelSelector{}.Matches({{"a", "b"}}));
}

TEST(LabelSelector, Expressions) {
  using Op = LabelSelectorRequirement::Operator;
  LabelSelector sel{.match_expressions = {{"version", Op::kIn, {"blue", "red"}},
                                          {"canary", Op::kDoesNotExist, {}}}};
  EXPECT_TRUE(sel.Matches({{"version", "red"}}));
  EXPECT_FALSE(sel.Matches({{"version", "green"}}));
  EXPECT_FALSE(sel.Matches({{"version", "red"}, {"canary", "1"}}));
  LabelSelector not_in{.match_expressions = {{"version", Op::kNotIn, {"blue"}}}};
  EXPECT_TRUE(not_in.Matches({}));
  EXPECT_FALSE(not_in.Matches({{"version", "blue"}}));
}

TEST(VirtualNode, AwsNameDefaultsToNameUnderscoreNamespace) {
  appmesh::VirtualNode vn;
  vn.metadata.name = "front";
  vn.metadata.namespace_name = "howto-k8s-cloudmap";
  EXPECT_EQ(vn.AwsName(), "front_howto-k8s-cloudmap");
  vn.spec.aws_name = "custom";
  EXPECT_EQ(vn.AwsName(), "custom");
}

}  // namespace
}  // namespace meshsim::kube
