#include "sim/world/pod_query.h"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include "fakes/k8s/fake_kube_api.h"
#include "fakes/k8s/kube_util.h"
#include "tests/support/manual_dispatcher.h"
#include "tests/support/recording_tracer.h"
#include "tests/support/test_random.h"

namespace meshsim::world {
namespace {

constexpr char kNs[] = "ns";

class PodQueryTest : public ::testing::Test {
 protected:
  // A ReplicaSet named <deployment>-<hash> owned by `deployment`, as the Deployment
  // controller names them.
  kube::ReplicaSet AddReplicaSet(const std::string& deployment, const std::string& hash) {
    kube::ReplicaSet rs;
    rs.metadata.name = deployment + "-" + hash;
    rs.metadata.namespace_name = kNs;
    rs.metadata.owner_references = {{"apps/v1", "Deployment", deployment, "d-" + deployment,
                                     true}};
    auto created = api_.ReplicaSets().Create(rs);
    EXPECT_TRUE(created.ok());
    return *created;
  }
  // A pod <rs>-<suffix> controlled by `rs`, as the ReplicaSet controller names them.
  void AddPod(const kube::ReplicaSet& rs, const std::string& suffix, const std::string& ip) {
    kube::Pod pod;
    pod.metadata.name = rs.metadata.name + "-" + suffix;
    pod.metadata.namespace_name = kNs;
    pod.metadata.owner_references = {
        {"apps/v1", "ReplicaSet", rs.metadata.name, rs.metadata.uid, true}};
    pod.status.phase = kube::PodPhase::kRunning;
    pod.status.pod_ip = ip;
    fakes::SetPodCondition(pod.status, kube::kPodReady, kube::ConditionStatus::kTrue, {}, "");
    ASSERT_TRUE(api_.Pods().Create(pod).ok());
  }
  std::vector<std::string> Visited(const scenario::PodSelectorRef& ref) {
    std::vector<std::string> names;
    query_.ForEachPod(ref, [&](const kube::Pod& p) { names.push_back(p.metadata.name); });
    return names;
  }
  void SetReady(const std::string& pod, kube::ConditionStatus ready) {
    ASSERT_TRUE(api_.Pods()
                    .Mutate(kNs, pod, "Test",
                            [&](kube::Pod& p) {
                              fakes::SetPodCondition(p.status, kube::kPodReady, ready, {}, "");
                            })
                    .ok());
  }

  testing::ManualDispatcher dispatcher_;
  testing::TestRandom random_{5};
  testing::RecordingTracer tracer_;
  fakes::FakeKubeApi api_{dispatcher_, random_, tracer_, fakes::KubeOptions{}};
  PodQuery query_{api_, kNs};
};

TEST_F(PodQueryTest, ADeploymentsPodsAreVisitedByNameAcrossItsReplicaSetsAsAScanWould) {
  // Deployment "web" has three ReplicaSets; "web-1-" prefixes the names of "web-1-x"'s pods
  // (so they come up twice, once out of order) and "web-1" those of Deployment "web-1x"'s
  // ReplicaSet, whose pods sort between web's and must not be picked.
  kube::ReplicaSet old_rs = AddReplicaSet("web", "1");
  kube::ReplicaSet new_rs = AddReplicaSet("web", "2");
  kube::ReplicaSet nested = AddReplicaSet("web", "1-x");
  kube::ReplicaSet other = AddReplicaSet("web-1x", "9");
  AddPod(new_rs, "aaaaa", "10.0.0.1");
  AddPod(old_rs, "zzzzz", "10.0.0.2");
  AddPod(other, "bbbbb", "10.0.0.3");
  AddPod(old_rs, "ccccc", "10.0.0.4");
  AddPod(nested, "ddddd", "10.0.0.5");
  scenario::PodSelectorRef web{.deployment = "web"};
  std::vector<std::string> want = {"web-1-ccccc", "web-1-x-ddddd", "web-1-zzzzz", "web-2-aaaaa"};
  EXPECT_EQ(Visited(web), want);
  // The same pods as the per-pod test over the whole namespace (a selector for every pod,
  // filtered the scan's way).
  std::vector<std::string> scanned;
  api_.Pods().ForEach(kNs, [&](const kube::Pod& p) {
    const kube::ReplicaSet* rs =
        api_.ReplicaSets().Find(kNs, p.metadata.owner_references.front().name);
    if (rs != nullptr && rs->metadata.owner_references.front().name == "web") {
      scanned.push_back(p.metadata.name);
    }
  });
  EXPECT_EQ(scanned, want);
  EXPECT_EQ(Visited({.deployment = "web-1x"}), (std::vector<std::string>{"web-1x-9-bbbbb"}));
  EXPECT_TRUE(Visited({.deployment = "we"}).empty());
  EXPECT_EQ(query_.ReadyPodIps(web),
            (std::set<std::string>{"10.0.0.1", "10.0.0.2", "10.0.0.4", "10.0.0.5"}));
}

TEST_F(PodQueryTest, ReadyVersionMovesOnlyWhenAReadyAnswerCanChange) {
  kube::ReplicaSet rs = AddReplicaSet("web", "1");
  uint64_t v = query_.ReadyVersion();
  AddPod(rs, "aaaaa", "10.0.0.1");  // created ready
  EXPECT_NE(query_.ReadyVersion(), v);
  v = query_.ReadyVersion();
  // A write that leaves the pod ready with the same IP, labels and owners: no move.
  ASSERT_TRUE(api_.Pods()
                  .Mutate(kNs, "web-1-aaaaa", "Test",
                          [](kube::Pod& p) { p.metadata.annotations["a"] = "b"; })
                  .ok());
  EXPECT_EQ(query_.ReadyVersion(), v);
  SetReady("web-1-aaaaa", kube::ConditionStatus::kFalse);
  EXPECT_NE(query_.ReadyVersion(), v);
  v = query_.ReadyVersion();
  // Writes to a pod that stays unready change no answer.
  ASSERT_TRUE(api_.Pods()
                  .Mutate(kNs, "web-1-aaaaa", "Test",
                          [](kube::Pod& p) { p.status.pod_ip = "10.0.0.9"; })
                  .ok());
  EXPECT_EQ(query_.ReadyVersion(), v);
  SetReady("web-1-aaaaa", kube::ConditionStatus::kTrue);
  EXPECT_NE(query_.ReadyVersion(), v);
  v = query_.ReadyVersion();
  // A ready pod's labels (selectors) matter.
  ASSERT_TRUE(api_.Pods()
                  .Mutate(kNs, "web-1-aaaaa", "Test",
                          [](kube::Pod& p) { p.metadata.labels["app"] = "web"; })
                  .ok());
  EXPECT_NE(query_.ReadyVersion(), v);
  v = query_.ReadyVersion();
  // A ReplicaSet's status does not; its existence does.
  ASSERT_TRUE(api_.ReplicaSets()
                  .Mutate(kNs, "web-1", "UpdateStatus",
                          [](kube::ReplicaSet& r) { r.status.ready_replicas = 1; })
                  .ok());
  EXPECT_EQ(query_.ReadyVersion(), v);
  ASSERT_TRUE(api_.ReplicaSets().Delete(kNs, "web-1", std::nullopt).ok());
  EXPECT_NE(query_.ReadyVersion(), v);
  EXPECT_TRUE(query_.ReadyPodIps({.deployment = "web"}).empty());
}

}  // namespace
}  // namespace meshsim::world
