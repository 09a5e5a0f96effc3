#include "fakes/appmesh/mesh_graph.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "tests/fakes/appmesh/colorapp_mesh.h"

namespace meshsim::fakes {
namespace {

using ::meshsim::testing::kBlue;
using ::meshsim::testing::kFront;
using ::meshsim::testing::kNs;
using ::meshsim::testing::kRed;
using ::meshsim::testing::MakeRouter;
using ::meshsim::testing::MakeServiceToNode;
using ::meshsim::testing::MakeServiceToRouter;
using ::meshsim::testing::MakeVirtualNode;
using Strings = std::vector<std::string>;

std::string Key(const std::string& name) { return std::string(kNs) + "/" + name; }

struct Walkthrough {
  MeshGraph::VirtualNodes vns;
  MeshGraph::VirtualServices vss;
  MeshGraph::VirtualRouters vrs;
  Walkthrough() {
    vns[kFront] = MakeVirtualNode("front", {{"app", "front"}}, "front", {}, {"colorapp"});
    vns[kBlue] = MakeVirtualNode("colorapp-blue", {}, "colorapp", {{"color", "blue"}}, {});
    vns[kRed] = MakeVirtualNode("colorapp-red", {}, "colorapp", {{"color", "red"}}, {});
    vss[Key("colorapp")] = MakeServiceToRouter("colorapp", "colorapp-router");
    vss[Key("front")] = MakeServiceToRouter("front", "front-router");
    vrs[Key("colorapp-router")] = MakeRouter("colorapp-router", {"colorapp-red", "colorapp-blue"});
    vrs[Key("front-router")] = MakeRouter("front-router", {"front"});
  }
};

TEST(MeshGraph, ResolvesServiceThroughRouterToWeightedTargets) {
  Walkthrough w;
  MeshGraph g(w.vns, w.vss, w.vrs);
  EXPECT_EQ(g.TargetsOf(Key("colorapp")), (Strings{kBlue, kRed}));
  EXPECT_EQ(g.TargetsOf(Key("front")), (Strings{kFront}));
  EXPECT_EQ(g.vertex_count(), 7u);
  // front->colorapp, colorapp->router, front VS->front-router, 2 + 1 weighted targets.
  EXPECT_EQ(g.edge_count(), 6u);
}

TEST(MeshGraph, UpstreamsOfNodeAreItsBackendsTargets) {
  Walkthrough w;
  MeshGraph g(w.vns, w.vss, w.vrs);
  EXPECT_EQ(g.UpstreamsOf(kFront), (Strings{kBlue, kRed}));
  EXPECT_TRUE(g.UpstreamsOf(kBlue).empty());
  EXPECT_EQ(g.DownstreamsOf(kBlue), (Strings{kFront}));
  EXPECT_EQ(g.DownstreamsOf(kRed), (Strings{kFront}));
  EXPECT_TRUE(g.DownstreamsOf(kFront).empty());
}

TEST(MeshGraph, StopsAtUpstreamNodesInsteadOfFollowingTheirBackends) {
  Walkthrough w;
  // blue calls front: front's Envoy still needs only blue and red, not front itself.
  w.vns[kBlue].spec.backends.push_back({appmesh::ObjectReference{"front", std::nullopt}});
  MeshGraph g(w.vns, w.vss, w.vrs);
  EXPECT_EQ(g.UpstreamsOf(kFront), (Strings{kBlue, kRed}));
  EXPECT_EQ(g.UpstreamsOf(kBlue), (Strings{kFront}));
  EXPECT_EQ(g.DownstreamsOf(kFront), (Strings{kBlue}));
}

TEST(MeshGraph, ServiceWithNodeProviderResolvesToThatNode) {
  Walkthrough w;
  w.vss[Key("colorapp")] = MakeServiceToNode("colorapp", "colorapp-red");
  MeshGraph g(w.vns, w.vss, w.vrs);
  EXPECT_EQ(g.TargetsOf(Key("colorapp")), (Strings{kRed}));
  EXPECT_EQ(g.UpstreamsOf(kFront), (Strings{kRed}));
  EXPECT_TRUE(g.DownstreamsOf(kBlue).empty());
}

TEST(MeshGraph, DanglingReferencesAddNoEdge) {
  Walkthrough w;
  w.vrs.erase(Key("colorapp-router"));
  w.vns.erase(kRed);
  MeshGraph g(w.vns, w.vss, w.vrs);
  EXPECT_TRUE(g.TargetsOf(Key("colorapp")).empty());
  EXPECT_TRUE(g.UpstreamsOf(kFront).empty());
  EXPECT_TRUE(g.TargetsOf(Key("no-such-service")).empty());
}

TEST(MeshGraph, ReferencesHonourExplicitNamespace) {
  Walkthrough w;
  appmesh::VirtualNode other = MakeVirtualNode("blue", {}, "colorapp", {}, {});
  other.metadata.namespace_name = "other";
  w.vns["other/blue"] = other;
  appmesh::WeightedTarget target;
  target.virtual_node_ref = {"blue", "other"};
  w.vrs[Key("colorapp-router")].spec.routes[0].weighted_targets.push_back(target);
  MeshGraph g(w.vns, w.vss, w.vrs);
  EXPECT_EQ(g.TargetsOf(Key("colorapp")), (Strings{kBlue, kRed, "other/blue"}));
}

TEST(MeshGraph, EmptyGraphAnswersEmpty) {
  MeshGraph g;
  EXPECT_TRUE(g.UpstreamsOf(kFront).empty());
  EXPECT_TRUE(g.DownstreamsOf(kFront).empty());
  EXPECT_EQ(g.vertex_count(), 0u);
}

}  // namespace
}  // namespace meshsim::fakes
