// Reconcile rules of CloudMapController against the real FakeCloudMap and a scripted KubeClient.
#include "controller/cloudmap_controller.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "tests/controller/cloudmap/controller_fixture.h"

namespace meshsim::controller {
namespace {

using std::chrono::milliseconds;
using std::chrono::minutes;
using std::chrono::seconds;
using testing::BlueVn;
using testing::CloudMapVn;
using testing::ControllerFixture;
using testing::kBlue;
using testing::kRed;
using testing::MakePod;
using testing::ReadyPod;
using testing::RedVn;

using InstancesReconcile = ControllerFixture;

TEST_F(InstancesReconcile, ReadyPodIsRegisteredWithInitHealthy) {
  kube.vns.Put(BlueVn());
  kube::Pod pod = ReadyPod("colorapp-blue-1", "192.168.10.38", kBlue);
  kube.pods.Put(pod);
  Start();
  d.RunFor(seconds(30));
  std::vector<cloudmap::Instance> got = Instances("colorapp");
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].id, "192.168.10.38");
  cloudmap::Attributes want = {
      {"app", "colorapp"}, {"version", "blue"}, {"color", "blue"},
      {"AWS_INSTANCE_IPV4", "192.168.10.38"}, {"AWS_INSTANCE_PORT", "8080"},
      {"k8s.io/pod", "colorapp-blue-1"}, {"k8s.io/namespace", "howto-k8s-cloudmap"},
      {"appmesh.k8s.aws/mesh", "howto-k8s-cloudmap"},
      {"appmesh.k8s.aws/virtualNode", "colorapp-blue_howto-k8s-cloudmap"},
      {"REGION", "us-west-2"}, {"AVAILABILITY_ZONE", "us-west-2a"},
      {"AWS_INIT_HEALTH_STATUS", "HEALTHY"}};
  EXPECT_EQ(got[0].attributes, want);
  EXPECT_EQ(Calls("RegisterInstance"), 1);
}

TEST_F(InstancesReconcile, ServiceIsCreatedOwnedByTheVnWithMultivalueARecord) {
  kube.vns.Put(BlueVn());
  Start();
  d.RunFor(seconds(10));
  std::optional<cloudmap::Service> s = Service("colorapp");
  ASSERT_TRUE(s.has_value());
  Result<cloudmap::Service> full = [&] {
    // ListServicesNow returns summaries in the fake too; GetService via a client has the id.
    Result<cloudmap::Service> out = Status(StatusCode::kInternal, "x", "unset");
    client_->GetService({.id = s->id}, [&](Result<cloudmap::Service> r) { out = r; });
    d.RunFor(seconds(1));
    return out;
  }();
  ASSERT_TRUE(full.ok());
  EXPECT_EQ(full->creator_request_id, "vn-uid-colorapp-blue");
  ASSERT_TRUE(full->dns_config.has_value());
  EXPECT_EQ(full->dns_config->routing_policy, cloudmap::RoutingPolicy::kMultivalue);
  ASSERT_EQ(full->dns_config->dns_records.size(), 1u);
  EXPECT_EQ(full->dns_config->dns_records[0].type, cloudmap::RecordType::kA);
  EXPECT_EQ(full->dns_config->dns_records[0].ttl, 300);
  EXPECT_FALSE(full->health_check_custom_config.has_value());
  // Finalizer and ARN annotation were patched onto the VN.
  const appmesh::VirtualNode* vn = Vn("colorapp-blue");
  ASSERT_NE(vn, nullptr);
  EXPECT_EQ(vn->metadata.finalizers,
            (std::vector<std::string>{"finalizers.appmesh.k8s.aws/aws-cloudmap-resources"}));
  EXPECT_EQ(vn->metadata.annotations.at("cloudMapServiceARN"), s->arn);
}

TEST_F(InstancesReconcile, PodLosingContainersReadyIsDeregisteredWithoutCustomHealthCheck) {
  kube.vns.Put(BlueVn());
  kube.pods.Put(ReadyPod("b1", "10.0.0.1", kBlue));
  Start();
  d.RunFor(seconds(30));
  ASSERT_EQ(InstanceIds("colorapp"), (std::vector<std::string>{"10.0.0.1"}));
  kube.pods.Put(MakePod("b1", "10.0.0.1", kBlue, false));
  d.RunFor(seconds(30));
  EXPECT_TRUE(InstanceIds("colorapp").empty());
  EXPECT_EQ(Calls("DeregisterInstance", "instance", "10.0.0.1"), 1);
}

TEST_F(InstancesReconcile, WithCustomHealthCheckNotReadyPodIsMarkedUnhealthy) {
  kube.vns.Put(BlueVn());
  kube.pods.Put(ReadyPod("b1", "10.0.0.1", kBlue));
  ControllerOptions o;
  o.enable_custom_health_check = true;
  Start(o);
  d.RunFor(seconds(30));
  ASSERT_EQ(InstanceIds("colorapp"), (std::vector<std::string>{"10.0.0.1"}));
  EXPECT_GE(Calls("UpdateInstanceCustomHealthStatus", "status", "HEALTHY"), 1);
  kube.pods.Put(MakePod("b1", "10.0.0.1", kBlue, false));
  d.RunFor(seconds(30));
  EXPECT_EQ(InstanceIds("colorapp"), (std::vector<std::string>{"10.0.0.1"}));  // kept
  EXPECT_EQ(Calls("UpdateInstanceCustomHealthStatus", "status", "UNHEALTHY"), 1);
  EXPECT_EQ(Calls("DeregisterInstance"), 0);
}

TEST_F(InstancesReconcile, DeletedPodIsDeregistered) {
  kube.vns.Put(BlueVn());
  kube.pods.Put(ReadyPod("b1", "10.0.0.1", kBlue));
  kube.pods.Put(ReadyPod("b2", "10.0.0.2", kBlue));
  Start();
  d.RunFor(seconds(30));
  ASSERT_EQ(InstanceIds("colorapp").size(), 2u);
  kube.pods.Remove(std::string(testing::kNs) + "/b1");
  d.RunFor(seconds(30));
  EXPECT_EQ(InstanceIds("colorapp"), (std::vector<std::string>{"10.0.0.2"}));
}

TEST_F(InstancesReconcile, TerminatingPodIsDeregisteredBeforeItIsGone) {
  kube.vns.Put(BlueVn());
  kube::Pod pod = ReadyPod("b1", "10.0.0.1", kBlue);
  kube.pods.Put(pod);
  Start();
  d.RunFor(seconds(30));
  pod.metadata.deletion_timestamp = d.WallNow();
  kube.pods.Put(pod);  // still Running and ContainersReady, but terminating
  d.RunFor(seconds(10));
  EXPECT_TRUE(InstanceIds("colorapp").empty());
}

TEST_F(InstancesReconcile, LabelChangeReRegistersWithNewAttributes) {
  kube.vns.Put(CloudMapVn("front", {{"app", "front"}}, "front"));
  kube.pods.Put(ReadyPod("f1", "10.0.0.5", {{"app", "front"}, {"version", "v1"}}));
  Start();
  d.RunFor(seconds(30));
  kube.pods.Put(ReadyPod("f1", "10.0.0.5", {{"app", "front"}, {"version", "v2"}}));
  d.RunFor(seconds(30));
  std::vector<cloudmap::Instance> got = Instances("front");
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].attributes.at("version"), "v2");
  EXPECT_EQ(got[0].attributes.at("AWS_INIT_HEALTH_STATUS"), "HEALTHY");
  EXPECT_EQ(Calls("RegisterInstance"), 2);
}

TEST_F(InstancesReconcile, FirstPollIsThreeSecondsAfterTheCall) {
  kube.vns.Put(BlueVn());
  kube.pods.Put(ReadyPod("b1", "10.0.0.1", kBlue));
  Start();
  d.RunFor(seconds(30));
  int64_t registered_at = -1, polled_at = -1;
  // RecordingTracer has no clock: count events between the register result and the first poll.
  const auto& ev = tracer.events();
  for (size_t i = 0; i < ev.size(); ++i) {
    if (ev[i].name() == "CloudMapResult" && registered_at < 0) {
      for (const auto& f : ev[i].fields()) {
        if (f.key == "op" && std::get<std::string>(f.value) == "RegisterInstance") registered_at = i;
      }
    }
    if (ev[i].name() == "OperationPoll" && polled_at < 0) polled_at = i;
  }
  ASSERT_GE(registered_at, 0);
  ASSERT_GT(polled_at, registered_at);
  EXPECT_EQ(tracer.Count("controller", "OperationPoll"), 1);  // done by +3 s: one poll
  EXPECT_EQ(tracer.Count("controller", "InstancesReconcileTimeout"), 0);
}

TEST_F(InstancesReconcile, NamespaceAndServiceLookupsAreCachedForTwoMinutes) {
  kube.vns.Put(BlueVn());
  Start();
  d.RunFor(seconds(10));
  EXPECT_EQ(Calls("ListNamespaces"), 1);
  EXPECT_EQ(Calls("ListServices"), 1);
  kube.pods.Put(ReadyPod("b1", "10.0.0.1", kBlue));
  d.RunFor(seconds(30));
  EXPECT_EQ(Calls("ListNamespaces"), 1);
  EXPECT_EQ(Calls("ListInstances"), 1);  // 5-min instances cache
  d.RunFor(minutes(3));
  kube.pods.Put(ReadyPod("b2", "10.0.0.2", kBlue));
  d.RunFor(seconds(30));
  EXPECT_EQ(Calls("ListNamespaces"), 2);
  EXPECT_EQ(Calls("ListServices"), 2);
  EXPECT_EQ(Calls("ListInstances"), 1);
}

TEST_F(InstancesReconcile, MissingCloudMapNamespaceBacksOffExponentially) {
  appmesh::VirtualNode vn = BlueVn();
  vn.spec.service_discovery->aws_cloud_map->namespace_name = "nope.local";
  kube.vns.Put(vn);
  Start();
  d.RunFor(seconds(3));
  EXPECT_GE(tracer.Count("controller", "ReconcileError"), 4);
  EXPECT_GE(controller->QueueForTest().NumRequeues("howto-k8s-cloudmap/colorapp-blue"), 4);
}

TEST_F(InstancesReconcile, VnWithoutListenersFailsOncePodsExist) {
  appmesh::VirtualNode vn = BlueVn();
  vn.spec.listeners.clear();
  kube.vns.Put(vn);
  kube.pods.Put(ReadyPod("b1", "10.0.0.1", kBlue));
  Start();
  d.RunFor(seconds(2));
  EXPECT_GE(tracer.Count("controller", "ReconcileError"), 1);
  EXPECT_TRUE(InstanceIds("colorapp").empty());
}

TEST_F(InstancesReconcile, VnWithoutCloudMapIsIgnored) {
  appmesh::VirtualNode vn = BlueVn();
  vn.spec.service_discovery.reset();
  kube.vns.Put(vn);
  Start();
  d.RunFor(seconds(10));
  EXPECT_TRUE(Vn("colorapp-blue")->metadata.finalizers.empty());
  EXPECT_EQ(Calls("ListNamespaces"), 0);
}

TEST_F(InstancesReconcile, FinalizerConflictsAreRetried) {
  kube.vns.Put(BlueVn());
  kube.vns.conflicts_to_inject = 2;
  Start();
  d.RunFor(seconds(10));
  EXPECT_EQ(Vn("colorapp-blue")->metadata.finalizers.size(), 1u);
  EXPECT_EQ(tracer.Count("controller", "ReconcileError"), 0);
}

class SlowOperations : public ControllerFixture {
 protected:
  SlowOperations() : ControllerFixture(seconds(4)) {}
};

TEST_F(SlowOperations, ReconcileWaitsFiveSecondsThenRequeuesAfterTen) {
  kube.vns.Put(BlueVn());
  kube.pods.Put(ReadyPod("b1", "10.0.0.1", kBlue));
  Start();
  d.RunFor(seconds(60));
  EXPECT_EQ(tracer.Count("controller", "InstancesReconcileTimeout"), 1);
  EXPECT_EQ(tracer.Count("controller", "OperationPoll"), 2);  // +3 s PENDING, +6 s SUCCESS
  EXPECT_EQ(InstanceIds("colorapp"), (std::vector<std::string>{"10.0.0.1"}));
  EXPECT_EQ(Calls("RegisterInstance"), 1);  // the requeued reconcile found nothing to do
}

using VirtualNodeDeletion = ControllerFixture;

TEST_F(VirtualNodeDeletion, DeregistersDeletesOwnedServiceAndRemovesFinalizer) {
  kube.vns.Put(BlueVn());
  kube.pods.Put(ReadyPod("b1", "10.0.0.1", kBlue));
  Start();
  d.RunFor(seconds(30));
  ASSERT_EQ(InstanceIds("colorapp").size(), 1u);
  kube.vns.Delete("howto-k8s-cloudmap/colorapp-blue", d.WallNow());
  d.RunFor(seconds(60));
  EXPECT_FALSE(Service("colorapp").has_value());
  EXPECT_EQ(Vn("colorapp-blue"), nullptr);  // finalizer removed, object gone
  EXPECT_EQ(tracer.Count("controller", "FinalizerRemoved"), 1);
}

TEST_F(SlowOperations, InFlightInstancesAreNotReissuedByANewRequest) {
  kube.vns.Put(BlueVn());
  kube.pods.Put(ReadyPod("b1", "10.0.0.1", kBlue));
  Start();
  d.RunFor(seconds(1));  // b1's registration is in flight (4 s operations)
  kube.pods.Put(ReadyPod("b2", "10.0.0.2", kBlue));
  d.RunFor(seconds(60));
  EXPECT_EQ(InstanceIds("colorapp"), (std::vector<std::string>{"10.0.0.1", "10.0.0.2"}));
  EXPECT_EQ(Calls("RegisterInstance"), 2);
  EXPECT_EQ(Calls("RegisterInstance", "instance", "10.0.0.1"), 1);
}

using SharedService = ControllerFixture;

TEST_F(SharedService, OwnerVnDeletionWaitsWhileAnotherVnStillHasInstances) {
  kube.vns.Put(BlueVn());  // blue alone first: it creates (owns) the colorapp service
  kube.pods.Put(ReadyPod("b1", "10.0.0.1", kBlue));
  Start();
  d.RunFor(seconds(30));
  kube.vns.Put(RedVn());
  kube.pods.Put(ReadyPod("r1", "10.0.0.2", kRed));
  d.RunFor(seconds(30));
  ASSERT_EQ(InstanceIds("colorapp").size(), 2u);
  kube.vns.Delete("howto-k8s-cloudmap/colorapp-blue", d.WallNow());
  // Deregister, then DeleteService at +0, +15, +30, +45 s, then the error is returned.
  MonotonicTime deleted_at = d.Now();
  ASSERT_TRUE(d.RunUntil([&] { return tracer.Count("controller", "ReconcileError") > 0; },
                         minutes(2)));
  EXPECT_GE(d.Now() - deleted_at, seconds(45));
  EXPECT_LT(d.Now() - deleted_at, seconds(55));
  EXPECT_EQ(InstanceIds("colorapp"), (std::vector<std::string>{"10.0.0.2"}));
  EXPECT_EQ(Calls("DeleteService"), 4);
  ASSERT_NE(Vn("colorapp-blue"), nullptr);  // stays Terminating: the finalizer is kept
  EXPECT_EQ(Vn("colorapp-blue")->metadata.finalizers.size(), 1u);
  // Once red is gone too, blue's retried cleanup can delete the service.
  kube.vns.Delete("howto-k8s-cloudmap/colorapp-red", d.WallNow());
  d.RunFor(minutes(5));
  EXPECT_FALSE(Service("colorapp").has_value());
  EXPECT_EQ(Vn("colorapp-blue"), nullptr);
  EXPECT_EQ(Vn("colorapp-red"), nullptr);
}

TEST_F(SharedService, TwoVirtualNodesShareTheColorappService) {
  kube.vns.Put(BlueVn());
  kube.vns.Put(RedVn());
  kube.pods.Put(ReadyPod("b1", "10.0.0.1", kBlue));
  kube.pods.Put(ReadyPod("r1", "10.0.0.2", kRed));
  Start();
  d.RunFor(seconds(60));
  EXPECT_EQ(cloudmap_.ListServicesNow(ns_id)->size(), 1u);
  // Both VNs missed the cache at once: the loser's ServiceAlreadyExists was answered by listing
  // again, bypassing the cache.
  EXPECT_EQ(Calls("CreateService"), 2);
  EXPECT_EQ(Calls("ListServices"), 3);
  std::vector<cloudmap::Instance> got = Instances("colorapp");
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0].attributes.at("appmesh.k8s.aws/virtualNode"), "colorapp-blue_howto-k8s-cloudmap");
  EXPECT_EQ(got[0].attributes.at("color"), "blue");
  EXPECT_EQ(got[1].attributes.at("appmesh.k8s.aws/virtualNode"), "colorapp-red_howto-k8s-cloudmap");
  EXPECT_EQ(got[1].attributes.at("color"), "red");
}

TEST_F(SharedService, DeletingOneVnKeepsTheOtherVnsInstances) {
  kube.vns.Put(BlueVn());
  kube.vns.Put(RedVn());
  kube.pods.Put(ReadyPod("b1", "10.0.0.1", kBlue));
  kube.pods.Put(ReadyPod("r1", "10.0.0.2", kRed));
  Start();
  d.RunFor(seconds(60));
  // Whichever VN created the service, deleting red deregisters only red's instance; if red owns
  // the service, DeleteService fails ResourceInUse 4 times 15 s apart and red stays Terminating.
  kube.vns.Delete("howto-k8s-cloudmap/colorapp-red", d.WallNow());
  d.RunFor(minutes(2));
  EXPECT_EQ(InstanceIds("colorapp"), (std::vector<std::string>{"10.0.0.1"}));
  ASSERT_TRUE(Service("colorapp").has_value());
  bool red_owns = Calls("DeleteService") > 0;
  if (red_owns) {
    EXPECT_GE(Calls("DeleteService"), 4);
    EXPECT_NE(Vn("colorapp-red"), nullptr);
  } else {
    EXPECT_EQ(tracer.Count("controller", "ServiceKept"), 1);
    EXPECT_EQ(Vn("colorapp-red"), nullptr);
  }
}

using ControllerRestart = ControllerFixture;

TEST_F(ControllerRestart, CrashMidOperationThenRestartConverges) {
  kube.vns.Put(BlueVn());
  kube.pods.Put(ReadyPod("b1", "10.0.0.1", kBlue));
  kube.pods.Put(ReadyPod("b2", "10.0.0.2", kBlue));
  Start();
  d.RunFor(milliseconds(500));
  controller.reset();  // crash: every frame, timer and pending call is dropped
  kube.pods.Remove(std::string(testing::kNs) + "/b2");  // missed while down
  d.RunFor(seconds(30));
  Start();
  d.RunFor(seconds(60));
  EXPECT_EQ(InstanceIds("colorapp"), (std::vector<std::string>{"10.0.0.1"}));
  EXPECT_EQ(controller->stats().instance_tasks, 0);
}

// A re-diff after a completed operation looks only at the instances that changed or settled
// since the last diff. Under churn (pods added, removed and relabelled while operations are in
// flight), two VNs sharing one service (and an IP passing from one VN's pod to the other's),
// and cached listings expiring mid-task, every partial re-diff plans exactly what the
// whole-subset diff would have (the reconciler runs both and counts the differences).
using PartialRediff = ControllerFixture;

TEST_F(PartialRediff, PlansWhatTheWholeSubsetDiffWouldUnderChurn) {
  kube.vns.Put(BlueVn());
  kube.vns.Put(RedVn());
  auto ip = [](int i) { return "10.0." + std::to_string(i / 100) + "." + std::to_string(i % 100); };
  for (int i = 0; i < 30; ++i) kube.pods.Put(ReadyPod("b" + std::to_string(i), ip(i), kBlue));
  for (int i = 100; i < 110; ++i) kube.pods.Put(ReadyPod("r" + std::to_string(i), ip(i), kRed));
  Start();
  controller->InstancesForTest().set_check_partial_diffs_for_test(true);
  const std::string ns = std::string(testing::kNs) + "/";
  for (int round = 0; round < 12; ++round) {
    d.RunFor(seconds(7 + round * 5));  // rounds 8-11 run past the 5-minute listing TTL
    int b = round * 2;
    kube.pods.Remove(ns + "b" + std::to_string(b));
    kube::Labels relabelled = kBlue;
    relabelled["round"] = std::to_string(round);
    kube.pods.Put(ReadyPod("b" + std::to_string(b + 1), ip(b + 1), relabelled));
    kube.pods.Put(ReadyPod("b" + std::to_string(200 + round), ip(200 + round), kBlue));
    kube.pods.Put(MakePod("b" + std::to_string(30 + round), ip(30 + round), kBlue, false));
    if (round == 3) {  // red's 10.0.1.0 is deleted and its IP reused by a blue pod at once
      kube.pods.Remove(ns + "r100");
      kube.pods.Put(ReadyPod("b-reuse", ip(100), kBlue));
    }
    if (round == 5) {  // blue gets busy; meanwhile red registers an IP blue has (b29's)
      for (int i = 300; i < 320; ++i) {
        kube.pods.Put(ReadyPod("b" + std::to_string(i), ip(i), kBlue));
      }
      kube.pods.Put(ReadyPod("r-dup", ip(29), kRed));
    }
    if (round == 6) kube.pods.Remove(ns + "r-dup");
  }
  d.RunFor(minutes(3));
  const InstancesReconciler& r = controller->InstancesForTest();
  EXPECT_GT(r.partial_diffs(), 10);
  EXPECT_EQ(r.partial_diff_mismatches(), 0);
  // And the end state is the desired one: 30 - 12 + 12 + 20 blue pods ready and b-reuse,
  // 9 red ones.
  std::vector<cloudmap::Instance> got = Instances("colorapp");
  int blue = 0, red = 0;
  for (const auto& i : got) {
    const std::string& vn = i.attributes.at("appmesh.k8s.aws/virtualNode");
    blue += vn == "colorapp-blue_howto-k8s-cloudmap";
    red += vn == "colorapp-red_howto-k8s-cloudmap";
  }
  EXPECT_EQ(blue, 30 - 12 + 12 + 20 + 1);
  EXPECT_EQ(red, 9);
}

// A task ends when its submission is answered. The next reconcile of the subset starts a new
// task from the last clean one's diff: its first diff is partial, and still sees what changed
// in the cache in between (here red takes over blue's instance 10.0.0.3, a change blue's
// reconcile must undo although blue's desired state did not change).
TEST_F(PartialRediff, NewTaskStartsFromTheLastCleanTasksDiff) {
  kube.vns.Put(BlueVn());
  kube.vns.Put(RedVn());
  for (int i = 0; i < 10; ++i) {
    kube.pods.Put(ReadyPod("b" + std::to_string(i), "10.0.0." + std::to_string(i), kBlue));
  }
  kube.pods.Put(ReadyPod("r0", "10.0.1.0", kRed));
  Start();
  InstancesReconciler& r = controller->InstancesForTest();
  r.set_check_partial_diffs_for_test(true);
  d.RunFor(seconds(60));
  ASSERT_EQ(r.active_tasks(), 0u);
  EXPECT_EQ(r.carried_diffs(), 2u);  // blue's and red's subsets
  int64_t unchanged_start = r.unchanged_submissions();
  kube.pods.Put(ReadyPod("r-dup", "10.0.0.3", kRed));  // enqueues red only
  d.RunFor(seconds(30));
  EXPECT_EQ(r.unchanged_submissions(), unchanged_start);  // red's request changed
  ASSERT_EQ(r.active_tasks(), 0u);
  auto owner = [&](const std::string& ip) {
    for (const auto& i : Instances("colorapp")) {
      if (i.id == ip) return i.attributes.at("appmesh.k8s.aws/virtualNode");
    }
    return std::string();
  };
  ASSERT_EQ(owner("10.0.0.3"), "colorapp-red_howto-k8s-cloudmap");
  // A not-ready pod enqueues blue without changing its desired state (no custom health check).
  int64_t partial_before = r.partial_diffs();
  int64_t unchanged_before = r.unchanged_submissions();
  kube.pods.Put(MakePod("b-waiting", "10.0.0.99", kBlue, false));
  d.RunFor(seconds(30));
  // The new task's first diff (which plans 10.0.0.3 again) and the re-diff after it finished.
  EXPECT_EQ(r.partial_diffs() - partial_before, 2);
  // Blue's desired state did not change: its last request itself was handed over again.
  EXPECT_EQ(r.unchanged_submissions() - unchanged_before, 1);
  EXPECT_EQ(r.partial_diff_mismatches(), 0);
  EXPECT_EQ(owner("10.0.0.3"), "colorapp-blue_howto-k8s-cloudmap");
}

TEST_F(PartialRediff, DeletedVnLeavesNoCarriedDiff) {
  kube.vns.Put(BlueVn());
  kube.pods.Put(ReadyPod("b1", "10.0.0.1", kBlue));
  Start();
  d.RunFor(seconds(30));
  const InstancesReconciler& r = controller->InstancesForTest();
  ASSERT_EQ(r.carried_diffs(), 1u);
  kube.vns.Delete(testing::kBlueKey, d.WallNow());
  d.RunFor(minutes(1));
  ASSERT_EQ(Vn("colorapp-blue"), nullptr);  // cleaned up: instances deregistered, service gone
  EXPECT_EQ(r.carried_diffs(), 0u);
}

}  // namespace
}  // namespace meshsim::controller
