#include "sim/world/kubectl_view.h"

#include <gtest/gtest.h>

namespace meshsim::world {
namespace {

using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;

TEST(HumanDuration, MatchesKubectlAgeFormat) {
  EXPECT_EQ(HumanDuration(seconds(-5)), "<invalid>");
  EXPECT_EQ(HumanDuration(seconds(0)), "0s");
  EXPECT_EQ(HumanDuration(seconds(119)), "119s");
  EXPECT_EQ(HumanDuration(seconds(120)), "2m");
  EXPECT_EQ(HumanDuration(minutes(4) + seconds(15)), "4m15s");
  EXPECT_EQ(HumanDuration(minutes(12) + seconds(15)), "12m");
  EXPECT_EQ(HumanDuration(hours(5) + minutes(3)), "5h3m");
  EXPECT_EQ(HumanDuration(hours(5)), "5h");
  EXPECT_EQ(HumanDuration(hours(30)), "30h");
  EXPECT_EQ(HumanDuration(hours(24 * 3 + 4)), "3d4h");
  EXPECT_EQ(HumanDuration(hours(24 * 30)), "30d");
  EXPECT_EQ(HumanDuration(hours(24 * (365 * 3 + 10))), "3y10d");
}

kube::Pod RunningPod(const std::string& name, const std::string& ip, const std::string& node) {
  kube::Pod pod;
  pod.metadata.name = name;
  pod.metadata.creation_timestamp = SystemTime(seconds(1000));
  pod.spec.node_name = node;
  pod.spec.containers = {{.name = "app"}, {.name = "envoy"}};
  pod.status.phase = kube::PodPhase::kRunning;
  pod.status.pod_ip = ip;
  pod.status.container_statuses = {{.name = "app", .ready = true}, {.name = "envoy", .ready = true}};
  return pod;
}

TEST(FormatPodTable, AlignsColumnsLikeKubectl) {
  std::vector<kube::Pod> pods = {
      RunningPod("colorapp-blue-6f99884fd4-2h4jt", "192.168.10.38",
                 "ip-192-168-16-102.us-west-2.compute.internal"),
      RunningPod("front-5d96c9bfb6-d2zdx", "192.168.59.249",
                 "ip-192-168-56-146.us-west-2.compute.internal")};
  std::string table = FormatPodTable(pods, "howto-k8s-cloudmap", SystemTime(seconds(1255)));
  EXPECT_EQ(table,
            "NAME                             READY   STATUS    RESTARTS   AGE     IP               "
            "NODE                                           NOMINATED NODE   READINESS GATES\n"
            "colorapp-blue-6f99884fd4-2h4jt   2/2     Running   0          4m15s   192.168.10.38    "
            "ip-192-168-16-102.us-west-2.compute.internal   <none>           <none>\n"
            "front-5d96c9bfb6-d2zdx           2/2     Running   0          4m15s   192.168.59.249   "
            "ip-192-168-56-146.us-west-2.compute.internal   <none>           <none>\n");
}

TEST(PodStatusWord, ReflectsLifecycle) {
  kube::Pod pod;
  EXPECT_EQ(PodStatusWord(pod), "Pending");
  pod.spec.node_name = "n";
  EXPECT_EQ(PodStatusWord(pod), "ContainerCreating");
  pod.spec.init_containers = {{.name = "proxyinit"}};
  EXPECT_EQ(PodStatusWord(pod), "Init:0/1");
  pod.status.phase = kube::PodPhase::kRunning;
  EXPECT_EQ(PodStatusWord(pod), "Running");
  pod.metadata.deletion_timestamp = SystemTime(seconds(1));
  EXPECT_EQ(PodStatusWord(pod), "Terminating");
}

TEST(FormatPodTable, NoPodsSaysSoLikeKubectl) {
  EXPECT_EQ(FormatPodTable({}, "x", SystemTime()), "No resources found in x namespace.\n");
}

}  // namespace
}  // namespace meshsim::world
