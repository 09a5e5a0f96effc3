#include "fakes/k8s/sidecar_injector.h"

#include <gtest/gtest.h>

#include "fakes/k8s/fake_kube_api.h"
#include "tests/support/manual_dispatcher.h"
#include "tests/support/recording_tracer.h"
#include "tests/support/test_random.h"

namespace meshsim::fakes {
namespace {

class SidecarInjectorTest : public ::testing::Test {
 protected:
  void AddNamespace(const std::string& name, bool injection) {
    kube::Namespace ns;
    ns.metadata.name = name;
    if (injection) ns.metadata.labels[kSidecarInjectorLabel] = "enabled";
    ASSERT_TRUE(api_.Namespaces().Create(ns).ok());
  }
  void AddVirtualNode(const std::string& ns, const std::string& name, kube::Labels selector,
                      bool cloud_map = false) {
    appmesh::VirtualNode vn;
    if (cloud_map) {
      vn.spec.service_discovery = appmesh::ServiceDiscovery{};
      vn.spec.service_discovery->aws_cloud_map = appmesh::AwsCloudMapServiceDiscovery{};
      vn.spec.service_discovery->aws_cloud_map->namespace_name = "howto-k8s-cloudmap.pvt.aws.local";
      vn.spec.service_discovery->aws_cloud_map->service_name = "colorapp";
    }
    vn.metadata.name = name;
    vn.metadata.namespace_name = ns;
    vn.spec.pod_selector =
        kube::LabelSelector{.match_labels = std::move(selector), .match_expressions = {}};
    vn.spec.mesh_ref = appmesh::MeshReference{"howto-k8s-cloudmap", ""};
    ASSERT_TRUE(api_.VirtualNodes().Create(vn).ok());
  }
  kube::Pod CreatePod(const std::string& ns, kube::Labels labels) {
    kube::Pod pod;
    pod.metadata.name = "colorapp-blue-x";
    pod.metadata.namespace_name = ns;
    pod.metadata.labels = std::move(labels);
    pod.spec.containers = {kube::Container{"app", "colorapp", {}, {}}};
    auto created = api_.Pods().Create(pod);
    EXPECT_TRUE(created.ok());
    return *created;
  }

  testing::ManualDispatcher dispatcher_;
  testing::TestRandom random_{1};
  testing::RecordingTracer tracer_;
  FakeKubeApi api_{dispatcher_, random_, tracer_, KubeOptions{}};
  kube::Labels blue_{{"app", "colorapp"}, {"version", "blue"}};
};

TEST_F(SidecarInjectorTest, InjectsEnvoyInLabelledNamespaceWithOneMatchingVirtualNode) {
  AddNamespace("mesh-ns", true);
  AddVirtualNode("mesh-ns", "colorapp-blue", blue_);
  AddVirtualNode("mesh-ns", "colorapp-red", {{"app", "colorapp"}, {"version", "red"}});
  kube::Pod pod = CreatePod("mesh-ns", blue_);
  ASSERT_EQ(pod.spec.containers.size(), 2u);
  EXPECT_EQ(pod.spec.containers[0].name, "app");
  EXPECT_EQ(pod.spec.containers[1].name, kEnvoyContainerName);
  EXPECT_EQ(pod.spec.containers[1].image,
            "public.ecr.aws/appmesh/aws-appmesh-envoy:v1.34.13.3-prod");
  ASSERT_EQ(pod.spec.init_containers.size(), 1u);
  EXPECT_EQ(pod.spec.init_containers[0].name, kProxyInitContainerName);
  EXPECT_TRUE(pod.spec.readiness_gates.empty());
}

TEST_F(SidecarInjectorTest, AddsCloudMapHealthyReadinessGateWhenVirtualNodeUsesCloudMap) {
  AddNamespace("mesh-ns", true);
  AddVirtualNode("mesh-ns", "colorapp-blue", blue_, /*cloud_map=*/true);
  kube::Pod pod = CreatePod("mesh-ns", blue_);
  ASSERT_EQ(pod.spec.containers.size(), 2u);
  EXPECT_EQ(pod.spec.readiness_gates,
            std::vector<std::string>{"conditions.appmesh.k8s.aws/aws-cloudmap-healthy"});
}

TEST_F(SidecarInjectorTest, LeavesPodsInUnlabelledNamespacesAlone) {
  AddNamespace("plain", false);
  AddVirtualNode("plain", "colorapp-blue", blue_);
  EXPECT_EQ(CreatePod("plain", blue_).spec.containers.size(), 1u);
}

TEST_F(SidecarInjectorTest, NeedsExactlyOneMatchingVirtualNode) {
  AddNamespace("none", true);
  AddVirtualNode("none", "colorapp-red", {{"version", "red"}});
  EXPECT_EQ(CreatePod("none", blue_).spec.containers.size(), 1u);

  AddNamespace("two", true);
  AddVirtualNode("two", "a", {{"app", "colorapp"}});
  AddVirtualNode("two", "b", {{"version", "blue"}});
  EXPECT_EQ(CreatePod("two", blue_).spec.containers.size(), 1u);
}

}  // namespace
}  // namespace meshsim::fakes
