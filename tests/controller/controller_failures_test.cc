// Failure behaviour users hit (issue 4, item 5), at the controller's level: Cloud Map errors and
// throttling retried with backoff, AccessDeniedException surfaced as the walkthrough's
// troubleshooting case, crash and restart through ControllerProcess, pause/resume, slow-down,
// stale informer caches, and a VirtualNode deleted while its pods still run. Each test runs
// the real controller against the real FakeCloudMap and a scripted KubeClient.
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "controller/controller_process.h"
#include "tests/controller/cloudmap/controller_fixture.h"

namespace meshsim::controller {
namespace {

using meshsim::testing::IntField;
using meshsim::testing::StringField;
using std::chrono::milliseconds;
using std::chrono::minutes;
using std::chrono::seconds;
using testing::BlueVn;
using testing::CloudMapVn;
using testing::ControllerFixture;
using testing::kBlue;
using testing::kBlueKey;
using testing::ReadyPod;

class Failures : public ControllerFixture {
 protected:
  // RegisterInstance calls per instance id, from the controller's trace.
  std::map<std::string, int> RegistersPerInstance() {
    std::map<std::string, int> n;
    for (const TraceEvent* e : tracer.Named("controller", "CloudMapCall")) {
      if (StringField(*e, "op") == "RegisterInstance") ++n[StringField(*e, "instance").value_or("")];
    }
    return n;
  }
};

// ---- Cloud Map errors and throttling: SDK retries, then the work queue's backoff ----

TEST_F(Failures, ThrottlingIsRetriedBySdkWithBackoffThenSucceeds) {
  kube.vns.Put(BlueVn());
  kube.pods.Put(ReadyPod("b1", "10.0.0.1", kBlue));
  cloudmap_.SetFault("RegisterInstance",
                     Status(StatusCode::kThrottled, "ThrottlingException", "Rate exceeded"));
  Start();
  d.RunFor(seconds(8));
  // The SDK tried 1 + 3 times, waiting 500 ms, 1 s, 2 s (throttle base), then gave up.
  std::vector<int64_t> attempts;
  for (const TraceEvent* e : tracer.Named("controller", "CloudMapResult")) {
    if (StringField(*e, "op") == "RegisterInstance") attempts.push_back(*IntField(*e, "attempt"));
  }
  ASSERT_GE(attempts.size(), 4u);
  EXPECT_EQ(std::vector<int64_t>(attempts.begin(), attempts.begin() + 4),
            (std::vector<int64_t>{0, 1, 2, 3}));
  EXPECT_GE(tracer.Count("controller", "ReconcileError"), 1);
  cloudmap_.SetFault("RegisterInstance", std::nullopt);
  d.RunFor(seconds(60));
  EXPECT_EQ(InstanceIds("colorapp"), (std::vector<std::string>{"10.0.0.1"}));
}

TEST_F(Failures, ReconcileErrorsRequeueWithGrowingDelays) {
  kube.vns.Put(BlueVn());
  cloudmap_.SetFault("ListNamespaces",
                     Status(StatusCode::kUnavailable, "ServiceUnavailable", "try later"));
  Start();
  d.RunFor(seconds(20));
  std::vector<int64_t> delays;
  for (const TraceEvent* e : tracer.Named("controller", "Requeue")) {
    if (StringField(*e, "kind") == "rate_limited") delays.push_back(*IntField(*e, "delay_ns"));
  }
  ASSERT_GE(delays.size(), 3u);
  for (size_t i = 1; i < delays.size(); ++i) EXPECT_EQ(delays[i], 2 * delays[i - 1]);
  EXPECT_EQ(delays[0], std::chrono::nanoseconds(milliseconds(5)).count());
}

// ---- AccessDeniedException: the walkthrough's troubleshooting case ----

TEST_F(Failures, AccessDeniedIsLoggedWithTheTroubleshootingHintAndAWarningEvent) {
  kube.vns.Put(BlueVn());
  kube.pods.Put(ReadyPod("b1", "10.0.0.1", kBlue));
  cloudmap_.SetFault("*", Status(StatusCode::kPermissionDenied, "AccessDeniedException",
                                 "User is not authorized to perform servicediscovery:ListNamespaces"));
  Start();
  d.RunFor(seconds(10));
  EXPECT_TRUE(InstanceIds("colorapp").empty());
  std::vector<const TraceEvent*> logs = tracer.Named("controller", "Log");
  ASSERT_FALSE(logs.empty());
  EXPECT_EQ(StringField(*logs[0], "level"), "error");
  EXPECT_EQ(StringField(*logs[0], "msg"), "Reconciler error");
  EXPECT_NE(StringField(*logs[0], "error")->find("AccessDeniedException"), std::string::npos);
  EXPECT_NE(StringField(*logs[0], "hint")->find("AWSCloudMapRegisterInstanceAccess"),
            std::string::npos);
  std::vector<const TraceEvent*> events = tracer.Named("controller", "KubeEvent");
  ASSERT_FALSE(events.empty());
  EXPECT_EQ(StringField(*events[0], "type"), "Warning");
  EXPECT_EQ(StringField(*events[0], "reason"), "ReconcileError");
  EXPECT_EQ(StringField(*events[0], "object"), kBlueKey);
  // Not retried by the SDK (not retryable), but by the work queue: the fix is picked up.
  cloudmap_.SetFault("*", std::nullopt);
  d.RunFor(seconds(60));
  EXPECT_EQ(InstanceIds("colorapp"), (std::vector<std::string>{"10.0.0.1"}));
}

TEST_F(Failures, OtherErrorsAreLoggedWithoutTheAccessDeniedHint) {
  appmesh::VirtualNode vn = BlueVn();
  vn.spec.service_discovery->aws_cloud_map->namespace_name = "nope.local";
  kube.vns.Put(vn);
  Start();
  d.RunFor(seconds(1));
  std::vector<const TraceEvent*> logs = tracer.Named("controller", "Log");
  ASSERT_FALSE(logs.empty());
  EXPECT_FALSE(StringField(*logs[0], "hint").has_value());
}

// ---- Crash and restart: state rebuilt from a relist, nothing leaked or double-registered ----

TEST_F(Failures, CrashAndRestartRebuildFromARelistWithoutDoubleRegistration) {
  kube.vns.Put(BlueVn());
  kube.pods.Put(ReadyPod("b1", "10.0.0.1", kBlue));
  kube.pods.Put(ReadyPod("b2", "10.0.0.2", kBlue));
  ControllerProcess process(d, kube, *client_, tracer, ControllerOptions{});
  process.Start();
  d.RunFor(seconds(30));
  ASSERT_EQ(InstanceIds("colorapp").size(), 2u);
  process.Crash();
  EXPECT_FALSE(process.running());
  // While it is down: b2 goes away, b3 arrives. Nobody tells Cloud Map.
  kube.pods.Remove(std::string(testing::kNs) + "/b2");
  kube.pods.Put(ReadyPod("b3", "10.0.0.3", kBlue));
  d.RunFor(seconds(60));
  EXPECT_EQ(InstanceIds("colorapp").size(), 2u);
  process.Restart();
  d.RunFor(seconds(60));
  EXPECT_EQ(InstanceIds("colorapp"), (std::vector<std::string>{"10.0.0.1", "10.0.0.3"}));
  // Only the difference was sent: b1 was registered once, before the crash.
  std::map<std::string, int> registers = RegistersPerInstance();
  EXPECT_EQ(registers["10.0.0.1"], 1);
  EXPECT_EQ(registers["10.0.0.3"], 1);
  EXPECT_EQ(tracer.Count("controller", "ControllerCrash"), 1);
  EXPECT_EQ(tracer.Count("controller", "ControllerRestart"), 1);
  ASSERT_NE(process.controller(), nullptr);
  EXPECT_EQ(process.controller()->stats().instance_tasks, 0);
}

TEST_F(Failures, CrashDuringAnOperationLeaksNothingAndRestartConverges) {
  kube.vns.Put(BlueVn());
  kube.pods.Put(ReadyPod("b1", "10.0.0.1", kBlue));
  ControllerProcess process(d, kube, *client_, tracer, ControllerOptions{});
  process.Start();
  d.RunFor(milliseconds(400));  // RegisterInstance sent, its GetOperation polls not yet run
  process.Crash();
  d.RunFor(minutes(2));         // answers to the dead process are dropped
  int polls_while_down = tracer.Count("controller", "OperationPoll");
  EXPECT_EQ(polls_while_down, 0);
  process.Restart();
  d.RunFor(seconds(60));
  EXPECT_EQ(InstanceIds("colorapp"), (std::vector<std::string>{"10.0.0.1"}));
  EXPECT_EQ(process.controller()->stats().instance_tasks, 0);
  EXPECT_EQ(process.restarts(), 1);
}

// A crash right after a DeregisterInstance was sent: the restarted controller lists the
// instance while that operation is still pending and caches it (spec D.5, B.6.1). Its own
// deregistration is refused (DuplicateRequest, then InstanceNotFound once the old operation
// succeeded); the real controller returns that as an error, so the stale entry lives for the
// cache's TTL (scenarios/crash-during-deregistration.yaml). deregister_not_found_is_done ends it.
class CrashDuringDeregistration : public Failures {
 protected:
  // Runs the crash, then returns the DeregisterInstance calls for b2 made from 1 to 3 minutes
  // after the restart.
  int LateDeregistrations(ControllerOptions options) {
    kube.vns.Put(BlueVn());
    kube.pods.Put(ReadyPod("b1", "10.0.0.1", kBlue));
    kube.pods.Put(ReadyPod("b2", "10.0.0.2", kBlue));
    ControllerProcess process(d, kube, *client_, tracer, options);
    process.Start();
    d.RunFor(seconds(30));
    EXPECT_EQ(InstanceIds("colorapp").size(), 2u);
    kube.pods.Remove(std::string(testing::kNs) + "/b2");
    d.RunFor(milliseconds(300));  // DeregisterInstance sent; its operation takes 1 s
    EXPECT_EQ(Calls("DeregisterInstance", "instance", "10.0.0.2"), 1);
    process.Crash();
    process.Restart();
    d.RunFor(minutes(1));
    // Cloud Map did remove it: the old process's operation completed.
    EXPECT_EQ(InstanceIds("colorapp"), (std::vector<std::string>{"10.0.0.1"}));
    int before = Calls("DeregisterInstance", "instance", "10.0.0.2");
    d.RunFor(minutes(2));
    return Calls("DeregisterInstance", "instance", "10.0.0.2") - before;
  }
  int NotFoundAnswers() {
    int n = 0;
    for (const TraceEvent* e : tracer.Named("controller", "CloudMapResult")) {
      n += StringField(*e, "op") == "DeregisterInstance" &&
           StringField(*e, "error") == "InstanceNotFound";
    }
    return n;
  }
};

TEST_F(CrashDuringDeregistration, RealControllerKeepsRetryingTheStaleInstanceUntilTheCacheExpires) {
  EXPECT_GE(LateDeregistrations(ControllerOptions{}), 1);
  EXPECT_GE(NotFoundAnswers(), 5);
}

TEST_F(CrashDuringDeregistration, NotFoundCountedAsDoneEndsTheLoopAtTheFirstAnswer) {
  ControllerOptions fixed;
  fixed.deregister_not_found_is_done = true;
  EXPECT_EQ(LateDeregistrations(fixed), 0);
  EXPECT_EQ(NotFoundAnswers(), 1);
}

// ---- Pause / resume ----

TEST_F(Failures, PausedControllerRegistersNothingThenCatchesUpOnResume) {
  kube.vns.Put(BlueVn());
  ControllerProcess process(d, kube, *client_, tracer, ControllerOptions{});
  process.Start();
  d.RunFor(seconds(20));
  process.Pause();
  kube.pods.Put(ReadyPod("b1", "10.0.0.1", kBlue));
  kube.pods.Put(ReadyPod("b2", "10.0.0.2", kBlue));
  d.RunFor(minutes(2));
  EXPECT_TRUE(InstanceIds("colorapp").empty());
  EXPECT_TRUE(process.controller()->paused());
  EXPECT_EQ(process.controller()->stats().queue_length, 1);  // both pod events coalesced
  process.Resume();
  d.RunFor(seconds(30));
  EXPECT_EQ(InstanceIds("colorapp"), (std::vector<std::string>{"10.0.0.1", "10.0.0.2"}));
  // The reconcile that ran after the pause reports the pause in its queue wait.
  int64_t max_wait = 0;
  for (const TraceEvent* e : tracer.Named("controller", "ReconcileEnd")) {
    max_wait = std::max(max_wait, IntField(*e, "queue_wait_ns").value_or(0));
  }
  EXPECT_GE(max_wait, std::chrono::nanoseconds(minutes(2)).count());
  EXPECT_EQ(tracer.Count("controller", "ControllerPaused"), 1);
  EXPECT_EQ(tracer.Count("controller", "ControllerResumed"), 1);
}

TEST_F(Failures, RestartEndsAPause) {
  kube.vns.Put(BlueVn());
  ControllerProcess process(d, kube, *client_, tracer, ControllerOptions{});
  process.Start();
  d.RunFor(seconds(20));
  process.Pause();
  kube.pods.Put(ReadyPod("b1", "10.0.0.1", kBlue));
  d.RunFor(seconds(30));
  EXPECT_TRUE(InstanceIds("colorapp").empty());
  process.Restart();
  d.RunFor(seconds(30));
  EXPECT_EQ(InstanceIds("colorapp"), (std::vector<std::string>{"10.0.0.1"}));
}

// ---- Slow-down ----

TEST_F(Failures, SlowdownDelaysEveryReconcileAndEveryApiCall) {
  kube.vns.Put(BlueVn());
  ControllerProcess process(d, kube, *client_, tracer, ControllerOptions{});
  process.SetSlowdown({.reconcile_delay = seconds(4), .api_delay = seconds(1)});
  process.Start();
  kube.pods.Put(ReadyPod("b1", "10.0.0.1", kBlue));
  d.RunFor(seconds(4) - milliseconds(1));
  EXPECT_EQ(Calls("ListNamespaces"), 0);  // the first reconcile is still held back
  d.RunFor(seconds(60));
  EXPECT_EQ(InstanceIds("colorapp"), (std::vector<std::string>{"10.0.0.1"}));
  for (const TraceEvent* e : tracer.Named("controller", "CloudMapResult")) {
    EXPECT_GE(*IntField(*e, "latency_ns"), std::chrono::nanoseconds(seconds(1)).count());
  }
  std::vector<const TraceEvent*> ends = tracer.Named("controller", "ReconcileEnd");
  ASSERT_FALSE(ends.empty());
  EXPECT_EQ(IntField(*ends[0], "slowdown_ns"), std::chrono::nanoseconds(seconds(4)).count());
  // Undo: later calls are fast again.
  process.SetSlowdown({});
  size_t before = tracer.Named("controller", "CloudMapResult").size();
  kube.pods.Put(ReadyPod("b2", "10.0.0.2", kBlue));
  d.RunFor(seconds(30));
  std::vector<const TraceEvent*> results = tracer.Named("controller", "CloudMapResult");
  ASSERT_GT(results.size(), before);
  EXPECT_LT(*IntField(*results[before], "latency_ns"),
            std::chrono::nanoseconds(seconds(1)).count());
}

TEST_F(Failures, SlowdownSurvivesARestart) {
  kube.vns.Put(BlueVn());
  ControllerProcess process(d, kube, *client_, tracer, ControllerOptions{});
  process.Start();
  process.SetSlowdown({.reconcile_delay = seconds(3), .api_delay = {}});
  process.Restart();
  EXPECT_EQ(process.controller()->slowdown().reconcile_delay, seconds(3));
}

// ---- Stale informer caches ----

TEST_F(Failures, StaleInformerCacheDelaysRegistrationByTheWatchDelay) {
  kube.vns.Put(BlueVn());
  ControllerProcess process(d, kube, *client_, tracer, ControllerOptions{});
  process.Start();
  d.RunFor(seconds(20));
  process.SetWatchDelay(seconds(30));
  kube.pods.Put(ReadyPod("b1", "10.0.0.1", kBlue));
  d.RunFor(seconds(29));
  EXPECT_EQ(Calls("RegisterInstance"), 0);  // the controller has not seen the pod yet
  d.RunFor(seconds(20));
  EXPECT_EQ(InstanceIds("colorapp"), (std::vector<std::string>{"10.0.0.1"}));
  EXPECT_EQ(tracer.Count("controller", "ControllerWatchDelay"), 1);
}

TEST_F(Failures, ResyncReplaysTheCacheSoAMissedPodEventStaysMissed) {
  ControllerOptions options;
  options.resync_period = minutes(1);
  kube.vns.Put(BlueVn());
  Start(options);
  d.RunFor(seconds(20));
  kube.pods.PutSilently(ReadyPod("b1", "10.0.0.1", kBlue));  // a missed watch event
  // A VN resync enqueues the VN, but its reconcile reads the informer's (stale) pod cache:
  // client-go's resync replays the local store, it does not list. Only a relist (a restart,
  // an expired watch) repairs a missed pod event.
  d.RunFor(minutes(2));
  EXPECT_TRUE(InstanceIds("colorapp").empty());
  EXPECT_GE(tracer.Count("controller", "Enqueue"), 2);
}

// ---- A VirtualNode deleted while its pods still run ----

TEST_F(Failures, VirtualNodeDeletedWhilePodsRunDeregistersThemAndRemovesTheFinalizer) {
  kube.vns.Put(BlueVn());
  kube.pods.Put(ReadyPod("b1", "10.0.0.1", kBlue));
  kube.pods.Put(ReadyPod("b2", "10.0.0.2", kBlue));
  Start();
  d.RunFor(seconds(30));
  ASSERT_EQ(InstanceIds("colorapp").size(), 2u);
  kube.vns.Delete(kBlueKey, d.WallNow());
  ASSERT_NE(Vn("colorapp-blue"), nullptr);  // held by the finalizer
  d.RunFor(seconds(60));
  EXPECT_NE(kube.pods.Peek(std::string(testing::kNs) + "/b1"), nullptr);  // pods still run
  EXPECT_EQ(Calls("DeregisterInstance"), 2);
  EXPECT_FALSE(Service("colorapp").has_value());
  EXPECT_EQ(Vn("colorapp-blue"), nullptr);
}

TEST_F(Failures, VirtualNodeDeletionWaitsWhileTheControllerIsDown) {
  kube.vns.Put(BlueVn());
  kube.pods.Put(ReadyPod("b1", "10.0.0.1", kBlue));
  ControllerProcess process(d, kube, *client_, tracer, ControllerOptions{});
  process.Start();
  d.RunFor(seconds(30));
  process.Crash();
  kube.vns.Delete(kBlueKey, d.WallNow());
  d.RunFor(minutes(5));
  EXPECT_NE(Vn("colorapp-blue"), nullptr);  // stuck Terminating (spec D.1, #360/#144/#449)
  EXPECT_EQ(InstanceIds("colorapp").size(), 1u);
  process.Restart();
  d.RunFor(seconds(60));
  EXPECT_EQ(Vn("colorapp-blue"), nullptr);
  EXPECT_FALSE(Service("colorapp").has_value());
}

// Spec D.3: deleting a Kubernetes namespace gives every pod a deletionTimestamp (D.2) and every
// VirtualNode one too (D.1), all at once, as the namespace controller does. Every instance goes,
// the service owned by colorapp-blue is deleted once colorapp-red's instances are gone too
// (ResourceInUse retried until then), both finalizers come off, and the Cloud Map namespace
// (the Mesh's, which outlives its member VNs) stays.
TEST_F(Failures, D3_NamespaceDeletionDeregistersEveryPodAndCleansUpEveryVirtualNode) {
  const kube::Labels red = {{"app", "colorapp"}, {"version", "red"}};
  kube.vns.Put(BlueVn());
  kube.vns.Put(CloudMapVn("colorapp-red", red, "colorapp", {{"color", "red"}}));
  std::vector<kube::Pod> pods = {ReadyPod("b1", "10.0.0.1", kBlue),
                                 ReadyPod("b2", "10.0.0.2", kBlue),
                                 ReadyPod("r1", "10.0.0.3", red)};
  for (const kube::Pod& p : pods) kube.pods.Put(p);
  Start();
  d.RunFor(seconds(60));
  ASSERT_EQ(InstanceIds("colorapp").size(), 3u);

  for (kube::Pod& p : pods) {  // terminating, still Running during the grace period
    p.metadata.deletion_timestamp = d.WallNow();
    kube.pods.Put(p);
  }
  kube.vns.Delete(kBlueKey, d.WallNow());
  kube.vns.Delete(std::string(testing::kNs) + "/colorapp-red", d.WallNow());
  d.RunFor(seconds(30));
  for (const kube::Pod& p : pods) kube.pods.Remove(testing::kNs, p.metadata.name);
  d.RunFor(minutes(2));

  EXPECT_TRUE(InstanceIds("colorapp").empty());
  EXPECT_EQ(Calls("DeregisterInstance"), 3);
  EXPECT_EQ(Calls("RegisterInstance"), 3);  // nothing re-registered while terminating
  EXPECT_FALSE(Service("colorapp").has_value());
  EXPECT_EQ(Vn("colorapp-blue"), nullptr);
  EXPECT_EQ(Vn("colorapp-red"), nullptr);
  Result<cloudmap::ListNamespacesResponse> namespaces = cloudmap_.ListNamespacesNow();
  ASSERT_TRUE(namespaces.ok());
  EXPECT_EQ(namespaces->namespaces.size(), 1u);
}

}  // namespace
}  // namespace meshsim::controller
