#include "fakes/appmesh/control_plane.h"

#include <gtest/gtest.h>

#include <chrono>
#include <map>
#include <set>
#include <string>
#include <vector>

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
using ::meshsim::testing::MakePod;
using ::meshsim::testing::MakeVirtualNode;
using Strings = std::vector<std::string>;

std::vector<std::string> Addresses(const std::vector<Endpoint>& endpoints) {
  std::vector<std::string> out;
  for (const auto& e : endpoints) out.push_back(e.address);
  return out;
}

// A started mesh with one front pod whose Envoy has its first endpoints.
class ControlPlaneTest : public ::testing::Test {
 protected:
  void SetUp() override {
    mesh_.AddPod("front-1", kFrontLabels, "10.0.0.1");
    mesh_.control_plane().Start();
    mesh_.dispatcher.RunFor(6s);
    ASSERT_NE(mesh_.Envoy("front-1"), nullptr);
  }
  bool EnvoyHas(const std::string& pod, const std::string& cluster, size_t n) {
    const EnvoyModel* e = mesh_.Envoy(pod);
    return e != nullptr && e->Endpoints(cluster).size() == n;
  }

  ColorappMesh mesh_;
};

TEST_F(ControlPlaneTest, TargetsOfColorappAreBlueAndRed) {
  EXPECT_EQ(mesh_.control_plane().TargetsOf(kNs, "colorapp"), (Strings{kBlue, kRed}));
  EXPECT_EQ(mesh_.control_plane().TargetsOf(kNs, "front"), (Strings{kFront}));
}

TEST_F(ControlPlaneTest, FrontEnvoyGetsClustersFilteredByEachNodesAttributes) {
  const EnvoyModel* envoy = mesh_.Envoy("front-1");
  EXPECT_EQ(envoy->node_id(), "front-1");
  EXPECT_EQ(envoy->virtual_node(), kFront);
  EXPECT_EQ(envoy->Clusters(), (Strings{kBlue, kRed}));
  std::vector<Endpoint> blue = envoy->Endpoints(kBlue);
  ASSERT_EQ(blue.size(), 1u);
  EXPECT_EQ(blue[0], (Endpoint{"10.0.1.1", 8080, cloudmap::HealthStatus::kHealthy}));
  EXPECT_EQ(Addresses(envoy->Endpoints(kRed)), (Strings{"10.0.2.1"}));
  EXPECT_FALSE(envoy->version_info(kBlue).empty());

  std::set<std::string> colors;
  for (const auto& call : mesh_.cloudmap.calls()) {
    EXPECT_EQ(call.request.namespace_name, kCloudMapNs);
    EXPECT_EQ(call.request.service_name, "colorapp");  // nobody needs front's endpoints
    EXPECT_EQ(call.request.max_results, 1000);
    EXPECT_FALSE(call.request.health_status.has_value());
    ASSERT_EQ(call.request.query_parameters.size(), 1u);
    colors.insert(call.request.query_parameters.at("color"));
  }
  EXPECT_EQ(colors, (std::set<std::string>{"blue", "red"}));
}

TEST_F(ControlPlaneTest, StaggersPollsAndKeepsFixedInterval) {
  std::map<std::string, std::vector<MonotonicTime>> times;
  mesh_.dispatcher.RunFor(10s);
  for (const auto& call : mesh_.cloudmap.calls()) {
    times[call.request.query_parameters.at("color")].push_back(call.at);
  }
  ASSERT_GE(times["blue"].size(), 3u);
  ASSERT_GE(times["red"].size(), 3u);
  EXPECT_NE(times["blue"][0], times["red"][0]);
  EXPECT_LT(times["blue"][0], MonotonicTime(5s));
  EXPECT_EQ(times["blue"][1] - times["blue"][0], 5s);
  EXPECT_EQ(times["red"][2] - times["red"][1], 5s);
}

TEST_F(ControlPlaneTest, ChangePropagatesWithinIntervalPlusPushDelay) {
  MonotonicTime start = mesh_.dispatcher.Now();
  mesh_.cloudmap.Register(kCloudMapNs, "colorapp", "10.0.1.2", {{"color", "blue"}});
  ASSERT_TRUE(mesh_.dispatcher.RunUntil([&] { return EnvoyHas("front-1", kBlue, 2); }, 10s));
  EXPECT_LE(mesh_.dispatcher.Now() - start, kWorstPropagation);
  EXPECT_EQ(Addresses(mesh_.Envoy("front-1")->Endpoints(kBlue)), (Strings{"10.0.1.1", "10.0.1.2"}));

  auto changed = mesh_.tracer.Find("controlplane", "EndpointsChanged");
  ASSERT_FALSE(changed.empty());
  EXPECT_EQ(Field(changed.back(), "vn"), kBlue);
  EXPECT_EQ(Field(changed.back(), "added"), "10.0.1.2");
  auto applied = mesh_.tracer.Find("envoy", "EdsApplied");
  EXPECT_EQ(Field(applied.back(), "added"), "10.0.1.2");
  EXPECT_EQ(Field(applied.back(), "version"), Field(changed.back(), "version"));

  mesh_.cloudmap.Deregister(kCloudMapNs, "colorapp", "10.0.1.1");
  ASSERT_TRUE(mesh_.dispatcher.RunUntil([&] { return EnvoyHas("front-1", kBlue, 1); }, 10s));
  EXPECT_EQ(Field(mesh_.tracer.Find("envoy", "EdsApplied").back(), "removed"), "10.0.1.1");
  EXPECT_EQ(Field(mesh_.tracer.Find("controlplane", "EdsPush").back(), "envoy"), "front-1");
}

TEST_F(ControlPlaneTest, UnchangedDiscoveryPushesNothing) {
  int pushes = mesh_.tracer.Count("controlplane", "EdsPush");
  mesh_.dispatcher.RunFor(30s);
  EXPECT_GT(mesh_.tracer.Count("controlplane", "DiscoverInstances"), 10);
  EXPECT_EQ(mesh_.tracer.Count("controlplane", "EdsPush"), pushes);
}

TEST_F(ControlPlaneTest, NewEnvoyGetsCurrentEndpointsWithoutWaitingForAPoll) {
  mesh_.AddPod("front-2", kFrontLabels, "10.0.0.2");
  mesh_.dispatcher.RunFor(1ms + 500ms + 10ms);
  ASSERT_NE(mesh_.Envoy("front-2"), nullptr);
  EXPECT_EQ(mesh_.Envoy("front-2")->Clusters(), (Strings{kBlue, kRed}));
}

TEST_F(ControlPlaneTest, EnvoysShareOneSnapshot) {
  mesh_.AddPod("front-2", kFrontLabels, "10.0.0.2");
  mesh_.cloudmap.Register(kCloudMapNs, "colorapp", "10.0.2.2", {{"color", "red"}});
  mesh_.dispatcher.RunFor(kWorstPropagation);
  ClusterLoadAssignmentPtr current = mesh_.control_plane().CurrentAssignment(kRed);
  ASSERT_NE(current, nullptr);
  EXPECT_EQ(current->endpoints.size(), 2u);
  EXPECT_EQ(mesh_.Envoy("front-1")->Assignment(kRed).get(), current.get());
  EXPECT_EQ(mesh_.Envoy("front-2")->Assignment(kRed).get(), current.get());
}

TEST_F(ControlPlaneTest, EnvoyServesThroughTerminationAndDisconnectsOnDelete) {
  kube::Pod pod = *mesh_.pods.Get(kNs, "front-1");
  pod.metadata.deletion_timestamp = mesh_.dispatcher.WallNow();
  mesh_.pods.Put(pod);
  mesh_.cloudmap.Register(kCloudMapNs, "colorapp", "10.0.1.2", {{"color", "blue"}});
  ASSERT_TRUE(mesh_.dispatcher.RunUntil([&] { return EnvoyHas("front-1", kBlue, 2); }, 10s));
  EXPECT_EQ(mesh_.tracer.Count("envoy", "EnvoyDisconnected"), 0);

  mesh_.pods.Remove(kNs, "front-1");
  mesh_.dispatcher.RunFor(2ms);
  EXPECT_EQ(mesh_.Envoy("front-1"), nullptr);
  auto gone = mesh_.tracer.Find("envoy", "EnvoyDisconnected");
  ASSERT_EQ(gone.size(), 1u);
  EXPECT_EQ(Field(gone[0], "reason"), "PodDeleted");
  // Nobody needs colorapp any more: polling stops.
  size_t calls = mesh_.cloudmap.calls().size();
  mesh_.dispatcher.RunFor(20s);
  EXPECT_EQ(mesh_.cloudmap.calls().size(), calls);
}

TEST_F(ControlPlaneTest, DiscoveryErrorKeepsLastEndpoints) {
  mesh_.cloudmap.set_failure(Status(StatusCode::kNotFound, "ServiceNotFound", "colorapp"));
  mesh_.dispatcher.RunFor(11s);
  EXPECT_EQ(Addresses(mesh_.Envoy("front-1")->Endpoints(kBlue)), (Strings{"10.0.1.1"}));
  EXPECT_EQ(Field(mesh_.tracer.Find("controlplane", "DiscoverInstances").back(), "outcome"),
            "ServiceNotFound");

  mesh_.cloudmap.set_failure(std::nullopt);
  mesh_.cloudmap.Deregister(kCloudMapNs, "colorapp", "10.0.2.1");
  mesh_.dispatcher.RunFor(kWorstPropagation);
  EXPECT_TRUE(mesh_.Envoy("front-1")->Endpoints(kRed).empty());
  EXPECT_EQ(mesh_.Envoy("front-1")->Clusters(), (Strings{kBlue, kRed}));  // empty, not gone
}

TEST_F(ControlPlaneTest, DroppedBackendRemovesClustersAndStopsPolling) {
  appmesh::VirtualNode front = *mesh_.virtual_nodes.Get(kNs, "front");
  front.spec.backends.clear();
  mesh_.virtual_nodes.Put(front);
  mesh_.dispatcher.RunFor(2ms);
  EXPECT_TRUE(mesh_.Envoy("front-1")->Clusters().empty());
  EXPECT_EQ(mesh_.tracer.Count("envoy", "ClusterRemoved"), 2);
  size_t calls = mesh_.cloudmap.calls().size();
  mesh_.dispatcher.RunFor(20s);
  EXPECT_EQ(mesh_.cloudmap.calls().size(), calls);
}

// The controller writes annotations and finalizers to every virtual node; only a spec change
// (or an object arriving or leaving) may rebuild the mesh, which moves topology_version.
TEST_F(ControlPlaneTest, OnlyASpecChangeRebuildsTheMesh) {
  uint64_t before = mesh_.control_plane().topology_version();
  appmesh::VirtualNode front = *mesh_.virtual_nodes.Get(kNs, "front");
  front.metadata.annotations["appmesh.k8s.aws/note"] = "written by the controller";
  front.metadata.finalizers.push_back("finalizers.appmesh.k8s.aws/aws-cloudmap-resources");
  mesh_.virtual_nodes.Put(front);
  mesh_.dispatcher.RunFor(2ms);
  EXPECT_EQ(mesh_.control_plane().topology_version(), before);
  EXPECT_EQ(mesh_.Envoy("front-1")->Clusters().size(), 2u);
  front = *mesh_.virtual_nodes.Get(kNs, "front");
  front.spec.backends.clear();
  mesh_.virtual_nodes.Put(front);
  mesh_.dispatcher.RunFor(2ms);
  EXPECT_GT(mesh_.control_plane().topology_version(), before);
  EXPECT_TRUE(mesh_.Envoy("front-1")->Clusters().empty());
}

// The poll's request is kept between polls; a changed serviceDiscovery must replace it, and
// a write that leaves it alone (the controller's annotations) must not matter.
TEST_F(ControlPlaneTest, PollsAskWhatTheVirtualNodeSaysNow) {
  appmesh::VirtualNode blue = *mesh_.virtual_nodes.Get(kNs, "colorapp-blue");
  blue.metadata.annotations["appmesh.k8s.aws/note"] = "written by the controller";
  mesh_.virtual_nodes.Put(blue);
  mesh_.dispatcher.RunFor(6s);
  blue = *mesh_.virtual_nodes.Get(kNs, "colorapp-blue");
  ASSERT_TRUE(blue.spec.service_discovery && blue.spec.service_discovery->aws_cloud_map);
  blue.spec.service_discovery->aws_cloud_map->attributes.front().value = "red";
  mesh_.virtual_nodes.Put(blue);
  mesh_.dispatcher.RunFor(2ms);
  size_t first_after = mesh_.cloudmap.calls().size();
  mesh_.dispatcher.RunFor(kWorstPropagation);
  std::multiset<std::string> colors;
  for (size_t i = first_after; i < mesh_.cloudmap.calls().size(); ++i) {
    colors.insert(mesh_.cloudmap.calls()[i].request.query_parameters.at("color"));
  }
  EXPECT_EQ(colors.count("blue"), 0u);  // both virtual nodes now ask for red
  EXPECT_GE(colors.count("red"), 2u);
  EXPECT_EQ(Addresses(mesh_.Envoy("front-1")->Endpoints(kBlue)), (Strings{"10.0.2.1"}));
}

TEST_F(ControlPlaneTest, PortFallsBackToListenerPort) {
  mesh_.cloudmap.RegisterRaw(
      {.instance_id = "10.0.1.9",
       .namespace_name = kCloudMapNs,
       .service_name = "colorapp",
       .health_status = cloudmap::HealthStatus::kUnknown,
       .attributes = {{"AWS_INSTANCE_IPV4", "10.0.1.9"}, {"color", "blue"}}});
  mesh_.dispatcher.RunFor(kWorstPropagation);
  std::vector<Endpoint> blue = mesh_.Envoy("front-1")->Endpoints(kBlue);
  ASSERT_EQ(blue.size(), 2u);
  EXPECT_EQ(blue[1], (Endpoint{"10.0.1.9", 8080, cloudmap::HealthStatus::kUnknown}));
}

TEST_F(ControlPlaneTest, StopHaltsPollingAndStartResumesIt) {
  mesh_.control_plane().Stop();
  size_t calls = mesh_.cloudmap.calls().size();
  mesh_.cloudmap.Register(kCloudMapNs, "colorapp", "10.0.1.2", {{"color", "blue"}});
  mesh_.dispatcher.RunFor(20s);
  EXPECT_EQ(mesh_.cloudmap.calls().size(), calls);
  EXPECT_TRUE(EnvoyHas("front-1", kBlue, 1));  // Envoys keep their last configuration

  mesh_.control_plane().Start();
  EXPECT_EQ(mesh_.pods.watch_count(), 2);  // relisted and watching again
  ASSERT_TRUE(
      mesh_.dispatcher.RunUntil([&] { return EnvoyHas("front-1", kBlue, 2); }, kWorstPropagation));
}

TEST(AppMeshControlPlane, ConnectsOnlyRunningMeshedPodsSelectedByOneNode) {
  ColorappMesh mesh;
  mesh.AddPod("no-sidecar", kFrontLabels, "10.0.0.5", /*with_envoy=*/false);
  mesh.AddPod("unselected", {{"app", "other"}}, "10.0.0.6");
  kube::Pod pending = MakePod("front-2", kFrontLabels, "");
  pending.status.phase = kube::PodPhase::kPending;
  mesh.pods.Put(pending);
  mesh.control_plane().Start();
  mesh.dispatcher.RunFor(1s);
  EXPECT_TRUE(mesh.control_plane().Envoys().empty());
  EXPECT_TRUE(mesh.cloudmap.calls().empty());  // nothing to discover for nobody

  mesh.pods.Put(MakePod("front-2", kFrontLabels, "10.0.0.2"));
  mesh.AddPod("front-1", kFrontLabels, "10.0.0.1");
  mesh.AddPod("blue-1", {{"app", "colorapp"}, {"version", "blue"}}, "10.0.1.1");
  mesh.dispatcher.RunFor(1s);
  std::vector<std::string> ids;
  for (const EnvoyModel* e : mesh.control_plane().Envoys()) ids.push_back(e->node_id());
  EXPECT_EQ(ids, (Strings{"blue-1", "front-1", "front-2"}));

  // A second node selecting the same pods makes new ones ambiguous; connected ones stay.
  mesh.virtual_nodes.Put(MakeVirtualNode("front-dup", {{"app", "front"}}, "front", {}, {}));
  mesh.AddPod("front-3", kFrontLabels, "10.0.0.3");
  mesh.dispatcher.RunFor(1s);
  EXPECT_EQ(mesh.Envoy("front-3"), nullptr);
  EXPECT_NE(mesh.Envoy("front-1"), nullptr);
}

TEST(AppMeshControlPlane, RelistsAfterAFailedWatch) {
  ColorappMesh mesh;
  mesh.pods.FailNextWatch();
  mesh.control_plane().Start();
  auto errors = mesh.tracer.Find("controlplane", "InformerError");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(Field(errors[0], "kind"), "Pod");
  EXPECT_EQ(Field(errors[0], "verb"), "Watch");
  mesh.AddPod("front-1", kFrontLabels, "10.0.0.1");  // missed: nobody watches pods yet
  mesh.dispatcher.RunFor(500ms);
  EXPECT_EQ(mesh.Envoy("front-1"), nullptr);
  mesh.dispatcher.RunFor(600ms);  // the relist after 1 s finds it
  EXPECT_NE(mesh.Envoy("front-1"), nullptr);
  EXPECT_EQ(mesh.pods.watch_count(), 1);
}

TEST(AppMeshControlPlane, PassesHealthFilterFromOptions) {
  ControlPlaneOptions options;
  options.health_status = cloudmap::HealthStatusFilter::kHealthyOrElseAll;
  ColorappMesh mesh(1, options);
  mesh.AddPod("front-1", kFrontLabels, "10.0.0.1");
  mesh.control_plane().Start();
  mesh.dispatcher.RunFor(6s);
  ASSERT_FALSE(mesh.cloudmap.calls().empty());
  EXPECT_EQ(mesh.cloudmap.calls()[0].request.health_status,
            cloudmap::HealthStatusFilter::kHealthyOrElseAll);
}

}  // namespace
}  // namespace meshsim::fakes
