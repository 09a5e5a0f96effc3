#include "fakes/k8s/replicaset_controller.h"

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

#include "fakes/k8s/fake_kube_api.h"
#include "fakes/k8s/kube_util.h"
#include "tests/support/manual_dispatcher.h"
#include "tests/support/recording_tracer.h"
#include "tests/support/test_random.h"

namespace meshsim::fakes {
namespace {

using namespace std::chrono_literals;
using Counts = ReplicaSetController::PodCounts;
constexpr char kNs[] = "ns";

// A ReplicaSet controller alone (no scheduler or kubelets): the test plays the kubelet by
// writing the pods' phase and conditions itself.
class ReplicaSetControllerTest : public ::testing::Test {
 protected:
  kube::ReplicaSet MakeReplicaSet(int32_t replicas, int32_t min_ready_seconds = 0) {
    kube::ReplicaSet rs;
    rs.metadata.name = "web-abc";
    rs.metadata.namespace_name = kNs;
    rs.spec.replicas = replicas;
    rs.spec.min_ready_seconds = min_ready_seconds;
    rs.spec.selector.match_labels = {{"app", "web"}};
    rs.spec.template_.metadata.labels = {{"app", "web"}};
    auto created = api_.ReplicaSets().Create(rs);
    EXPECT_TRUE(created.ok());
    return *created;
  }
  std::vector<std::string> PodNames(const std::string& uid) {
    std::vector<std::string> names;
    api_.Pods().ForEachControlledBy(kNs, uid,
                                    [&](const kube::Pod& p) { names.push_back(p.metadata.name); });
    return names;
  }
  // What a walk over the owner's pods counts: the numbers the counts must always equal.
  Counts Walked(const std::string& uid) {
    Counts c;
    api_.Pods().ForEachControlledBy(kNs, uid, [&](const kube::Pod& p) {
      if (!IsPodActive(p)) return;
      ++c.active;
      c.ready += IsPodReady(p);
    });
    return c;
  }
  void SetPod(const std::string& name, kube::PodPhase phase, kube::ConditionStatus ready) {
    auto r = api_.Pods().Mutate(kNs, name, "Test", [&](kube::Pod& p) {
      p.status.phase = phase;
      SetPodCondition(p.status, kube::kPodReady, ready, dispatcher_.WallNow(), "");
    });
    ASSERT_TRUE(r.ok());
  }
  kube::ReplicaSetStatus StatusOf(const kube::ReplicaSet& rs) {
    return api_.ReplicaSets().Find(kNs, rs.metadata.name)->status;
  }

  testing::ManualDispatcher dispatcher_;
  testing::TestRandom random_{3};
  testing::RecordingTracer tracer_;
  FakeKubeApi api_{dispatcher_, random_, tracer_, KubeOptions{}};
};

TEST_F(ReplicaSetControllerTest, CountsFollowEveryPodWriteAndMatchAWalk) {
  // A pod that exists before the controller starts is counted too.
  kube::Pod early;
  early.metadata.name = "early";
  early.metadata.namespace_name = kNs;
  early.metadata.owner_references = {{"apps/v1", "ReplicaSet", "x", "uid-x", true}};
  ASSERT_TRUE(api_.Pods().Create(early).ok());
  ReplicaSetController rsc(api_);
  EXPECT_EQ(rsc.CountsOf("uid-x"), (Counts{1, 0}));

  kube::ReplicaSet rs = MakeReplicaSet(3);
  dispatcher_.RunFor(10s);
  std::vector<std::string> pods = PodNames(rs.metadata.uid);
  ASSERT_EQ(pods.size(), 3u);
  const std::string& uid = rs.metadata.uid;
  EXPECT_EQ(rsc.CountsOf(uid), (Counts{3, 0}));

  SetPod(pods[0], kube::PodPhase::kRunning, kube::ConditionStatus::kTrue);
  SetPod(pods[1], kube::PodPhase::kRunning, kube::ConditionStatus::kTrue);
  EXPECT_EQ(rsc.CountsOf(uid), (Counts{3, 2}));
  EXPECT_EQ(rsc.CountsOf(uid), Walked(uid));
  SetPod(pods[1], kube::PodPhase::kRunning, kube::ConditionStatus::kFalse);
  EXPECT_EQ(rsc.CountsOf(uid), (Counts{3, 1}));
  // A failed pod is no longer active, ready or not.
  SetPod(pods[0], kube::PodPhase::kFailed, kube::ConditionStatus::kTrue);
  EXPECT_EQ(rsc.CountsOf(uid), (Counts{2, 0}));
  EXPECT_EQ(rsc.CountsOf(uid), Walked(uid));
  // Removal (unscheduled pods go at once) takes the pod's share away.
  ASSERT_TRUE(api_.Pods().Delete(kNs, pods[2], std::nullopt).ok());
  EXPECT_EQ(rsc.CountsOf(uid), (Counts{1, 0}));
  EXPECT_EQ(rsc.CountsOf(uid), Walked(uid));
  ASSERT_TRUE(api_.Pods().Delete(kNs, "early", std::nullopt).ok());
  EXPECT_EQ(rsc.CountsOf("uid-x"), (Counts{0, 0}));
}

TEST_F(ReplicaSetControllerTest, StatusFromCountsIsTheWalksStatus) {
  ReplicaSetController rsc(api_);
  kube::ReplicaSet rs = MakeReplicaSet(3);
  dispatcher_.RunFor(10s);
  std::vector<std::string> pods = PodNames(rs.metadata.uid);
  ASSERT_EQ(pods.size(), 3u);
  EXPECT_EQ(StatusOf(rs), (kube::ReplicaSetStatus{3, 0, 0}));
  SetPod(pods[0], kube::PodPhase::kRunning, kube::ConditionStatus::kTrue);
  SetPod(pods[2], kube::PodPhase::kRunning, kube::ConditionStatus::kTrue);
  dispatcher_.RunFor(10s);
  EXPECT_EQ(StatusOf(rs), (kube::ReplicaSetStatus{3, 2, 2}));
  // A failed pod is replaced; the status counts the replacement, not the failed pod.
  SetPod(pods[0], kube::PodPhase::kFailed, kube::ConditionStatus::kFalse);
  dispatcher_.RunFor(10s);
  EXPECT_EQ(PodNames(rs.metadata.uid).size(), 4u);
  EXPECT_EQ(StatusOf(rs), (kube::ReplicaSetStatus{3, 1, 1}));
  // Scaling down deletes the surplus (the walk's path) and the status follows.
  ASSERT_TRUE(api_.ReplicaSets()
                  .Mutate(kNs, rs.metadata.name, "Scale",
                          [](kube::ReplicaSet& r) { r.spec.replicas = 1; })
                  .ok());
  dispatcher_.RunFor(10s);
  EXPECT_EQ(rsc.CountsOf(rs.metadata.uid), (Counts{1, 1}));
  EXPECT_EQ(StatusOf(rs), (kube::ReplicaSetStatus{1, 1, 1}));
}

TEST_F(ReplicaSetControllerTest, MinReadySecondsStillDelaysAvailability) {
  ReplicaSetController rsc(api_);
  kube::ReplicaSet rs = MakeReplicaSet(1, /*min_ready_seconds=*/30);
  dispatcher_.RunFor(10s);
  std::vector<std::string> pods = PodNames(rs.metadata.uid);
  ASSERT_EQ(pods.size(), 1u);
  SetPod(pods[0], kube::PodPhase::kRunning, kube::ConditionStatus::kTrue);
  dispatcher_.RunFor(10s);
  EXPECT_EQ(StatusOf(rs), (kube::ReplicaSetStatus{1, 1, 0}));
  dispatcher_.RunFor(30s);
  EXPECT_EQ(StatusOf(rs), (kube::ReplicaSetStatus{1, 1, 1}));
}

}  // namespace
}  // namespace meshsim::fakes
