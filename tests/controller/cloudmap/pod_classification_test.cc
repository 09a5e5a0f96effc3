#include "controller/cloudmap/pod_classification.h"

#include <gtest/gtest.h>

#include "tests/controller/cloudmap/test_objects.h"

namespace meshsim::controller {
namespace {

using testing::CloudMapVn;
using testing::MakePod;
using testing::ReadyPod;

TEST(PodClassification, ContainersReadyPodIsReady) {
  EXPECT_EQ(ClassifyPod(ReadyPod("a", "10.0.0.1", {})), PodClass::kReady);
}

TEST(PodClassification, TerminatingPodIsIgnored) {
  kube::Pod p = ReadyPod("a", "10.0.0.1", {});
  p.metadata.deletion_timestamp = SystemTime{};
  EXPECT_EQ(ClassifyPod(p), PodClass::kIgnored);
}

TEST(PodClassification, PodWithoutIpIsIgnored) {
  EXPECT_EQ(ClassifyPod(ReadyPod("a", "", {})), PodClass::kIgnored);
}

TEST(PodClassification, PodReadyConditionDoesNotMatterOnlyContainersReady) {
  kube::Pod p = MakePod("a", "10.0.0.1", {}, false);
  p.status.conditions.push_back({kube::kPodReady, kube::ConditionStatus::kTrue});
  EXPECT_EQ(ClassifyPod(p), PodClass::kNotReady);
  kube::Pod q = ReadyPod("b", "10.0.0.2", {});
  q.status.conditions.push_back({kube::kPodReady, kube::ConditionStatus::kFalse});
  EXPECT_EQ(ClassifyPod(q), PodClass::kReady);
}

TEST(PodClassification, RestartPolicyAlwaysKeepsFailedPodNotReady) {
  kube::Pod p = MakePod("a", "10.0.0.1", {}, false);
  p.status.phase = kube::PodPhase::kFailed;
  EXPECT_EQ(ClassifyPod(p), PodClass::kNotReady);
}

TEST(PodClassification, RestartPolicyNeverIgnoresFinishedPods) {
  kube::Pod p = MakePod("a", "10.0.0.1", {}, false);
  p.spec.restart_policy = kube::RestartPolicy::kNever;
  EXPECT_EQ(ClassifyPod(p), PodClass::kNotReady);
  p.status.phase = kube::PodPhase::kFailed;
  EXPECT_EQ(ClassifyPod(p), PodClass::kIgnored);
  p.status.phase = kube::PodPhase::kSucceeded;
  EXPECT_EQ(ClassifyPod(p), PodClass::kIgnored);
}

TEST(PodClassification, RestartPolicyOnFailureIgnoresOnlySucceededPods) {
  kube::Pod p = MakePod("a", "10.0.0.1", {}, false);
  p.spec.restart_policy = kube::RestartPolicy::kOnFailure;
  p.status.phase = kube::PodPhase::kFailed;
  EXPECT_EQ(ClassifyPod(p), PodClass::kNotReady);
  p.status.phase = kube::PodPhase::kSucceeded;
  EXPECT_EQ(ClassifyPod(p), PodClass::kIgnored);
}

// Resolves each of `pods` (which must outlive the result: it points into them).
ResolvedPodRefs ResolveAll(const appmesh::VirtualNode& vn, const std::vector<kube::Pod>& pods) {
  ResolvedPodRefs out;
  for (const kube::Pod& pod : pods) ResolvePod(vn, pod, &out);
  return out;
}

TEST(ResolvePod, SelectorPicksPodsOfTheVnNamespaceOnly) {
  appmesh::VirtualNode vn = CloudMapVn("blue", {{"app", "colorapp"}}, "colorapp");
  kube::Pod mine = ReadyPod("a", "10.0.0.1", {{"app", "colorapp"}});
  kube::Pod other_ns = ReadyPod("b", "10.0.0.2", {{"app", "colorapp"}});
  other_ns.metadata.namespace_name = "elsewhere";
  kube::Pod other_app = ReadyPod("c", "10.0.0.3", {{"app", "front"}});
  kube::Pod not_ready = MakePod("d", "10.0.0.4", {{"app", "colorapp"}}, false);
  std::vector<kube::Pod> pods = {mine, other_ns, other_app, not_ready};
  ResolvedPodRefs r = ResolveAll(vn, pods);
  ASSERT_EQ(r.ready.size(), 1u);
  EXPECT_EQ(r.ready[0]->metadata.name, "a");
  ASSERT_EQ(r.not_ready.size(), 1u);
  EXPECT_EQ(r.not_ready[0]->metadata.name, "d");
}

TEST(ResolvePod, NoPodSelectorSelectsNothing) {
  appmesh::VirtualNode vn = CloudMapVn("blue", {}, "colorapp");
  vn.spec.pod_selector.reset();
  std::vector<kube::Pod> pods = {ReadyPod("a", "10.0.0.1", {})};
  ResolvedPodRefs r = ResolveAll(vn, pods);
  EXPECT_TRUE(r.ready.empty());
  EXPECT_TRUE(r.not_ready.empty());
}

TEST(ResolvePod, EmptySelectorSelectsEveryPodOfTheNamespace) {
  appmesh::VirtualNode vn = CloudMapVn("all", {}, "svc");
  std::vector<kube::Pod> pods = {ReadyPod("a", "10.0.0.1", {{"x", "1"}}),
                                 ReadyPod("b", "10.0.0.2", {})};
  ResolvedPodRefs r = ResolveAll(vn, pods);
  EXPECT_EQ(r.ready.size(), 2u);
}

}  // namespace
}  // namespace meshsim::controller
