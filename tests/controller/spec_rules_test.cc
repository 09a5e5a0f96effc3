// Spec rules of /work/shared/spec/controller.md that no other test covered (docs/controller.md
// maps every rule to its tests): VN events (A.1), reads that never enqueue (A.3), meshRef
// resolution (B.1.1), HTTP and public DNS namespaces (B.2.3), out-of-band changes (D.4).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tests/controller/cloudmap/controller_fixture.h"

namespace meshsim::controller {
namespace {

using meshsim::testing::StringField;
using std::chrono::minutes;
using std::chrono::seconds;
using testing::BlueVn;
using testing::CloudMapVn;
using testing::ControllerFixture;
using testing::kBlue;
using testing::kBlueKey;
using testing::ReadyPod;

class SpecRules : public ControllerFixture {
 protected:
  // The reasons of the Enqueue events for `key`, in order.
  std::vector<std::string> EnqueueReasons(const std::string& key) {
    std::vector<std::string> out;
    for (const TraceEvent* e : tracer.Named("controller", "Enqueue")) {
      if (StringField(*e, "key") == key) out.push_back(StringField(*e, "reason").value_or(""));
    }
    return out;
  }
};

// A.1: create, update (including the controller's own finalizer and annotation patches) and
// delete of a VirtualNode enqueue that VirtualNode's own key.
TEST_F(SpecRules, A1_VirtualNodeCreateUpdateAndDeleteEnqueueItsOwnKey) {
  kube.vns.Put(BlueVn());
  Start();
  d.RunFor(seconds(10));
  std::vector<std::string> reasons = EnqueueReasons(kBlueKey);
  ASSERT_GE(reasons.size(), 3u);
  EXPECT_EQ(reasons[0], "vn-create");
  EXPECT_EQ(reasons[1], "vn-update");  // its own finalizer patch
  EXPECT_EQ(reasons[2], "vn-update");  // its own cloudMapServiceARN annotation
  kube.vns.Delete(kBlueKey, d.WallNow());
  d.RunFor(seconds(30));
  reasons = EnqueueReasons(kBlueKey);
  EXPECT_EQ(reasons.back(), "vn-delete");  // after the finalizer was removed
}

// A.3: node and mesh changes are read on every reconcile but enqueue nothing.
TEST_F(SpecRules, A3_NodeAndMeshChangesDoNotEnqueue) {
  kube.vns.Put(BlueVn());
  Start();
  d.RunFor(seconds(30));
  int before = tracer.Count("controller", "Enqueue");
  kube.nodes.Put(testing::MakeNode("node-b", "us-west-2", "us-west-2b"));
  appmesh::Mesh mesh = testing::MakeMesh();
  mesh.metadata.labels["touched"] = "yes";
  kube.meshes.Put(mesh);
  d.RunFor(seconds(30));
  EXPECT_EQ(tracer.Count("controller", "Enqueue"), before);
}

// B.1.1: a VirtualNode without meshRef, or whose meshRef UID does not match the Mesh, fails its
// reconcile (and registers nothing).
TEST_F(SpecRules, B1_1_MissingMeshRefOrMeshUidMismatchFailsTheReconcile) {
  appmesh::VirtualNode no_ref = BlueVn();
  no_ref.spec.mesh_ref.reset();
  kube.vns.Put(no_ref);
  appmesh::VirtualNode wrong_uid = CloudMapVn("colorapp-red", {{"app", "colorapp"}}, "colorapp");
  wrong_uid.spec.mesh_ref->uid = "another-mesh-uid";
  kube.vns.Put(wrong_uid);
  kube.pods.Put(ReadyPod("b1", "10.0.0.1", kBlue));
  Start();
  d.RunFor(seconds(5));
  EXPECT_TRUE(InstanceIds("colorapp").empty());
  int blue_errors = 0, red_errors = 0;
  for (const TraceEvent* e : tracer.Named("controller", "ReconcileError")) {
    blue_errors += StringField(*e, "vn") == kBlueKey;
    red_errors += StringField(*e, "vn") == "howto-k8s-cloudmap/colorapp-red";
  }
  EXPECT_GE(blue_errors, 1);
  EXPECT_GE(red_errors, 1);
}

class HttpNamespace : public ControllerFixture {
 protected:
  HttpNamespace() : ControllerFixture(seconds(1), cloudmap::NamespaceType::kHttp) {}
};

// B.2.3: a service created in an HTTP namespace has no DnsConfig (and still gets instances).
TEST_F(HttpNamespace, B2_3_ServiceInAnHttpNamespaceHasNoDnsConfig) {
  kube.vns.Put(BlueVn());
  kube.pods.Put(ReadyPod("b1", "10.0.0.1", kBlue));
  Start();
  d.RunFor(seconds(30));
  std::optional<cloudmap::Service> s = Service("colorapp");
  ASSERT_TRUE(s.has_value());
  EXPECT_FALSE(s->dns_config.has_value());
  EXPECT_EQ(InstanceIds("colorapp"), (std::vector<std::string>{"10.0.0.1"}));
}

class PublicDnsNamespace : public ControllerFixture {
 protected:
  PublicDnsNamespace() : ControllerFixture(seconds(1), cloudmap::NamespaceType::kDnsPublic) {}
};

// B.2.3: any other namespace type (public DNS) is "unsupported namespace type".
TEST_F(PublicDnsNamespace, B2_3_PublicDnsNamespaceIsUnsupported) {
  kube.vns.Put(BlueVn());
  Start();
  d.RunFor(seconds(5));
  EXPECT_FALSE(Service("colorapp").has_value());
  std::vector<const TraceEvent*> errors = tracer.Named("controller", "ReconcileError");
  ASSERT_FALSE(errors.empty());
  EXPECT_NE(StringField(*errors[0], "error")->find("unsupported namespace type"),
            std::string::npos)
      << *StringField(*errors[0], "error");
}

// D.4: an instance deregistered outside the controller stays invisible to it while the 5-min
// instances cache holds the old list; the first reconcile after expiry registers it again.
TEST_F(SpecRules, D4_InstanceRemovedOutOfBandIsRestoredAfterTheInstancesCacheExpires) {
  kube.vns.Put(BlueVn());
  kube.pods.Put(ReadyPod("b1", "10.0.0.1", kBlue));
  Start();
  d.RunFor(seconds(30));
  ASSERT_EQ(InstanceIds("colorapp").size(), 1u);
  std::unique_ptr<CloudMapClient> operator_client = cloudmap_.NewClient("operator");
  operator_client->DeregisterInstance({.service_id = Service("colorapp")->id,
                                       .instance_id = "10.0.0.1"},
                                      [](Result<cloudmap::OperationIdResponse>) {});
  d.RunFor(seconds(10));
  ASSERT_TRUE(InstanceIds("colorapp").empty());
  // A pod event within the cache TTL: the reconcile diffs against the stale cache, which
  // still lists 10.0.0.1, so only the new pod is registered.
  kube.pods.Put(ReadyPod("b2", "10.0.0.2", kBlue));
  d.RunFor(seconds(30));
  EXPECT_EQ(InstanceIds("colorapp"), (std::vector<std::string>{"10.0.0.2"}));
  // After the 5-min TTL the next reconcile lists again and restores 10.0.0.1.
  d.RunFor(minutes(5));
  kube.pods.Put(ReadyPod("b3", "10.0.0.3", kBlue));
  d.RunFor(seconds(30));
  EXPECT_EQ(InstanceIds("colorapp"),
            (std::vector<std::string>{"10.0.0.1", "10.0.0.2", "10.0.0.3"}));
}

}  // namespace
}  // namespace meshsim::controller
