// Fault hooks of AppMeshControlPlane: stall, Envoy disconnect/reconnect, partition; and the
// routing view (RouteOf, EnvoysOf) the traffic model reads.
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

#include "fakes/appmesh/control_plane.h"
#include "tests/fakes/appmesh/colorapp_mesh.h"

namespace meshsim::fakes {
namespace {

using namespace std::chrono_literals;
using ::meshsim::testing::ColorappMesh;
using ::meshsim::testing::Field;
using ::meshsim::testing::kBlue;
using ::meshsim::testing::kCloudMapNs;
using ::meshsim::testing::kFront;
using ::meshsim::testing::kFrontLabels;
using ::meshsim::testing::kNs;
using ::meshsim::testing::kRed;
using ::meshsim::testing::kWorstPropagation;
using ::meshsim::testing::MakeRouter;
using Strings = std::vector<std::string>;
using RouteTarget = AppMeshControlPlane::RouteTarget;

// A started mesh with two front pods whose Envoys have their first endpoints.
class ControlPlaneFaultsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    mesh_.AddPod("front-1", kFrontLabels, "10.0.0.1");
    mesh_.AddPod("front-2", kFrontLabels, "10.0.0.2");
    mesh_.control_plane().Start();
    mesh_.dispatcher.RunFor(6s);
    ASSERT_EQ(mesh_.Envoy("front-1")->Endpoints(kBlue).size(), 1u);
    ASSERT_EQ(mesh_.Envoy("front-2")->Endpoints(kBlue).size(), 1u);
  }
  size_t BlueCount(const std::string& pod) { return mesh_.Envoy(pod)->Endpoints(kBlue).size(); }
  void AddBlue() {
    mesh_.cloudmap.Register(kCloudMapNs, "colorapp", "10.0.1.2", {{"color", "blue"}});
  }
  AppMeshControlPlane& cp() { return mesh_.control_plane(); }

  ColorappMesh mesh_;
};

TEST_F(ControlPlaneFaultsTest, StallSkipsPollsAndHoldsPushesUntilResumed) {
  size_t calls = mesh_.cloudmap.calls().size();
  cp().Stall(30s);
  EXPECT_TRUE(cp().stalled());
  AddBlue();
  mesh_.dispatcher.RunFor(29s);
  EXPECT_EQ(mesh_.cloudmap.calls().size(), calls);
  EXPECT_EQ(BlueCount("front-1"), 1u);
  mesh_.dispatcher.RunFor(1s);
  EXPECT_FALSE(cp().stalled());
  EXPECT_EQ(mesh_.tracer.Count("controlplane", "ControlPlaneResumed"), 1);
  ASSERT_TRUE(mesh_.dispatcher.RunUntil([&] { return BlueCount("front-1") == 2; },
                                        kWorstPropagation));
}

TEST_F(ControlPlaneFaultsTest, PushesFallingDueDuringAStallAreSentOnResume) {
  AddBlue();
  // Let the poll see the change, then freeze before any push is due (push_delay >= 50 ms).
  ASSERT_TRUE(mesh_.dispatcher.RunUntil(
      [&] { return mesh_.tracer.Count("controlplane", "EndpointsChanged") == 3; }, 6s));
  cp().Stall(10s);
  mesh_.dispatcher.RunFor(9s);
  EXPECT_EQ(BlueCount("front-1"), 1u);
  cp().Resume();  // early
  auto resumed = mesh_.tracer.Find("controlplane", "ControlPlaneResumed");
  ASSERT_EQ(resumed.size(), 1u);
  EXPECT_EQ(std::get<int64_t>(resumed[0].fields().back().value), 2);  // one per front Envoy
  mesh_.dispatcher.RunFor(10ms);
  EXPECT_EQ(BlueCount("front-1"), 2u);
  EXPECT_EQ(BlueCount("front-2"), 2u);
}

TEST_F(ControlPlaneFaultsTest, ShorterStallDoesNotCutALongerOne) {
  cp().Stall(20s);
  mesh_.dispatcher.RunFor(1s);
  cp().Stall(5s);
  mesh_.dispatcher.RunFor(10s);
  EXPECT_TRUE(cp().stalled());
  mesh_.dispatcher.RunFor(10s);
  EXPECT_FALSE(cp().stalled());
}

TEST_F(ControlPlaneFaultsTest, DisconnectedEnvoyKeepsItsConfigurationAndGetsNothing) {
  ASSERT_TRUE(cp().DisconnectEnvoy(kNs, "front-1").ok());
  EXPECT_FALSE(mesh_.Envoy("front-1")->connected());
  EXPECT_EQ(Field(mesh_.tracer.Find("envoy", "EnvoyStreamClosed").back(), "reason"), "Injected");
  AddBlue();
  mesh_.dispatcher.RunFor(20s);
  EXPECT_EQ(BlueCount("front-1"), 1u);  // stale, still serving
  EXPECT_EQ(BlueCount("front-2"), 2u);
  EXPECT_EQ(mesh_.tracer.Count("envoy", "EnvoyDisconnected"), 0);
}

TEST_F(ControlPlaneFaultsTest, ReconnectSendsTheStateOfTheWorld) {
  ASSERT_TRUE(cp().DisconnectEnvoy(kNs, "front-1").ok());
  AddBlue();
  mesh_.cloudmap.Deregister(kCloudMapNs, "colorapp", "10.0.2.1");
  mesh_.dispatcher.RunFor(20s);
  ASSERT_TRUE(cp().ReconnectEnvoy(kNs, "front-1").ok());
  EXPECT_TRUE(mesh_.Envoy("front-1")->connected());
  EXPECT_EQ(mesh_.tracer.Count("envoy", "EnvoyStreamOpened"), 1);
  mesh_.dispatcher.RunFor(510ms);  // push_delay + apply_delay, no poll needed
  EXPECT_EQ(BlueCount("front-1"), 2u);
  EXPECT_TRUE(mesh_.Envoy("front-1")->Endpoints(kRed).empty());
}

TEST_F(ControlPlaneFaultsTest, ReconnectAfterADelayHappensByItself) {
  ASSERT_TRUE(cp().DisconnectEnvoy(kNs, "front-1", 15s).ok());
  AddBlue();
  mesh_.dispatcher.RunFor(14s);
  EXPECT_EQ(BlueCount("front-1"), 1u);
  mesh_.dispatcher.RunFor(1s + 510ms);
  EXPECT_TRUE(mesh_.Envoy("front-1")->connected());
  EXPECT_EQ(BlueCount("front-1"), 2u);
}

TEST_F(ControlPlaneFaultsTest, ClusterDroppedWhileDisconnectedGoesOnReconnect) {
  ASSERT_TRUE(cp().DisconnectEnvoy(kNs, "front-1").ok());
  appmesh::VirtualNode front = *mesh_.virtual_nodes.Get(kNs, "front");
  front.spec.backends.clear();
  mesh_.virtual_nodes.Put(front);
  mesh_.dispatcher.RunFor(2ms);
  EXPECT_EQ(mesh_.Envoy("front-1")->Clusters(), (Strings{kBlue, kRed}));
  EXPECT_TRUE(mesh_.Envoy("front-2")->Clusters().empty());
  ASSERT_TRUE(cp().ReconnectEnvoy(kNs, "front-1").ok());
  EXPECT_TRUE(mesh_.Envoy("front-1")->Clusters().empty());
}

TEST_F(ControlPlaneFaultsTest, UnknownPodIsNotFound) {
  Status s = cp().DisconnectEnvoy(kNs, "nope");
  EXPECT_EQ(s.code(), StatusCode::kNotFound);
  EXPECT_EQ(cp().ReconnectEnvoy(kNs, "nope").code(), StatusCode::kNotFound);
}

TEST_F(ControlPlaneFaultsTest, PartitionHoldsNewestPushPerClusterUntilHealed) {
  cp().Partition(kNs, {"front-1"});
  EXPECT_EQ(cp().PartitionedForTest(), (Strings{kNs + std::string("/front-1")}));
  AddBlue();
  mesh_.dispatcher.RunFor(kWorstPropagation);
  mesh_.cloudmap.Register(kCloudMapNs, "colorapp", "10.0.1.3", {{"color", "blue"}});
  mesh_.dispatcher.RunFor(kWorstPropagation);
  EXPECT_EQ(BlueCount("front-1"), 1u);
  EXPECT_EQ(BlueCount("front-2"), 3u);
  EXPECT_EQ(mesh_.tracer.Count("controlplane", "EdsPushHeld"), 2);
  EXPECT_TRUE(mesh_.Envoy("front-1")->connected());  // nobody noticed

  cp().Heal(kNs);
  auto healed = mesh_.tracer.Find("controlplane", "PartitionHealed");
  ASSERT_EQ(healed.size(), 1u);
  EXPECT_EQ(Field(healed[0], "envoys"), kNs + std::string("/front-1"));
  mesh_.dispatcher.RunFor(10ms);
  EXPECT_EQ(BlueCount("front-1"), 3u);
  EXPECT_TRUE(cp().PartitionedForTest().empty());
}

TEST_F(ControlPlaneFaultsTest, PartitionHealsByItselfAfterADelay) {
  cp().Partition(kNs, {"front-1", "front-2"}, 20s);
  AddBlue();
  mesh_.dispatcher.RunFor(19s);
  EXPECT_EQ(BlueCount("front-1"), 1u);
  EXPECT_EQ(BlueCount("front-2"), 1u);
  mesh_.dispatcher.RunFor(1s + 10ms);
  EXPECT_EQ(BlueCount("front-1"), 2u);
  EXPECT_EQ(BlueCount("front-2"), 2u);
}

TEST_F(ControlPlaneFaultsTest, EnvoyConnectingInsideAPartitionWaitsForTheHeal) {
  cp().Partition(kNs, {"front-3"});
  mesh_.AddPod("front-3", kFrontLabels, "10.0.0.3");
  mesh_.dispatcher.RunFor(1s);
  ASSERT_NE(mesh_.Envoy("front-3"), nullptr);
  EXPECT_TRUE(mesh_.Envoy("front-3")->Clusters().empty());
  cp().Heal(kNs, {"front-3"});
  mesh_.dispatcher.RunFor(10ms);
  EXPECT_EQ(mesh_.Envoy("front-3")->Clusters(), (Strings{kBlue, kRed}));
}

TEST_F(ControlPlaneFaultsTest, RouteOfFollowsRouterWeightsAndProviderNodes) {
  EXPECT_EQ(cp().RouteOf(kNs + std::string("/colorapp")),
            (std::vector<RouteTarget>{{kRed, 1}, {kBlue, 1}}));
  EXPECT_EQ(cp().RouteOf(kNs + std::string("/front")), (std::vector<RouteTarget>{{kFront, 1}}));
  EXPECT_TRUE(cp().RouteOf(kNs + std::string("/missing")).empty());
  appmesh::VirtualRouter router = MakeRouter("colorapp-router", {"colorapp-blue"});
  router.spec.routes[0].weighted_targets[0].weight = 7;
  mesh_.virtual_routers.Put(router);
  mesh_.dispatcher.RunFor(1ms);
  EXPECT_EQ(cp().RouteOf(kNs + std::string("/colorapp")), (std::vector<RouteTarget>{{kBlue, 7}}));
}

TEST_F(ControlPlaneFaultsTest, EnvoysOfListsPodsOfANodeIncludingDisconnectedOnes) {
  ASSERT_TRUE(cp().DisconnectEnvoy(kNs, "front-2").ok());
  std::vector<std::string> ids;
  for (const EnvoyModel* e : cp().EnvoysOf(kFront)) ids.push_back(e->node_id());
  EXPECT_EQ(ids, (Strings{"front-1", "front-2"}));
  EXPECT_TRUE(cp().EnvoysOf(kBlue).empty());
}

}  // namespace
}  // namespace meshsim::fakes
