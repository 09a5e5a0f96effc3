#include "controller/cloudmap/pod_event_handler.h"

#include <gtest/gtest.h>

#include <vector>

#include "tests/controller/cloudmap/test_objects.h"

namespace meshsim::controller {
namespace {

using testing::CloudMapVn;
using testing::MakePod;
using testing::ReadyPod;

struct PodEventHandlerTest : ::testing::Test {
  PodEventHandlerTest()
      : handler([this](const kube::Pod& pod,
                       const std::function<void(const appmesh::VirtualNode&)>& visit) {
                  for (const auto& vn : vns) {
                    if (vn.metadata.namespace_name == pod.metadata.namespace_name) visit(vn);
                  }
                },
                [this](const std::string& key, const std::string& reason) {
                  enqueued.push_back(key + " " + reason);
                }) {
    vns.push_back(CloudMapVn("blue", {{"app", "colorapp"}, {"version", "blue"}}, "colorapp"));
    vns.push_back(CloudMapVn("red", {{"app", "colorapp"}, {"version", "red"}}, "colorapp"));
  }
  std::vector<appmesh::VirtualNode> vns;
  std::vector<std::string> enqueued;
  PodEventHandler handler;
};

TEST_F(PodEventHandlerTest, CreateAndDeleteEnqueueTheMatchingVirtualNode) {
  kube::Pod pod = ReadyPod("b1", "10.0.0.1", {{"app", "colorapp"}, {"version", "blue"}});
  handler.OnCreate(pod);
  handler.OnDelete(pod);
  EXPECT_EQ(enqueued, (std::vector<std::string>{"howto-k8s-cloudmap/blue pod-create:b1",
                                                "howto-k8s-cloudmap/blue pod-delete:b1"}));
}

TEST_F(PodEventHandlerTest, ContainersReadyFlipEnqueues) {
  kube::Pod old_pod = MakePod("b1", "10.0.0.1", {{"app", "colorapp"}, {"version", "blue"}}, false);
  kube::Pod new_pod = ReadyPod("b1", "10.0.0.1", {{"app", "colorapp"}, {"version", "blue"}});
  handler.OnUpdate(old_pod, new_pod);
  EXPECT_EQ(enqueued,
            (std::vector<std::string>{"howto-k8s-cloudmap/blue pod-containers-ready:b1"}));
}

TEST_F(PodEventHandlerTest, IpPhaseOrReadyConditionChangesDoNotEnqueue) {
  kube::Pod old_pod = MakePod("b1", "", {{"app", "colorapp"}, {"version", "blue"}}, false);
  kube::Pod new_pod = old_pod;
  new_pod.status.pod_ip = "10.0.0.1";
  new_pod.status.phase = kube::PodPhase::kRunning;
  new_pod.spec.node_name = "node-b";
  new_pod.status.conditions.push_back({kube::kPodReady, kube::ConditionStatus::kTrue});
  handler.OnUpdate(old_pod, new_pod);
  EXPECT_TRUE(enqueued.empty());
}

TEST_F(PodEventHandlerTest, EveryUpdateOfATerminatingPodEnqueues) {
  kube::Pod pod = ReadyPod("b1", "10.0.0.1", {{"app", "colorapp"}, {"version", "blue"}});
  kube::Pod terminating = pod;
  terminating.metadata.deletion_timestamp = SystemTime{};
  handler.OnUpdate(pod, terminating);
  handler.OnUpdate(terminating, terminating);  // e.g. a resync
  EXPECT_EQ(enqueued.size(), 2u);
}

TEST_F(PodEventHandlerTest, LabelChangeEnqueuesOldAndNewMatches) {
  kube::Pod blue = ReadyPod("p", "10.0.0.1", {{"app", "colorapp"}, {"version", "blue"}});
  kube::Pod red = ReadyPod("p", "10.0.0.1", {{"app", "colorapp"}, {"version", "red"}});
  handler.OnUpdate(blue, red);
  EXPECT_EQ(enqueued, (std::vector<std::string>{"howto-k8s-cloudmap/blue pod-labels:p",
                                                "howto-k8s-cloudmap/red pod-labels:p"}));
}

TEST_F(PodEventHandlerTest, VirtualNodesWithoutCloudMapOrSelectorNeverMatch) {
  vns[0].spec.service_discovery.reset();
  vns[1].spec.pod_selector.reset();
  handler.OnCreate(ReadyPod("b1", "10.0.0.1", {{"app", "colorapp"}, {"version", "blue"}}));
  handler.OnCreate(ReadyPod("r1", "10.0.0.2", {{"app", "colorapp"}, {"version", "red"}}));
  EXPECT_TRUE(enqueued.empty());
}

TEST_F(PodEventHandlerTest, PodsOfAnotherNamespaceNeverMatch) {
  kube::Pod pod = ReadyPod("b1", "10.0.0.1", {{"app", "colorapp"}, {"version", "blue"}});
  pod.metadata.namespace_name = "other";
  handler.OnCreate(pod);
  EXPECT_TRUE(enqueued.empty());
}

}  // namespace
}  // namespace meshsim::controller
