#include "fakes/k8s/pod_template_hash.h"

#include <gtest/gtest.h>

#include <regex>

namespace meshsim::fakes {
namespace {

kube::PodTemplateSpec ColorTemplate(const std::string& image) {
  kube::PodTemplateSpec t;
  t.metadata.labels = {{"app", "colorapp"}, {"version", "blue"}};
  kube::Container c;
  c.name = "app";
  c.image = image;
  c.ports = {{"", 8080, "TCP"}};
  c.env = {{"COLOR", "blue"}};
  t.spec.containers = {c};
  return t;
}

TEST(Fnv32a, MatchesReferenceVectors) {
  EXPECT_EQ(Fnv32a(""), 0x811c9dc5u);
  EXPECT_EQ(Fnv32a("a"), 0xe40c292cu);
  EXPECT_EQ(Fnv32a("foobar"), 0xbf9cf968u);
}

TEST(SafeEncodeString, MapsDigitsThroughTheKubeAlphabet) {
  EXPECT_EQ(SafeEncodeString("0123456789"), "456789bcdf");
}

TEST(ComputePodTemplateHash, IsStableAndChangesWithTemplateAndCollisionCount) {
  std::string a = ComputePodTemplateHash(ColorTemplate("colorapp:v1"), 0);
  EXPECT_EQ(a, ComputePodTemplateHash(ColorTemplate("colorapp:v1"), 0));
  EXPECT_NE(a, ComputePodTemplateHash(ColorTemplate("colorapp:v2"), 0));
  EXPECT_NE(a, ComputePodTemplateHash(ColorTemplate("colorapp:v1"), 1));
  EXPECT_TRUE(std::regex_match(a, std::regex("^[456789bcdf]{9,10}$"))) << a;
}

TEST(CanonicalPodTemplate, DistinguishesFieldBoundaries) {
  kube::PodTemplateSpec x, y;
  x.metadata.labels = {{"ab", "c"}};
  y.metadata.labels = {{"a", "bc"}};
  EXPECT_NE(CanonicalPodTemplate(x), CanonicalPodTemplate(y));
}

}  // namespace
}  // namespace meshsim::fakes
