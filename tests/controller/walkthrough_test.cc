// End-to-end reconcile tests on the real fakes: a KubeCluster (API server, Deployment and
// ReplicaSet controllers, scheduler, kubelets) and FakeCloudMap, with the howto-k8s-cloudmap
// objects of spec E.2 (without sidecar injection, so pods become ContainersReady on their own).
#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "controller/cloudmap_controller.h"
#include "fakes/cloudmap/fake_cloudmap.h"
#include "fakes/k8s/kube_cluster.h"
#include "tests/support/manual_dispatcher.h"
#include "tests/support/recording_tracer.h"
#include "tests/support/test_random.h"

namespace meshsim::controller {
namespace {

using std::chrono::minutes;
using std::chrono::seconds;

constexpr char kNs[] = "howto-k8s-cloudmap";
constexpr char kCloudMapNs[] = "howto-k8s-cloudmap.pvt.aws.local";

kube::Deployment MakeDeployment(const std::string& name, kube::Labels labels, int replicas) {
  kube::Deployment d;
  d.metadata.name = name;
  d.metadata.namespace_name = kNs;
  d.spec.replicas = replicas;
  d.spec.selector.match_labels = labels;
  d.spec.template_.metadata.labels = labels;
  d.spec.template_.spec.containers = {
      kube::Container{"app", "colorapp:v1", {{"", 8080, "TCP"}}, {}}};
  return d;
}

appmesh::VirtualNode MakeVn(const std::string& name, kube::Labels selector,
                            const std::string& service,
                            std::vector<appmesh::AwsCloudMapInstanceAttribute> attrs) {
  appmesh::VirtualNode vn;
  vn.metadata.name = name;
  vn.metadata.namespace_name = kNs;
  // No meshRef: the mesh membership webhook sets {name, uid} from the namespace's labels.
  vn.spec.pod_selector = kube::LabelSelector{.match_labels = std::move(selector)};
  vn.spec.listeners.push_back({.port_mapping = {8080, "http"}});
  appmesh::ServiceDiscovery sd;
  sd.aws_cloud_map = appmesh::AwsCloudMapServiceDiscovery{kCloudMapNs, service, std::move(attrs)};
  vn.spec.service_discovery = sd;
  return vn;
}

class Walkthrough : public ::testing::Test {
 protected:
  explicit Walkthrough(bool custom_health_check = false)
      : random_(11), cloudmap_random_(12),
        cluster_(d_, random_, tracer_, fakes::KubeOptions{}),
        cloudmap_(d_, cloudmap_random_, tracer_, fakes::CloudMapOptions{}),
        client_(cloudmap_.NewClient("controller")) {
    ns_id_ = cloudmap_.CreateNamespaceNow(kCloudMapNs, cloudmap::NamespaceType::kDnsPrivate,
                                          "vpc-1")->id;
    EXPECT_TRUE(cluster_.AddNode("us-west-2a").ok());
    EXPECT_TRUE(cluster_.AddNode("us-west-2b").ok());
    kube::Namespace ns;
    ns.metadata.name = kNs;
    ns.metadata.labels = {{"mesh", kNs}};
    EXPECT_TRUE(cluster_.Apply(ns).ok());
    appmesh::Mesh mesh;
    mesh.metadata.name = kNs;
    mesh.spec.namespace_selector = kube::LabelSelector{.match_labels = {{"mesh", kNs}}};
    EXPECT_TRUE(cluster_.Apply(mesh).ok());
    EXPECT_TRUE(cluster_.Apply(MakeVn("front", {{"app", "front"}}, "front", {})).ok());
    EXPECT_TRUE(cluster_.Apply(MakeVn("colorapp-blue", {{"app", "colorapp"}, {"version", "blue"}},
                                      "colorapp", {{"color", "blue"}})).ok());
    EXPECT_TRUE(cluster_.Apply(MakeVn("colorapp-red", {{"app", "colorapp"}, {"version", "red"}},
                                      "colorapp", {{"color", "red"}})).ok());
    EXPECT_TRUE(cluster_.Apply(MakeDeployment("front", {{"app", "front"}, {"version", "v1"}}, 1)).ok());
    EXPECT_TRUE(cluster_.Apply(MakeDeployment("colorapp-blue",
                                              {{"app", "colorapp"}, {"version", "blue"}}, 1)).ok());
    EXPECT_TRUE(cluster_.Apply(MakeDeployment("colorapp-red",
                                              {{"app", "colorapp"}, {"version", "red"}}, 1)).ok());
    ControllerOptions options;
    options.enable_custom_health_check = custom_health_check;
    controller_ = std::make_unique<CloudMapController>(d_, cluster_.api(), *client_, tracer_,
                                                       options);
    controller_->Start();
  }

  std::vector<cloudmap::Instance> Instances(const std::string& service) {
    Result<std::vector<cloudmap::Service>> services = cloudmap_.ListServicesNow(ns_id_);
    for (const auto& s : *services) {
      if (s.name != service) continue;
      Result<std::vector<cloudmap::Instance>> all = cloudmap_.ListInstancesNow(s.id);
      return *all;
    }
    return {};
  }
  std::vector<kube::Pod> Pods(const std::string& app_version) {
    std::vector<kube::Pod> out;
    for (const auto& p : cluster_.api().Pods().Items(kNs)) {
      if (p.metadata.name.rfind(app_version, 0) == 0) out.push_back(p);
    }
    return out;
  }
  std::set<std::string> Ips(const std::vector<kube::Pod>& pods) {
    std::set<std::string> ips;
    for (const auto& p : pods) {
      if (!p.status.pod_ip.empty() && !p.metadata.deletion_timestamp) ips.insert(p.status.pod_ip);
    }
    return ips;
  }
  std::set<std::string> InstanceIds(const std::string& service, const std::string& vn_aws = "") {
    std::set<std::string> ids;
    for (const auto& i : Instances(service)) {
      if (vn_aws.empty() || i.attributes.at("appmesh.k8s.aws/virtualNode") == vn_aws) {
        ids.insert(i.id);
      }
    }
    return ids;
  }
  std::vector<std::string> Discover(const std::string& service, cloudmap::Attributes query) {
    cloudmap::DiscoverInstancesRequest req{.namespace_name = kCloudMapNs, .service_name = service,
                                           .query_parameters = std::move(query)};
    Result<cloudmap::DiscoverInstancesResponse> r = cloudmap_.DiscoverInstancesNow(req);
    std::vector<std::string> ids;
    if (!r.ok()) return ids;
    for (const auto& i : r->instances) ids.push_back(i.instance_id);
    return ids;
  }

  meshsim::testing::ManualDispatcher d_;
  meshsim::testing::TestRandom random_;
  meshsim::testing::TestRandom cloudmap_random_;
  meshsim::testing::RecordingTracer tracer_;
  fakes::KubeCluster cluster_;
  fakes::FakeCloudMap cloudmap_;
  std::unique_ptr<CloudMapClient> client_;
  std::string ns_id_;
  std::unique_ptr<CloudMapController> controller_;  // last: dies first
};

TEST_F(Walkthrough, ReadyPodsAreRegisteredWithTheWalkthroughAttributes) {
  d_.RunFor(minutes(2));
  std::vector<kube::Pod> blue = Pods("colorapp-blue");
  ASSERT_EQ(blue.size(), 1u);
  std::vector<cloudmap::Instance> colorapp = Instances("colorapp");
  ASSERT_EQ(colorapp.size(), 2u);
  const cloudmap::Instance* b = nullptr;
  for (const auto& i : colorapp) {
    if (i.id == blue[0].status.pod_ip) b = &i;
  }
  ASSERT_NE(b, nullptr) << "instance id must be the pod IP";
  const cloudmap::Attributes& a = b->attributes;
  EXPECT_EQ(a.size(), 13u);
  EXPECT_EQ(a.at("app"), "colorapp");
  EXPECT_EQ(a.at("version"), "blue");
  EXPECT_EQ(a.at("pod-template-hash"), blue[0].metadata.labels.at("pod-template-hash"));
  EXPECT_EQ(a.at("color"), "blue");
  EXPECT_EQ(a.at("AWS_INSTANCE_IPV4"), blue[0].status.pod_ip);
  EXPECT_EQ(a.at("AWS_INSTANCE_PORT"), "8080");
  EXPECT_EQ(a.at("k8s.io/pod"), blue[0].metadata.name);
  EXPECT_EQ(a.at("k8s.io/namespace"), kNs);
  EXPECT_EQ(a.at("appmesh.k8s.aws/mesh"), kNs);
  EXPECT_EQ(a.at("appmesh.k8s.aws/virtualNode"), "colorapp-blue_howto-k8s-cloudmap");
  EXPECT_EQ(a.at("REGION"), "us-west-2");
  EXPECT_EQ(a.count("AVAILABILITY_ZONE"), 1u);
  EXPECT_EQ(a.at("AWS_INIT_HEALTH_STATUS"), "HEALTHY");
  EXPECT_EQ(Instances("front").size(), 1u);
}

TEST_F(Walkthrough, SharedColorappServiceIsFilteredByVersion) {
  d_.RunFor(minutes(2));
  Result<std::vector<cloudmap::Service>> services = cloudmap_.ListServicesNow(ns_id_);
  EXPECT_EQ(services->size(), 2u);  // colorapp and front
  std::vector<kube::Pod> blue = Pods("colorapp-blue");
  std::vector<kube::Pod> red = Pods("colorapp-red");
  ASSERT_EQ(blue.size(), 1u);
  ASSERT_EQ(red.size(), 1u);
  EXPECT_EQ(Discover("colorapp", {{"version", "blue"}}),
            (std::vector<std::string>{blue[0].status.pod_ip}));
  EXPECT_EQ(Discover("colorapp", {{"version", "red"}}),
            (std::vector<std::string>{red[0].status.pod_ip}));
}

TEST_F(Walkthrough, ScaleUpRegistersAndPodDeletionDeregisters) {
  d_.RunFor(minutes(2));
  ASSERT_TRUE(cluster_.ScaleDeployment(kNs, "colorapp-blue", 3).ok());
  d_.RunFor(minutes(2));
  EXPECT_EQ(InstanceIds("colorapp", "colorapp-blue_howto-k8s-cloudmap"),
            Ips(Pods("colorapp-blue")));
  EXPECT_EQ(InstanceIds("colorapp", "colorapp-blue_howto-k8s-cloudmap").size(), 3u);
  std::vector<kube::Pod> blue = Pods("colorapp-blue");
  std::string victim_ip = blue[0].status.pod_ip;
  ASSERT_TRUE(cluster_.DeletePod(kNs, blue[0].metadata.name, std::nullopt).ok());
  d_.RunFor(seconds(20));  // within the Envoy preStop window, long before the pod is gone
  EXPECT_EQ(InstanceIds("colorapp").count(victim_ip), 0u);
  d_.RunFor(minutes(2));  // the ReplicaSet replaced it; the new pod is registered
  EXPECT_EQ(InstanceIds("colorapp", "colorapp-blue_howto-k8s-cloudmap"),
            Ips(Pods("colorapp-blue")));
}

TEST_F(Walkthrough, DeletedVirtualNodeIsCleanedUpAndItsFinalizerRemoved) {
  d_.RunFor(minutes(2));
  auto vn = cluster_.api().VirtualNodes().Get(kNs, "colorapp-red");
  ASSERT_TRUE(vn.ok());
  ASSERT_TRUE(vn->spec.mesh_ref.has_value());  // set by the webhook, UID included
  EXPECT_EQ(vn->spec.mesh_ref->uid, cluster_.api().Meshes().Get("", kNs)->metadata.uid);
  EXPECT_EQ(vn->metadata.finalizers,
            (std::vector<std::string>{"finalizers.appmesh.k8s.aws/aws-cloudmap-resources"}));
  std::string red_ip = Pods("colorapp-red")[0].status.pod_ip;
  ASSERT_TRUE(cluster_.Delete(fakes::ObjectKind::kVirtualNode, kNs, "colorapp-red").ok());
  d_.RunFor(minutes(3));
  EXPECT_EQ(InstanceIds("colorapp").count(red_ip), 0u);
  EXPECT_EQ(InstanceIds("colorapp", "colorapp-blue_howto-k8s-cloudmap").size(), 1u);
  // If red created the shared service, its DeleteService fails ResourceInUse (blue's instance)
  // and red stays Terminating with its finalizer; otherwise it is gone.
  auto after = cluster_.api().VirtualNodes().Get(kNs, "colorapp-red");
  bool red_still_terminating = after.ok();
  if (red_still_terminating) {
    EXPECT_TRUE(after->metadata.deletion_timestamp.has_value());
  } else {
    EXPECT_GE(tracer_.Count("controller", "FinalizerRemoved"), 1);
  }
}

TEST_F(Walkthrough, DeletedFrontVirtualNodeDeletesItsOwnedService) {
  d_.RunFor(minutes(2));
  ASSERT_TRUE(cluster_.Delete(fakes::ObjectKind::kVirtualNode, kNs, "front").ok());
  d_.RunFor(minutes(2));
  EXPECT_FALSE(cluster_.api().VirtualNodes().Get(kNs, "front").ok());
  Result<std::vector<cloudmap::Service>> services = cloudmap_.ListServicesNow(ns_id_);
  ASSERT_EQ(services->size(), 1u);
  EXPECT_EQ((*services)[0].name, "colorapp");
}

class WalkthroughCustomHealth : public Walkthrough {
 protected:
  WalkthroughCustomHealth() : Walkthrough(true) {}
};

TEST_F(WalkthroughCustomHealth, ReadyInstancesAreReportedHealthy) {
  d_.RunFor(minutes(2));
  EXPECT_EQ(Instances("colorapp").size(), 2u);
  int healthy_updates = 0;
  for (const auto& e : tracer_.events()) {
    if (e.component() != "controller" || e.name() != "CloudMapCall") continue;
    for (const auto& f : e.fields()) {
      auto* s = std::get_if<std::string>(&f.value);
      healthy_updates += s && f.key == "op" && *s == "UpdateInstanceCustomHealthStatus";
    }
  }
  EXPECT_GE(healthy_updates, 3);  // front, blue, red at least once each
  Result<cloudmap::DiscoverInstancesResponse> r = cloudmap_.DiscoverInstancesNow(
      {.namespace_name = kCloudMapNs, .service_name = "colorapp"});
  ASSERT_TRUE(r.ok());
  for (const auto& i : r->instances) EXPECT_EQ(i.health_status, cloudmap::HealthStatus::kHealthy);
}

}  // namespace
}  // namespace meshsim::controller
