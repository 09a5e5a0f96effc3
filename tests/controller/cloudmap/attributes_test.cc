#include "controller/cloudmap/attributes.h"

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "tests/controller/cloudmap/test_objects.h"

namespace meshsim::controller {
namespace {

using testing::CloudMapVn;
using testing::MakeNode;
using testing::ReadyPod;

TEST(Attributes, WalkthroughPodGetsTheFullAttributeSet) {
  appmesh::VirtualNode vn = CloudMapVn("colorapp-blue", {{"app", "colorapp"}, {"version", "blue"}},
                                       "colorapp", {{"color", "blue"}});
  kube::Pod pod = ReadyPod("colorapp-blue-6f99884fd4-2h4jt", "192.168.10.38",
                           {{"app", "colorapp"}, {"version", "blue"},
                            {"pod-template-hash", "6f99884fd4"}});
  auto nodes = BuildNodeInfo({MakeNode("node-a", "us-west-2", "us-west-2a")});
  cloudmap::Attributes got = BuildInstanceAttributes(pod, vn, "howto-k8s-cloudmap", &nodes, false);
  cloudmap::Attributes want = {
      {"app", "colorapp"},
      {"version", "blue"},
      {"pod-template-hash", "6f99884fd4"},
      {"color", "blue"},
      {"AWS_INSTANCE_IPV4", "192.168.10.38"},
      {"AWS_INSTANCE_PORT", "8080"},
      {"k8s.io/pod", "colorapp-blue-6f99884fd4-2h4jt"},
      {"k8s.io/namespace", "howto-k8s-cloudmap"},
      {"appmesh.k8s.aws/mesh", "howto-k8s-cloudmap"},
      {"appmesh.k8s.aws/virtualNode", "colorapp-blue_howto-k8s-cloudmap"},
      {"REGION", "us-west-2"},
      {"AVAILABILITY_ZONE", "us-west-2a"},
  };
  EXPECT_EQ(got, want);  // 12 here; AWS_INIT_HEALTH_STATUS makes 13 on registration
}

TEST(Attributes, LaterWritesWin) {
  appmesh::VirtualNode vn =
      CloudMapVn("v", {}, "svc", {{"app", "from-vn"}, {"k8s.io/pod", "spoofed"}});
  kube::Pod pod = ReadyPod("p", "10.0.0.1",
                           {{"app", "from-label"}, {"AWS_INSTANCE_IPV4", "1.1.1.1"}});
  cloudmap::Attributes got = BuildInstanceAttributes(pod, vn, "m", nullptr, false);
  EXPECT_EQ(got.at("app"), "from-vn");               // VN attributes beat labels
  EXPECT_EQ(got.at("AWS_INSTANCE_IPV4"), "10.0.0.1");  // the IP beats a label
  EXPECT_EQ(got.at("k8s.io/pod"), "p");               // k8s.io/pod beats VN attributes
}

TEST(Attributes, PortComesFromTheFirstListener) {
  appmesh::VirtualNode vn = CloudMapVn("v", {}, "svc");
  vn.spec.listeners.push_back({.port_mapping = {9090, "http"}});
  cloudmap::Attributes got =
      BuildInstanceAttributes(ReadyPod("p", "10.0.0.1", {}), vn, "m", nullptr, false);
  EXPECT_EQ(got.at("AWS_INSTANCE_PORT"), "8080");
}

TEST(Attributes, Ipv6FamilyUsesAwsInstanceIpv6) {
  appmesh::VirtualNode vn = CloudMapVn("v", {}, "svc");
  cloudmap::Attributes got =
      BuildInstanceAttributes(ReadyPod("p", "fd00::1", {}), vn, "m", nullptr, true);
  EXPECT_EQ(got.at("AWS_INSTANCE_IPV6"), "fd00::1");
  EXPECT_EQ(got.count("AWS_INSTANCE_IPV4"), 0u);
}

TEST(Attributes, NoRegionOrZoneWithoutNodeInfoOrForUnknownNode) {
  appmesh::VirtualNode vn = CloudMapVn("v", {}, "svc");
  kube::Pod pod = ReadyPod("p", "10.0.0.1", {});
  EXPECT_EQ(BuildInstanceAttributes(pod, vn, "m", nullptr, false).count("REGION"), 0u);
  auto nodes = BuildNodeInfo({MakeNode("other-node", "us-west-2", "us-west-2b")});
  cloudmap::Attributes got = BuildInstanceAttributes(pod, vn, "m", &nodes, false);
  EXPECT_EQ(got.count("REGION"), 0u);
  EXPECT_EQ(got.count("AVAILABILITY_ZONE"), 0u);
}

TEST(Attributes, DeprecatedFailureDomainLabelsAreRead) {
  kube::Node n;
  n.metadata.name = "node-a";
  n.metadata.labels = {{"failure-domain.beta.kubernetes.io/region", "eu-west-1"},
                       {"failure-domain.beta.kubernetes.io/zone", "eu-west-1c"}};
  auto nodes = BuildNodeInfo({n});
  EXPECT_EQ(nodes.at("node-a").region, "eu-west-1");
  EXPECT_EQ(nodes.at("node-a").zone, "eu-west-1c");
}

TEST(Attributes, ComparisonIgnoresInitHealthStatus) {
  cloudmap::Attributes a = {{"x", "1"}, {"AWS_INIT_HEALTH_STATUS", "HEALTHY"}};
  cloudmap::Attributes b = {{"x", "1"}};
  EXPECT_TRUE(SameAttributesIgnoringInitHealth(a, b));
  b["x"] = "2";
  EXPECT_FALSE(SameAttributesIgnoringInitHealth(a, b));
  // The init status sorts between other keys; both sides may carry different ones.
  cloudmap::Attributes c = {{"A", "1"}, {"AWS_INIT_HEALTH_STATUS", "HEALTHY"}, {"z", "2"}};
  cloudmap::Attributes d = {{"A", "1"}, {"AWS_INIT_HEALTH_STATUS", "UNHEALTHY"}, {"z", "2"}};
  EXPECT_TRUE(SameAttributesIgnoringInitHealth(c, d));
  EXPECT_TRUE(SameAttributesIgnoringInitHealth(d, {{"A", "1"}, {"z", "2"}}));
  EXPECT_FALSE(SameAttributesIgnoringInitHealth(c, {{"A", "1"}}));
  EXPECT_FALSE(SameAttributesIgnoringInitHealth({{"A", "1"}}, c));
  EXPECT_FALSE(SameAttributesIgnoringInitHealth(c, {{"A", "1"}, {"z", "3"}}));
}

TEST(Attributes, SubsetNeedsBothMeshAndVirtualNodeAttributes) {
  cloudmap::Attributes a = {{"appmesh.k8s.aws/mesh", "m"}, {"appmesh.k8s.aws/virtualNode", "v"}};
  EXPECT_TRUE(InSubset(a, "m", "v"));
  EXPECT_FALSE(InSubset(a, "m", "w"));
  EXPECT_FALSE(InSubset({{"appmesh.k8s.aws/mesh", "m"}}, "m", "v"));
}

// The memo hands out the map BuildInstanceAttributes builds, the same shared map again while
// nothing BuildInstanceAttributes reads has changed, and builds anew when any input does.
class AttributesMemoTest : public ::testing::Test {
 protected:
  // One round over `pods` for `vn`; checks each map against BuildInstanceAttributes.
  std::vector<cloudmap::SharedAttributes> RoundOver(const appmesh::VirtualNode& vn,
                                                    const std::vector<kube::Pod>& pods,
                                                    const std::map<std::string, NodeInfo>* nodes,
                                                    const std::string& mesh = "m",
                                                    bool ipv6 = false) {
    std::vector<cloudmap::SharedAttributes> out;
    InstanceAttributesMemo::Round round = memo.Begin(vn, mesh, nodes, ipv6);
    for (const kube::Pod& p : pods) {
      out.push_back(round.Get(p));
      EXPECT_EQ(out.back().get(), BuildInstanceAttributes(p, vn, mesh, nodes, ipv6))
          << p.metadata.name;
    }
    built = round.built();
    return out;
  }

  InstanceAttributesMemo memo;
  int64_t built = 0;
  appmesh::VirtualNode vn = CloudMapVn("v", {{"app", "a"}}, "svc", {{"color", "blue"}});
  std::map<std::string, NodeInfo> nodes = BuildNodeInfo({MakeNode("node-a", "r1", "z1")});
  std::vector<kube::Pod> pods = {ReadyPod("p1", "10.0.0.1", {{"app", "a"}}),
                                 ReadyPod("p2", "10.0.0.2", {{"app", "a"}})};
};

TEST_F(AttributesMemoTest, AnUnchangedPodGetsTheSameSharedMap) {
  auto first = RoundOver(vn, pods, &nodes);
  EXPECT_EQ(built, 2);
  auto second = RoundOver(vn, pods, &nodes);
  EXPECT_EQ(built, 0);
  ASSERT_EQ(second.size(), 2u);
  EXPECT_EQ(second[0].shared(), first[0].shared());
  EXPECT_EQ(second[1].shared(), first[1].shared());
}

TEST_F(AttributesMemoTest, AnyChangedPodInputBuildsThatPodsMapAgain) {
  auto first = RoundOver(vn, pods, &nodes);
  kube::Pod& p2 = pods[1];
  p2.metadata.labels["version"] = "2";
  RoundOver(vn, pods, &nodes);
  EXPECT_EQ(built, 1);
  p2.metadata.name = "p2-renamed";
  RoundOver(vn, pods, &nodes);
  EXPECT_EQ(built, 1);
  p2.metadata.namespace_name = "other";
  RoundOver(vn, pods, &nodes);
  EXPECT_EQ(built, 1);
  p2.spec.node_name = "node-b";  // unknown node: no REGION/AVAILABILITY_ZONE
  RoundOver(vn, pods, &nodes);
  EXPECT_EQ(built, 1);
  p2.spec.node_name = "node-a";
  nodes["node-a"].zone = "z2";  // both pods are on node-a
  auto last = RoundOver(vn, pods, &nodes);
  EXPECT_EQ(built, 2);
  EXPECT_EQ(last[0].at("AVAILABILITY_ZONE"), "z2");
  EXPECT_NE(last[0].shared(), first[0].shared());
}

TEST_F(AttributesMemoTest, AnyChangedVnInputBuildsEveryMapAgain) {
  RoundOver(vn, pods, &nodes);
  vn.spec.service_discovery->aws_cloud_map->attributes[0].value = "red";
  RoundOver(vn, pods, &nodes);
  EXPECT_EQ(built, 2);
  vn.spec.listeners[0].port_mapping.port = 9090;
  RoundOver(vn, pods, &nodes);
  EXPECT_EQ(built, 2);
  vn.spec.aws_name = "renamed";
  RoundOver(vn, pods, &nodes);
  EXPECT_EQ(built, 2);
  RoundOver(vn, pods, &nodes, "other-mesh");
  EXPECT_EQ(built, 2);
  RoundOver(vn, pods, &nodes, "other-mesh", true);
  EXPECT_EQ(built, 2);
  RoundOver(vn, pods, nullptr, "other-mesh", true);
  EXPECT_EQ(built, 2);
  RoundOver(vn, pods, nullptr, "other-mesh", true);
  EXPECT_EQ(built, 0);
}

TEST_F(AttributesMemoTest, APodNotAskedForInARoundIsDropped) {
  RoundOver(vn, pods, &nodes);
  EXPECT_EQ(memo.pods_kept("howto-k8s-cloudmap/v"), 2u);
  RoundOver(vn, {pods[0]}, &nodes);
  EXPECT_EQ(memo.pods_kept("howto-k8s-cloudmap/v"), 1u);
  RoundOver(vn, pods, &nodes);
  EXPECT_EQ(built, 1);  // p2 again
  // A pod taking a known IP under another name is built anew.
  RoundOver(vn, {ReadyPod("p3", "10.0.0.1", {{"app", "a"}})}, &nodes);
  EXPECT_EQ(built, 1);
  memo.Forget("howto-k8s-cloudmap/v");
  EXPECT_EQ(memo.pods_kept("howto-k8s-cloudmap/v"), 0u);
}

// A pod of the same uid and resource version is the same write of the same object, and node
// info of the same version has the same content: the memo trusts both without comparing. The
// inputs are changed behind those versions here only to show that it does (the API server and
// the node cache never do that); a new version of either is compared again.
TEST_F(AttributesMemoTest, TheSameWriteAndNodeInfoVersionAreNotComparedAgain) {
  pods[0].metadata.resource_version = 10;
  pods[1].metadata.resource_version = 11;
  auto round = [&](int64_t nodes_version) {
    InstanceAttributesMemo::Round r = memo.Begin(vn, "m", &nodes, false, nodes_version);
    std::vector<std::string> zones;
    for (const kube::Pod& p : pods) zones.push_back(r.Get(p).get().at("AVAILABILITY_ZONE"));
    built = r.built();
    return zones;
  };
  round(1);
  EXPECT_EQ(built, 2);
  pods[1].metadata.labels["version"] = "2";  // behind resource version 11
  nodes["node-a"].zone = "z2";                // behind node info version 1
  EXPECT_EQ(round(1), (std::vector<std::string>{"z1", "z1"}));
  EXPECT_EQ(built, 0);
  pods[1].metadata.resource_version = 12;
  round(1);
  EXPECT_EQ(built, 1);  // p2's labels compared: built again (its map now has z2)
  EXPECT_EQ(round(2), (std::vector<std::string>{"z2", "z2"}));
  EXPECT_EQ(built, 1);  // p1's node info compared: built again
  pods[0].metadata.uid = "another";  // same version, another object: compared (equal inputs)
  round(2);
  EXPECT_EQ(built, 0);
  nodes["node-a"].zone = "z3";
  EXPECT_EQ(round(-1), (std::vector<std::string>{"z3", "z3"}));  // no version: compared
  EXPECT_EQ(built, 2);
}

}  // namespace
}  // namespace meshsim::controller
