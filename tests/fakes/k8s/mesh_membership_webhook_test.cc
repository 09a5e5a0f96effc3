#include "fakes/k8s/mesh_membership_webhook.h"

#include <gtest/gtest.h>

#include "fakes/k8s/fake_kube_api.h"
#include "tests/support/manual_dispatcher.h"
#include "tests/support/recording_tracer.h"
#include "tests/support/test_random.h"

namespace meshsim::fakes {
namespace {

class MeshMembershipWebhookTest : public ::testing::Test {
 protected:
  void AddNamespace(const std::string& name, kube::Labels labels) {
    kube::Namespace ns;
    ns.metadata.name = name;
    ns.metadata.labels = std::move(labels);
    ASSERT_TRUE(api_.Namespaces().Create(ns).ok());
  }
  std::string AddMesh(const std::string& name, std::optional<kube::Labels> selector) {
    appmesh::Mesh mesh;
    mesh.metadata.name = name;
    if (selector) mesh.spec.namespace_selector = kube::LabelSelector{.match_labels = *selector};
    auto created = api_.Meshes().Create(mesh);
    EXPECT_TRUE(created.ok());
    return created->metadata.uid;
  }
  Result<appmesh::VirtualNode> CreateVirtualNode(const std::string& ns) {
    appmesh::VirtualNode vn;
    vn.metadata.name = "front";
    vn.metadata.namespace_name = ns;
    return api_.VirtualNodes().Create(vn);
  }

  testing::ManualDispatcher dispatcher_;
  testing::TestRandom random_{1};
  testing::RecordingTracer tracer_;
  FakeKubeApi api_{dispatcher_, random_, tracer_, KubeOptions{}};
};

TEST_F(MeshMembershipWebhookTest, VirtualNodeGetsTheMeshSelectingItsNamespaceAndAwsName) {
  AddNamespace("apps", {{"mesh", "m1"}});
  AddMesh("other", kube::Labels{{"mesh", "m2"}});
  std::string uid = AddMesh("m1", kube::Labels{{"mesh", "m1"}});
  auto vn = CreateVirtualNode("apps");
  ASSERT_TRUE(vn.ok()) << vn.status().ToString();
  ASSERT_TRUE(vn->spec.mesh_ref.has_value());
  EXPECT_EQ(vn->spec.mesh_ref->name, "m1");
  EXPECT_EQ(vn->spec.mesh_ref->uid, uid);
  EXPECT_EQ(vn->spec.aws_name, "front_apps");
}

TEST_F(MeshMembershipWebhookTest, NoMatchingMeshRejects) {
  AddNamespace("apps", {{"mesh", "m1"}});
  AddMesh("no-selector", std::nullopt);  // selects no namespace at all
  auto vn = CreateVirtualNode("apps");
  ASSERT_FALSE(vn.ok());
  EXPECT_EQ(vn.status().error_name(), "AdmissionDenied");
  EXPECT_NE(vn.status().message().find("failed to find matching mesh for namespace: apps"),
            std::string::npos);
}

TEST_F(MeshMembershipWebhookTest, TwoMatchingMeshesReject) {
  AddNamespace("apps", {{"mesh", "m1"}});
  AddMesh("a", kube::Labels{{"mesh", "m1"}});
  AddMesh("b", kube::Labels{});  // an empty selector matches every namespace
  auto vs = api_.VirtualServices().Create(
      appmesh::VirtualService{.metadata = {.name = "colorapp", .namespace_name = "apps"}});
  ASSERT_FALSE(vs.ok());
  EXPECT_NE(vs.status().message().find("multiple matching meshes"), std::string::npos);
}

TEST_F(MeshMembershipWebhookTest, ExplicitMeshRefIsKept) {
  appmesh::VirtualRouter vr;
  vr.metadata = {.name = "r", .namespace_name = "apps"};
  vr.spec.mesh_ref = appmesh::MeshReference{.name = "given", .uid = "u"};
  auto created = api_.VirtualRouters().Create(vr);
  ASSERT_TRUE(created.ok());
  EXPECT_EQ(created->spec.mesh_ref->name, "given");
}

}  // namespace
}  // namespace meshsim::fakes
