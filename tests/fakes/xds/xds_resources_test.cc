#include "fakes/xds/xds_resources.h"

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

#include "tests/fakes/appmesh/colorapp_mesh.h"

namespace meshsim::fakes::xds {
namespace {

using namespace std::chrono_literals;
using ::meshsim::testing::ColorappMesh;
using ::meshsim::testing::kBlue;
using ::meshsim::testing::kCloudMapNs;
using ::meshsim::testing::kFrontLabels;
using ::meshsim::testing::kRed;
using Strings = std::vector<std::string>;

const char kColorappListener[] = "colorapp.howto-k8s-cloudmap";
const char kColorappRoute[] = "route/howto-k8s-cloudmap/colorapp";

class TranslateTest : public ::testing::Test {
 protected:
  void SetUp() override {
    mesh_.AddPod("front-1", kFrontLabels, "10.0.0.1");
    mesh_.control_plane().Start();
    mesh_.dispatcher.RunFor(6s);
    ASSERT_NE(mesh_.Envoy("front-1"), nullptr);
  }
  ColorappMesh mesh_;
};

TEST_F(TranslateTest, FrontEnvoyGetsColorappListenerRouteClustersAndItsAppliedEndpoints) {
  Resources r = TranslateEnvoy(mesh_.control_plane(), *mesh_.Envoy("front-1"));
  EXPECT_EQ(r.Names(ResourceType::kListener), Strings{kColorappListener});
  EXPECT_EQ(r.listeners.at(kColorappListener).route_config_name, kColorappRoute);
  const RouteConfiguration& route = r.routes.at(kColorappRoute);
  ASSERT_EQ(route.clusters.size(), 2u);
  EXPECT_EQ(route.clusters[0].cluster, kBlue);
  EXPECT_EQ(route.clusters[1].cluster, kRed);
  EXPECT_EQ(r.Names(ResourceType::kCluster), (Strings{kBlue, kRed}));
  EXPECT_EQ(r.clusters.at(kBlue).eds_service_name, kBlue);
  EXPECT_EQ(r.endpoints.at(kBlue).endpoints, mesh_.Envoy("front-1")->Endpoints(kBlue));
  ASSERT_EQ(r.endpoints.at(kRed).endpoints.size(), 1u);
  EXPECT_EQ(r.endpoints.at(kRed).endpoints[0].address, "10.0.2.1");
  EXPECT_EQ(r.endpoints.at(kRed).endpoints[0].health, cloudmap::HealthStatus::kHealthy);
}

TEST_F(TranslateTest, MeshViewServesEveryServiceWithTheControlPlanesCurrentEndpoints) {
  Resources r = TranslateMesh(mesh_.control_plane());
  EXPECT_EQ(r.Names(ResourceType::kListener), (Strings{kColorappListener, "front.howto-k8s-cloudmap"}));
  EXPECT_EQ(r.Names(ResourceType::kEndpoint),
            (Strings{kBlue, kRed, "howto-k8s-cloudmap/front"}));
}

TEST_F(TranslateTest, EnvoyViewFollowsItsAppliedEndpointsNotTheCloudMapsYet) {
  mesh_.cloudmap.Register(kCloudMapNs, "colorapp", "10.0.1.2", {{"color", "blue"}});
  Resources before = TranslateEnvoy(mesh_.control_plane(), *mesh_.Envoy("front-1"));
  EXPECT_EQ(before.endpoints.at(kBlue).endpoints.size(), 1u);  // not polled yet
  mesh_.dispatcher.RunFor(::meshsim::testing::kWorstPropagation);
  Resources after = TranslateEnvoy(mesh_.control_plane(), *mesh_.Envoy("front-1"));
  EXPECT_EQ(after.endpoints.at(kBlue).endpoints.size(), 2u);
}

TEST_F(TranslateTest, VirtualNodeViewHasItsBackendsWithTheControlPlanesCurrentEndpoints) {
  Resources r = TranslateVirtualNode(mesh_.control_plane(), "howto-k8s-cloudmap/front");
  EXPECT_EQ(r.Names(ResourceType::kListener), Strings{kColorappListener});
  EXPECT_EQ(r.Names(ResourceType::kEndpoint), (Strings{kBlue, kRed}));
  mesh_.cloudmap.Register(kCloudMapNs, "colorapp", "10.0.1.2", {{"color", "blue"}});
  mesh_.dispatcher.RunFor(6s);  // one poll: the control plane has it, whatever the push delays
  r = TranslateVirtualNode(mesh_.control_plane(), "howto-k8s-cloudmap/front");
  EXPECT_EQ(r.endpoints.at(kBlue).endpoints,
            mesh_.control_plane().CurrentAssignment(kBlue)->endpoints);
  EXPECT_EQ(r.endpoints.at(kBlue).endpoints.size(), 2u);
  EXPECT_TRUE(TranslateVirtualNode(mesh_.control_plane(), "howto-k8s-cloudmap/nope").listeners.empty());
}

Resources OneCluster(const std::string& ip) {
  Resources r;
  r.clusters["c"] = Cluster{.name = "c", .eds_service_name = "c"};
  r.endpoints["c"] = Endpoints{.cluster_name = "c", .endpoints = {{.address = ip, .port = 80}}};
  return r;
}

TEST(VersionerTest, OnlyChangedTypesAndResourcesGetNewVersions) {
  Versioner versioner;
  VersionedResources v1 = versioner.Stamp("n", OneCluster("10.0.0.1"));
  VersionedResources v2 = versioner.Stamp("n", OneCluster("10.0.0.2"));
  const int cds = static_cast<int>(ResourceType::kCluster);
  const int eds = static_cast<int>(ResourceType::kEndpoint);
  EXPECT_EQ(v2.type_versions[cds], v1.type_versions[cds]);
  EXPECT_EQ(v2.resource_versions[cds].at("c"), v1.resource_versions[cds].at("c"));
  EXPECT_GT(v2.type_versions[eds], v1.type_versions[eds]);
  EXPECT_GT(v2.resource_versions[eds].at("c"), v1.resource_versions[eds].at("c"));
  VersionedResources v3 = versioner.Stamp("n", OneCluster("10.0.0.2"));
  EXPECT_EQ(v3.type_versions, v2.type_versions);
}

TEST(VersionerTest, ARemovedAndReaddedResourceNeverReusesAVersion) {
  Versioner versioner;
  VersionedResources v1 = versioner.Stamp("n", OneCluster("10.0.0.1"));
  versioner.Stamp("n", Resources{});
  VersionedResources v3 = versioner.Stamp("n", OneCluster("10.0.0.1"));
  const int eds = static_cast<int>(ResourceType::kEndpoint);
  EXPECT_GT(v3.resource_versions[eds].at("c"), v1.resource_versions[eds].at("c"));
  EXPECT_GT(v3.type_versions[eds], v1.type_versions[eds]);
}

TEST(VersionerTest, NodesAreVersionedIndependently) {
  Versioner versioner;
  VersionedResources a = versioner.Stamp("a", OneCluster("10.0.0.1"));
  VersionedResources b = versioner.Stamp("b", OneCluster("10.0.0.1"));
  EXPECT_EQ(a.type_versions, b.type_versions);
}

}  // namespace
}  // namespace meshsim::fakes::xds
