// The walkthrough's manifest template (scenarios/howto-k8s-cloudmap/manifest.yaml.template)
// loads into the 13 objects of controller.md section E.2.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "sim/scenario/loader.h"
#include "tests/sim/scenario/test_util.h"

namespace meshsim::scenario {
namespace {

const std::string kNs = "howto-k8s-cloudmap";
const std::string kCloudMapNs = "howto-k8s-cloudmap.pvt.aws.local";

class WalkthroughManifest : public ::testing::Test {
 protected:
  void SetUp() override {
    Result<Scenario> s =
        LoadScenario(SourcePath("tests/sim/scenario/testdata/howto-k8s-cloudmap.yaml"));
    ASSERT_TRUE(s.ok()) << s.status().message();
    manifests_ = s->manifests;
  }
  template <class T>
  const T& Get(const std::string& kind, const std::string& name) {
    for (const Manifest& m : manifests_) {
      const T* o = std::get_if<T>(&m.object);
      if (m.kind == kind && o != nullptr && o->metadata.name == name) return *o;
    }
    ADD_FAILURE() << kind << " " << name << " not found";
    static const T kEmpty{};
    return kEmpty;
  }
  std::vector<Manifest> manifests_;
};

TEST_F(WalkthroughManifest, HasTheThirteenObjectsInOrder) {
  std::vector<std::string> kinds;
  for (const Manifest& m : manifests_) kinds.push_back(m.kind);
  EXPECT_EQ(kinds, (std::vector<std::string>{"Namespace", "Mesh", "VirtualNode", "VirtualNode",
                                             "VirtualNode", "VirtualService", "VirtualRouter",
                                             "VirtualService", "VirtualRouter", "Deployment",
                                             "Deployment", "Deployment", "Service"}));
}

TEST_F(WalkthroughManifest, NamespaceAndMeshAreLabelledForInjection) {
  const auto& ns = Get<kube::Namespace>("Namespace", kNs);
  EXPECT_EQ(ns.metadata.labels,
            (kube::Labels{{"mesh", kNs}, {"appmesh.k8s.aws/sidecarInjectorWebhook", "enabled"}}));
  const auto& mesh = Get<appmesh::Mesh>("Mesh", kNs);
  EXPECT_EQ(mesh.metadata.namespace_name, "");
  ASSERT_TRUE(mesh.spec.namespace_selector.has_value());
  EXPECT_EQ(mesh.spec.namespace_selector->match_labels, (kube::Labels{{"mesh", kNs}}));
  EXPECT_EQ(mesh.AwsName(), kNs);
}

TEST_F(WalkthroughManifest, VirtualNodesUseCloudMap) {
  const auto& front = Get<appmesh::VirtualNode>("VirtualNode", "front");
  EXPECT_FALSE(front.spec.aws_name.has_value());
  EXPECT_EQ(front.AwsName(), "front_howto-k8s-cloudmap");
  EXPECT_EQ(front.spec.pod_selector->match_labels, (kube::Labels{{"app", "front"}}));
  ASSERT_EQ(front.spec.listeners.size(), 1u);
  EXPECT_EQ(front.spec.listeners[0].port_mapping, (appmesh::PortMapping{8080, "http"}));
  ASSERT_EQ(front.spec.backends.size(), 1u);
  EXPECT_EQ(front.spec.backends[0].virtual_service_ref.name, "colorapp");
  EXPECT_EQ(*front.CloudMap(), (appmesh::AwsCloudMapServiceDiscovery{kCloudMapNs, "front", {}}));
  for (const std::string color : {"blue", "red"}) {
    const auto& vn = Get<appmesh::VirtualNode>("VirtualNode", "colorapp-" + color);
    EXPECT_EQ(vn.AwsName(), "colorapp-" + color + "_howto-k8s-cloudmap");
    EXPECT_EQ(vn.spec.pod_selector->match_labels,
              (kube::Labels{{"app", "colorapp"}, {"version", color}}));
    EXPECT_TRUE(vn.spec.backends.empty());
    EXPECT_EQ(*vn.CloudMap(),
              (appmesh::AwsCloudMapServiceDiscovery{kCloudMapNs, "colorapp", {{"color", color}}}));
  }
}

TEST_F(WalkthroughManifest, ServicesRouteThroughRouters) {
  const auto& colorapp = Get<appmesh::VirtualService>("VirtualService", "colorapp");
  EXPECT_EQ(colorapp.spec.aws_name, "colorapp.howto-k8s-cloudmap.svc.cluster.local");
  EXPECT_EQ(colorapp.spec.provider->virtual_router_ref->name, "colorapp-router");
  const auto& front = Get<appmesh::VirtualService>("VirtualService", "front");
  EXPECT_EQ(front.spec.aws_name, "front.howto-k8s-cloudmap.svc.cluster.local");
  EXPECT_EQ(front.spec.provider->virtual_router_ref->name, "front-router");

  const auto& router = Get<appmesh::VirtualRouter>("VirtualRouter", "colorapp-router");
  ASSERT_EQ(router.spec.routes.size(), 1u);
  const appmesh::Route& route = router.spec.routes[0];
  EXPECT_EQ(route.name, "color-route");
  EXPECT_EQ(route.prefix, "/");
  ASSERT_EQ(route.weighted_targets.size(), 2u);
  EXPECT_EQ(route.weighted_targets[0].virtual_node_ref.name, "colorapp-red");
  EXPECT_EQ(route.weighted_targets[0].weight, 1);
  EXPECT_EQ(route.weighted_targets[1].virtual_node_ref.name, "colorapp-blue");
  EXPECT_EQ(route.weighted_targets[1].weight, 1);
  const auto& front_router = Get<appmesh::VirtualRouter>("VirtualRouter", "front-router");
  EXPECT_EQ(front_router.spec.routes[0].prefix, "/color");
  EXPECT_EQ(front_router.spec.routes[0].weighted_targets[0].virtual_node_ref.name, "front");
  EXPECT_EQ(front_router.spec.listeners[0].port_mapping.port, 8080);
}

TEST_F(WalkthroughManifest, DeploymentsMatchTheWalkthrough) {
  const auto& front = Get<kube::Deployment>("Deployment", "front");
  EXPECT_EQ(front.spec.replicas, 1);
  EXPECT_EQ(front.spec.selector.match_labels, (kube::Labels{{"app", "front"}, {"version", "v1"}}));
  const kube::Container& fc = front.spec.template_.spec.containers.at(0);
  EXPECT_EQ(fc.name, "front");
  EXPECT_EQ(fc.image, "123456789012.dkr.ecr.us-west-2.amazonaws.com/howto-k8s-cloudmap/feapp");
  EXPECT_EQ(fc.ports.at(0).container_port, 8080);
  EXPECT_EQ(fc.env, (std::vector<kube::EnvVar>{
                        {"PORT", "8080"},
                        {"COLOR_HOST", "colorapp.howto-k8s-cloudmap.svc.cluster.local:8080"}}));
  for (const std::string color : {"blue", "red"}) {
    const auto& d = Get<kube::Deployment>("Deployment", "colorapp-" + color);
    EXPECT_EQ(d.metadata.namespace_name, kNs);
    EXPECT_EQ(d.spec.template_.metadata.labels,
              (kube::Labels{{"app", "colorapp"}, {"version", color}}));
    const kube::Container& c = d.spec.template_.spec.containers.at(0);
    EXPECT_EQ(c.name, "colorapp");
    EXPECT_EQ(c.image, "123456789012.dkr.ecr.us-west-2.amazonaws.com/howto-k8s-cloudmap/colorapp");
    EXPECT_EQ(c.env, (std::vector<kube::EnvVar>{{"SERVER_PORT", "8080"}, {"COLOR", color}}));
  }
}

TEST_F(WalkthroughManifest, ColorappServiceHasNoSelector) {
  const auto& svc = Get<kube::Service>("Service", "colorapp");
  EXPECT_FALSE(svc.spec.selector.has_value());
  ASSERT_EQ(svc.spec.ports.size(), 1u);
  EXPECT_EQ(svc.spec.ports[0].port, 8080);
  EXPECT_EQ(svc.spec.ports[0].protocol, "TCP");
}

TEST(WalkthroughTemplate, EveryPlaceholderNeedsAVar) {
  std::string error;
  Result<Scenario> s =
      LoadScenario(SourcePath("tests/sim/scenario/testdata/howto-k8s-cloudmap.yaml"));
  ASSERT_TRUE(s.ok());
  std::map<std::string, std::string> vars = s->vars;
  vars.erase("COLOR_APP_IMAGE");
  std::string path = SourcePath("scenarios/howto-k8s-cloudmap/manifest.yaml.template");
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  Result<std::vector<Manifest>> r = ParseManifests(text.str(), "t.yaml", vars);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("found unset variable '${COLOR_APP_IMAGE}'"),
            std::string::npos);
}

}  // namespace
}  // namespace meshsim::scenario
