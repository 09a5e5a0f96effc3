#include "fakes/k8s/kube_cluster.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <regex>
#include <set>
#include <sstream>

#include "fakes/k8s/kube_util.h"
#include "fakes/k8s/pod_template_hash.h"
#include "tests/support/manual_dispatcher.h"
#include "tests/support/recording_tracer.h"
#include "tests/support/test_random.h"

namespace meshsim::fakes {
namespace {

using namespace std::chrono_literals;
constexpr char kNs[] = "howto-k8s-cloudmap";

// The walkthrough's colorapp-blue Deployment (controller spec E.2 item 11).
constexpr char kColorImage[] =
    "123456789012.dkr.ecr.us-west-2.amazonaws.com/howto-k8s-cloudmap/colorapp";

kube::Deployment ColorDeployment(int32_t replicas, const std::string& image = kColorImage) {
  kube::Deployment d;
  d.metadata.name = "colorapp-blue";
  d.metadata.namespace_name = kNs;
  d.spec.replicas = replicas;
  d.spec.selector.match_labels = {{"app", "colorapp"}, {"version", "blue"}};
  d.spec.template_.metadata.labels = d.spec.selector.match_labels;
  d.spec.template_.spec.containers = {kube::Container{
      "colorapp", image, {{"", 8080, "TCP"}}, {{"SERVER_PORT", "8080"}, {"COLOR", "blue"}}}};
  return d;
}

class KubeClusterTest : public ::testing::Test {
 protected:
  explicit KubeClusterTest(uint64_t seed = 42, KubeOptions options = {})
      : random_(seed), cluster_(dispatcher_, random_, tracer_, std::move(options)) {}

  void SetUpMesh(bool injection) {
    kube::Namespace ns;
    ns.metadata.name = kNs;
    if (injection) ns.metadata.labels[kSidecarInjectorLabel] = "enabled";
    ns.metadata.labels["mesh"] = "m";
    ASSERT_TRUE(cluster_.Apply(ns).ok());
    // The App Mesh webhook admits a VirtualNode only into a namespace some Mesh selects.
    appmesh::Mesh mesh;
    mesh.metadata.name = "m";
    mesh.spec.namespace_selector = kube::LabelSelector{.match_labels = {{"mesh", "m"}}};
    ASSERT_TRUE(cluster_.Apply(mesh).ok());
    appmesh::VirtualNode vn;
    vn.metadata.name = "colorapp-blue";
    vn.metadata.namespace_name = kNs;
    vn.spec.pod_selector = kube::LabelSelector{
        .match_labels = {{"app", "colorapp"}, {"version", "blue"}}, .match_expressions = {}};
    ASSERT_TRUE(cluster_.Apply(vn).ok());
  }
  std::vector<kube::Pod> Pods() { return cluster_.api().Pods().Items(kNs); }
  int ReadyPods() {
    int n = 0;
    for (const auto& p : Pods()) n += IsPodReady(p);
    return n;
  }
  kube::Pod CreateBarePod(const std::string& name) {
    kube::Pod pod;
    pod.metadata.name = name;
    pod.metadata.namespace_name = kNs;
    pod.metadata.labels = {{"app", "colorapp"}, {"version", "blue"}};
    pod.spec.containers = {kube::Container{"app", "colorapp:v1", {}, {}}};
    auto created = cluster_.api().Pods().Create(pod);
    EXPECT_TRUE(created.ok());
    return *created;
  }

  // One node, the mesh namespace (with or without sidecar injection) and one bare pod, run
  // until the pod is Running and Ready (15 s covers scheduling, image pull and probes).
  void RunOneBarePod(const std::string& name, bool injection) {
    cluster_.AddNode("us-west-2a");
    SetUpMesh(injection);
    CreateBarePod(name);
    dispatcher_.RunFor(15s);
  }

  testing::ManualDispatcher dispatcher_;
  testing::TestRandom random_;
  testing::RecordingTracer tracer_;
  KubeCluster cluster_;
};

TEST_F(KubeClusterTest, DeploymentCreatesReplicaSetAndPodsWithKubernetesNames) {
  ASSERT_TRUE(cluster_.AddNode("us-west-2a").ok());
  SetUpMesh(false);
  ASSERT_TRUE(cluster_.Apply(ColorDeployment(2)).ok());
  dispatcher_.RunFor(15s);
  auto sets = cluster_.api().ReplicaSets().Items(kNs);
  ASSERT_EQ(sets.size(), 1u);
  const std::string hash = sets[0].metadata.labels.at(kPodTemplateHashLabel);
  EXPECT_EQ(sets[0].metadata.name, "colorapp-blue-" + hash);
  EXPECT_EQ(hash, ComputePodTemplateHash(ColorDeployment(2).spec.template_, 0));
  std::regex pod_name(
      "^colorapp-blue-[bcdfghjklmnpqrstvwxz2456789]{10}-"
      "[bcdfghjklmnpqrstvwxz2456789]{5}$");
  auto pods = Pods();
  ASSERT_EQ(pods.size(), 2u);
  for (const auto& pod : pods) {
    EXPECT_TRUE(std::regex_match(pod.metadata.name, pod_name)) << pod.metadata.name;
    EXPECT_EQ(pod.metadata.labels.at(kPodTemplateHashLabel), hash);
    EXPECT_TRUE(IsControlledBy(pod.metadata, sets[0].metadata.uid));
    EXPECT_TRUE(IsPodReady(pod));
  }
  auto d = cluster_.api().Deployments().Get(kNs, "colorapp-blue");
  EXPECT_EQ(d->status.ready_replicas, 2);
  EXPECT_EQ(d->status.available_replicas, 2);
  EXPECT_EQ(d->status.updated_replicas, 2);
  EXPECT_EQ(d->status.observed_generation, d->metadata.generation);
  ASSERT_TRUE(cluster_.Apply(ColorDeployment(2)).ok());  // same template: same ReplicaSet
  dispatcher_.RunFor(5s);
  EXPECT_EQ(cluster_.api().ReplicaSets().Items(kNs).size(), 1u);
  EXPECT_EQ(Pods().size(), 2u);
}

TEST_F(KubeClusterTest, ScalesUpAndDown) {
  cluster_.AddNode("us-west-2a");
  SetUpMesh(false);
  cluster_.Apply(ColorDeployment(1));
  dispatcher_.RunFor(15s);
  EXPECT_EQ(ReadyPods(), 1);
  ASSERT_TRUE(cluster_.ScaleDeployment(kNs, "colorapp-blue", 4).ok());
  dispatcher_.RunFor(15s);
  EXPECT_EQ(Pods().size(), 4u);
  EXPECT_EQ(ReadyPods(), 4);
  ASSERT_TRUE(cluster_.ScaleDeployment(kNs, "colorapp-blue", 2).ok());
  dispatcher_.RunFor(5s);
  EXPECT_EQ(Pods().size(), 2u);
  EXPECT_EQ(cluster_.api().Deployments().Get(kNs, "colorapp-blue")->status.replicas, 2);
  EXPECT_EQ(cluster_.ScaleDeployment(kNs, "nope", 1).code(), StatusCode::kNotFound);
}

TEST_F(KubeClusterTest, RollingUpdateKeepsCapacityAndSwitchesReplicaSets) {
  cluster_.AddNode("us-west-2a");
  cluster_.AddNode("us-west-2b");
  SetUpMesh(false);
  cluster_.Apply(ColorDeployment(3));
  dispatcher_.RunFor(20s);
  ASSERT_EQ(ReadyPods(), 3);
  std::string old_hash = ComputePodTemplateHash(ColorDeployment(3).spec.template_, 0);
  kube::Deployment v2 = ColorDeployment(3, std::string(kColorImage) + ":v2");
  ASSERT_TRUE(cluster_.Apply(v2).ok());
  std::string new_hash = ComputePodTemplateHash(v2.spec.template_, 0);
  EXPECT_NE(old_hash, new_hash);
  for (int i = 0; i < 600; ++i) {  // maxUnavailable 25% of 3 rounds down to 0
    dispatcher_.RunFor(100ms);
    ASSERT_GE(ReadyPods(), 3) << "at step " << i;
    ASSERT_LE(Pods().size(), 5u);
  }
  auto sets = cluster_.api().ReplicaSets().Items(kNs);
  ASSERT_EQ(sets.size(), 2u);
  for (const auto& rs : sets) {
    bool is_new = rs.metadata.name == "colorapp-blue-" + new_hash;
    EXPECT_TRUE(is_new || rs.metadata.name == "colorapp-blue-" + old_hash);
    EXPECT_EQ(rs.spec.replicas, is_new ? 3 : 0);
  }
  for (const auto& pod : Pods()) {
    EXPECT_EQ(pod.metadata.labels.at(kPodTemplateHashLabel), new_hash);
  }
  EXPECT_EQ(cluster_.api().Deployments().Get(kNs, "colorapp-blue")->status.updated_replicas, 3);
}

TEST_F(KubeClusterTest, RecreateStopsOldPodsBeforeStartingNewOnes) {
  cluster_.AddNode("us-west-2a");
  SetUpMesh(false);
  kube::Deployment v1 = ColorDeployment(2);
  v1.spec.strategy.type = "Recreate";
  cluster_.Apply(v1);
  dispatcher_.RunFor(15s);
  ASSERT_EQ(ReadyPods(), 2);
  kube::Deployment v2 = ColorDeployment(2, std::string(kColorImage) + ":v2");
  v2.spec.strategy.type = "Recreate";
  cluster_.Apply(v2);
  std::string new_hash = ComputePodTemplateHash(v2.spec.template_, 0);
  for (int i = 0; i < 300; ++i) {
    dispatcher_.RunFor(100ms);
    std::set<std::string> hashes;
    for (const auto& pod : Pods()) hashes.insert(pod.metadata.labels.at(kPodTemplateHashLabel));
    ASSERT_LE(hashes.size(), 1u) << "old and new pods coexist at step " << i;
  }
  EXPECT_EQ(ReadyPods(), 2);
  for (const auto& pod : Pods()) EXPECT_EQ(pod.metadata.labels.at(kPodTemplateHashLabel), new_hash);
}

TEST_F(KubeClusterTest, PodMovesThroughPhasesAndConditions) {
  KubeOptions o;
  o.watch_delay = Distribution::Fixed(10ms);
  o.scheduling_delay = Distribution::Fixed(50ms);
  o.container_start = Distribution::Fixed(3s);
  o.container_ready = Distribution::Fixed(1s);
  testing::ManualDispatcher d;
  testing::TestRandom r(1);
  testing::RecordingTracer t;
  KubeCluster c(d, r, t, o);
  auto node = c.AddNode("us-west-2a");
  kube::Pod pod;
  pod.metadata.name = "p";
  pod.metadata.namespace_name = "default";
  pod.spec.containers = {kube::Container{"app", "img", {}, {}}};
  c.api().Pods().Create(pod);
  auto get = [&] { return *c.api().Pods().Get("default", "p"); };
  EXPECT_TRUE(get().spec.node_name.empty());
  d.RunFor(65ms);  // seen at 10 ms, bound at 60 ms
  EXPECT_EQ(get().spec.node_name, node->metadata.name);
  EXPECT_TRUE(get().status.IsConditionTrue(kube::kPodScheduled));
  d.RunFor(2900ms);  // kubelet saw it at 70 ms
  EXPECT_EQ(get().status.phase, kube::PodPhase::kPending);
  EXPECT_EQ(get().status.host_ip, node->addresses[0].address);
  EXPECT_FALSE(get().status.IsConditionTrue(kube::kPodReady));
  d.RunFor(110ms);  // containers started at 3.07 s
  EXPECT_EQ(get().status.phase, kube::PodPhase::kRunning);
  EXPECT_FALSE(get().status.pod_ip.empty());
  EXPECT_TRUE(get().status.IsConditionTrue(kube::kPodInitialized));
  EXPECT_FALSE(get().status.IsConditionTrue(kube::kContainersReady));
  EXPECT_TRUE(get().status.container_statuses[0].started);
  d.RunFor(1s);
  EXPECT_TRUE(get().status.IsConditionTrue(kube::kContainersReady));
  EXPECT_TRUE(get().status.IsConditionTrue(kube::kPodReady));
  EXPECT_EQ(t.Count("k8s", "PodScheduled"), 1);
  EXPECT_EQ(t.Count("k8s", "PodRunning"), 1);
  EXPECT_EQ(t.Count("k8s", "ContainersReady"), 1);
  EXPECT_EQ(t.Count("k8s", "PodReady"), 1);
}

TEST_F(KubeClusterTest, ReadinessGatesHoldReadyUntilTrue) {
  cluster_.AddNode("us-west-2a");
  kube::Pod pod;
  pod.metadata.name = "gated";
  pod.metadata.namespace_name = kNs;
  pod.spec.containers = {kube::Container{"app", "img", {}, {}}};
  pod.spec.readiness_gates = {"conditions.appmesh.k8s.aws/aws-cloudmap-healthy"};
  cluster_.api().Pods().Create(pod);
  dispatcher_.RunFor(15s);
  auto p = *cluster_.api().Pods().Get(kNs, "gated");
  EXPECT_TRUE(p.status.IsConditionTrue(kube::kContainersReady));
  EXPECT_FALSE(p.status.IsConditionTrue(kube::kPodReady));
  SetPodCondition(p.status, pod.spec.readiness_gates[0], kube::ConditionStatus::kTrue,
                  dispatcher_.WallNow());
  ASSERT_TRUE(cluster_.api().Pods().UpdateStatus(p).ok());
  dispatcher_.RunFor(1s);
  EXPECT_TRUE(cluster_.api().Pods().Get(kNs, "gated")->status.IsConditionTrue(kube::kPodReady));
}

TEST_F(KubeClusterTest, PodIpsComeFromTheNodesSubnetAndAreUnique) {
  auto a = cluster_.AddNode("us-west-2a");
  auto b = cluster_.AddNode("us-west-2b");
  SetUpMesh(false);
  cluster_.Apply(ColorDeployment(8));
  dispatcher_.RunFor(20s);
  std::set<std::string> ips;
  std::map<std::string, int> per_node;
  for (const auto& pod : Pods()) {
    unsigned o1, o2, o3, o4;
    ASSERT_EQ(std::sscanf(pod.status.pod_ip.c_str(), "%u.%u.%u.%u", &o1, &o2, &o3, &o4), 4);
    bool on_a = pod.spec.node_name == a->metadata.name;
    EXPECT_EQ(o1 * 1000 + o2, 192168u);
    EXPECT_EQ(o3 / 32, on_a ? 0u : 1u) << pod.status.pod_ip << " on " << pod.spec.node_name;
    EXPECT_TRUE(ips.insert(pod.status.pod_ip).second);
    ++per_node[pod.spec.node_name];
  }
  EXPECT_EQ(ips.size(), 8u);
  EXPECT_EQ(per_node[a->metadata.name], 4);  // least-pods-first spreads evenly
  EXPECT_EQ(per_node[b->metadata.name], 4);
}

TEST_F(KubeClusterTest, InjectedPodShowsTwoOfTwoReady) {
  cluster_.AddNode("us-west-2a");
  SetUpMesh(true);
  cluster_.Apply(ColorDeployment(1));
  dispatcher_.RunFor(20s);
  auto pods = Pods();
  ASSERT_EQ(pods.size(), 1u);
  ASSERT_EQ(pods[0].status.container_statuses.size(), 2u);
  for (const auto& cs : pods[0].status.container_statuses) EXPECT_TRUE(cs.ready) << cs.name;
  EXPECT_TRUE(IsPodReady(pods[0]));
}

// Deletes pod `name` and returns how long it took to disappear (stepping 100 ms).
Duration TimeToDisappear(KubeCluster& c, testing::ManualDispatcher& d, const std::string& name,
                         std::optional<Duration> grace, bool* not_ready_at_once) {
  EXPECT_TRUE(c.DeletePod(kNs, name, grace).ok());
  MonotonicTime start = d.Now();
  d.RunFor(200ms);
  *not_ready_at_once =
      !c.api().Pods().Get(kNs, name).ok() || !IsPodReady(*c.api().Pods().Get(kNs, name));
  while (c.api().Pods().Get(kNs, name).ok() && d.Now() - start < 60s) d.RunFor(100ms);
  return d.Now() - start;
}

TEST_F(KubeClusterTest, GracefulDeletionWaitsForEnvoyPreStop) {
  RunOneBarePod("with-envoy", true);
  ASSERT_EQ(cluster_.api().Pods().Get(kNs, "with-envoy")->spec.containers.size(), 2u);
  bool not_ready = false;
  Duration took = TimeToDisappear(cluster_, dispatcher_, "with-envoy", std::nullopt, &not_ready);
  EXPECT_TRUE(not_ready);
  EXPECT_GE(took, 20s);
  EXPECT_LE(took, 21s);
  EXPECT_EQ(tracer_.Count("k8s", "PodTerminating"), 1);
  EXPECT_EQ(tracer_.Count("k8s", "PodDeleted"), 1);
}

TEST_F(KubeClusterTest, GracePeriodShorterThanPreStopWins) {
  RunOneBarePod("with-envoy", true);
  bool not_ready = false;
  Duration took = TimeToDisappear(cluster_, dispatcher_, "with-envoy", 5s, &not_ready);
  EXPECT_GE(took, 5s);  // never before the grace period ends while Envoy still runs
  EXPECT_LE(took, 5200ms);
}

TEST_F(KubeClusterTest, ASecondDeleteCanShortenTheGracePeriod) {
  RunOneBarePod("with-envoy", true);
  ASSERT_TRUE(cluster_.DeletePod(kNs, "with-envoy", std::nullopt).ok());
  dispatcher_.RunFor(3s);
  ASSERT_TRUE(cluster_.api().Pods().Get(kNs, "with-envoy").ok());
  bool not_ready = false;
  Duration took = TimeToDisappear(cluster_, dispatcher_, "with-envoy", 2s, &not_ready);
  EXPECT_GE(took, 2s);
  EXPECT_LE(took, 2200ms);
}

TEST_F(KubeClusterTest, PodWithoutEnvoyGoesAwayQuickly) {
  RunOneBarePod("plain", false);
  bool not_ready = false;
  Duration took = TimeToDisappear(cluster_, dispatcher_, "plain", std::nullopt, &not_ready);
  EXPECT_LE(took, 1s);
}

TEST_F(KubeClusterTest, DeletingTheDeploymentCollectsReplicaSetsAndPods) {
  cluster_.AddNode("us-west-2a");
  SetUpMesh(false);
  cluster_.Apply(ColorDeployment(2));
  dispatcher_.RunFor(15s);
  ASSERT_TRUE(cluster_.Delete(ObjectKind::kDeployment, kNs, "colorapp-blue").ok());
  dispatcher_.RunFor(5s);
  EXPECT_TRUE(cluster_.api().ReplicaSets().Items(kNs).empty());
  EXPECT_TRUE(Pods().empty());
}

std::string RunColorApp(uint64_t seed) {
  testing::ManualDispatcher d;
  testing::TestRandom r(seed);
  testing::RecordingTracer t;
  KubeCluster c(d, r, t, KubeOptions{});
  c.AddNode("us-west-2a");
  c.AddNode("us-west-2b");
  kube::Namespace ns;
  ns.metadata.name = kNs;
  c.Apply(ns);
  c.Apply(ColorDeployment(3));
  d.RunFor(20s);
  c.ScaleDeployment(kNs, "colorapp-blue", 1);
  d.RunFor(20s);
  std::ostringstream out;
  for (const auto& pod : c.api().Pods().Items(kNs)) {
    out << pod.metadata.name << " " << pod.status.pod_ip << "\n";
  }
  for (const auto& e : t.events()) {
    out << e.component() << "." << e.name();
    for (const auto& f : e.fields()) {
      out << " " << f.key << "=";
      std::visit([&](const auto& v) { out << v; }, f.value);
    }
    out << "\n";
  }
  return out.str();
}

TEST_F(KubeClusterTest, UpdateDeploymentRollsOutWithinMaxSurgeAndMaxUnavailable) {
  cluster_.AddNode("us-west-2a");
  cluster_.AddNode("us-west-2b");
  SetUpMesh(false);
  cluster_.Apply(ColorDeployment(3));
  dispatcher_.RunFor(20s);
  ASSERT_EQ(ReadyPods(), 3);
  ASSERT_TRUE(cluster_
                  .UpdateDeployment(kNs, "colorapp-blue",
                                    [](kube::Deployment& d) {
                                      d.spec.template_.spec.containers[0].image += ":v2";
                                      d.spec.strategy.rolling_update = {{1, false}, {0, false}};
                                    })
                  .ok());
  for (int i = 0; i < 600; ++i) {
    dispatcher_.RunFor(100ms);
    int active = 0;
    for (const auto& pod : Pods()) active += IsPodActive(pod);
    ASSERT_GE(ReadyPods(), 3) << "maxUnavailable 0 broken at step " << i;
    ASSERT_LE(active, 4) << "maxSurge 1 broken at step " << i;
  }
  kube::Deployment v2 = ColorDeployment(3, std::string(kColorImage) + ":v2");
  std::string new_hash = ComputePodTemplateHash(v2.spec.template_, 0);
  ASSERT_EQ(Pods().size(), 3u);
  for (const auto& pod : Pods()) {
    EXPECT_EQ(pod.metadata.labels.at(kPodTemplateHashLabel), new_hash);
  }
}

TEST_F(KubeClusterTest, FailingReadinessProbesFlipReadyAndBack) {
  RunOneBarePod("p", false);
  ASSERT_TRUE(IsPodReady(*cluster_.api().Pods().Find(kNs, "p")));
  ASSERT_TRUE(cluster_.SetReadinessFailing(kNs, "p", true).ok());
  const kube::Pod* pod = cluster_.api().Pods().Find(kNs, "p");
  EXPECT_FALSE(IsPodReady(*pod));
  EXPECT_FALSE(pod->status.IsConditionTrue(kube::kContainersReady));
  EXPECT_EQ(tracer_.Count("k8s", "PodNotReady"), 1);
  ASSERT_TRUE(cluster_.SetReadinessFailing(kNs, "p", false).ok());
  EXPECT_TRUE(IsPodReady(*cluster_.api().Pods().Find(kNs, "p")));
  EXPECT_EQ(cluster_.SetReadinessFailing(kNs, "nope", true).code(), StatusCode::kNotFound);
}

TEST_F(KubeClusterTest, FailedNodeTurnsNotReadyThenEvictsAfterToleration) {
  cluster_.AddNode("us-west-2a");
  cluster_.AddNode("us-west-2b");
  SetUpMesh(false);
  cluster_.Apply(ColorDeployment(2));
  dispatcher_.RunFor(20s);
  ASSERT_EQ(ReadyPods(), 2);
  kube::Pod victim = Pods()[0];
  const std::string node = victim.spec.node_name;
  ASSERT_TRUE(cluster_.FailNode(node, 40s, 30s).ok());
  dispatcher_.RunFor(39s);
  EXPECT_TRUE(cluster_.api().Nodes().Find("", node)->ready);
  EXPECT_TRUE(IsPodReady(*cluster_.api().Pods().Find(kNs, victim.metadata.name)));
  dispatcher_.RunFor(2s);
  EXPECT_FALSE(cluster_.api().Nodes().Find("", node)->ready);
  const kube::Pod* marked = cluster_.api().Pods().Find(kNs, victim.metadata.name);
  EXPECT_FALSE(IsPodReady(*marked));
  // The node controller leaves ContainersReady alone: only Ready turns False.
  EXPECT_TRUE(marked->status.IsConditionTrue(kube::kContainersReady));
  EXPECT_FALSE(marked->metadata.deletion_timestamp.has_value());
  dispatcher_.RunFor(30s);
  EXPECT_TRUE(cluster_.api().Pods().Find(kNs, victim.metadata.name)->metadata.deletion_timestamp);
  dispatcher_.RunFor(30s);
  // Stuck Terminating (no kubelet) while the replacement runs on the live node.
  EXPECT_NE(cluster_.api().Pods().Find(kNs, victim.metadata.name), nullptr);
  EXPECT_EQ(ReadyPods(), 2);
  for (const auto& pod : Pods()) {
    if (!pod.metadata.deletion_timestamp) EXPECT_NE(pod.spec.node_name, node);
  }
  EXPECT_EQ(tracer_.Count("k8s", "PodEvicted"), 1);
  EXPECT_EQ(cluster_.FailNode(node, 1s, 1s).code(), StatusCode::kNotFound);
}

TEST_F(KubeClusterTest, DrainCordonsTheNodeAndMovesItsPods) {
  cluster_.AddNode("us-west-2a");
  cluster_.AddNode("us-west-2b");
  SetUpMesh(false);
  cluster_.Apply(ColorDeployment(2));
  dispatcher_.RunFor(20s);
  const std::string node = cluster_.node_names()[0];
  ASSERT_TRUE(cluster_.DrainNode(node, std::nullopt).ok());
  EXPECT_TRUE(cluster_.api().Nodes().Find("", node)->unschedulable);
  dispatcher_.RunFor(30s);
  EXPECT_EQ(ReadyPods(), 2);
  for (const auto& pod : Pods()) EXPECT_NE(pod.spec.node_name, node);
}

TEST(KubeClusterDeterminism, SameSeedSameNamesIpsAndTrace) {
  std::string a = RunColorApp(9);
  EXPECT_EQ(a, RunColorApp(9));
  EXPECT_NE(a, RunColorApp(10));
}

}  // namespace
}  // namespace meshsim::fakes
