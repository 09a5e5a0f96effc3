// Readiness-gate health prober rules (spec B.7.2-4) against the real FakeCloudMap and a scripted
// KubeClient: through the whole controller, and on a HealthProber of its own where a rule needs
// a state the controller would not produce (an unregistered pod, write conflicts).
#include "controller/cloudmap/health_prober.h"

#include <gtest/gtest.h>

#include <memory>
#include <optional>

#include "tests/controller/cloudmap/controller_fixture.h"

namespace meshsim::controller {
namespace {

using std::chrono::milliseconds;
using std::chrono::minutes;
using std::chrono::seconds;
using testing::CloudMapVn;
using testing::ControllerFixture;
using testing::kBlue;
using testing::kNs;
using testing::MakePod;
using testing::ReadyPod;

// Fails the first `conflicts` UpdateStatus calls with kConflict, then delegates.
class ConflictingPods : public ResourceClient<kube::Pod> {
 public:
  ConflictingPods(ResourceClient<kube::Pod>& inner, int conflicts)
      : inner_(inner), conflicts_(conflicts) {}
  Result<ObjectList<kube::Pod>> List(const ListOptions& o) override { return inner_.List(o); }
  Result<WatchPtr> Watch(int64_t rv, std::function<void(const WatchEvent<kube::Pod>&)> h) override {
    return inner_.Watch(rv, std::move(h));
  }
  Result<kube::Pod> Get(const std::string& ns, const std::string& name) override {
    return inner_.Get(ns, name);
  }
  Result<kube::Pod> Update(const kube::Pod& p) override { return inner_.Update(p); }
  Result<kube::Pod> UpdateStatus(const kube::Pod& p) override {
    if (conflicts_-- > 0) return Status(StatusCode::kConflict, "Conflict", "object was modified");
    return inner_.UpdateStatus(p);
  }

 private:
  ResourceClient<kube::Pod>& inner_;
  int conflicts_;
};

class HealthProberTest : public ControllerFixture {
 protected:
  std::optional<kube::ConditionStatus> Condition(const std::string& pod) {
    Result<kube::Pod> p = kube.pods.Get(kNs, pod);
    if (!p.ok()) return std::nullopt;
    const kube::PodCondition* c = p->status.FindCondition(kCloudMapHealthyCondition);
    if (c == nullptr) return std::nullopt;
    return c->status;
  }
  // Runs until the pod's condition is `want`; returns the time it took, or nullopt.
  std::optional<Duration> RunUntilCondition(const std::string& pod, kube::ConditionStatus want,
                                            Duration limit) {
    MonotonicTime start = d.Now();
    bool ok = d.RunUntil([&] { return Condition(pod) == want; }, limit);
    if (!ok) return std::nullopt;
    return d.Now() - start;
  }
  // Lets the controller create the colorapp service, stops it, and builds a prober of our own
  // on `pods` for the rules below. Returns the service id.
  std::string ServiceThenOwnProber(ResourceClient<kube::Pod>& pods) {
    kube.vns.Put(CloudMapVn("colorapp-blue", kBlue, "colorapp"));
    Start(options);
    d.RunFor(seconds(10));
    controller->Stop();
    caller_ = std::make_unique<CloudMapCaller>(d, tracer, *client_, options);
    prober_ = std::make_unique<HealthProber>(*caller_, pods, scope_);
    return Service("colorapp")->id;
  }
  // A request whose only ready pod `pod` (IP `ip`) was never registered.
  SubsetRequest Request(const std::string& service_id, const std::string& pod,
                        const std::string& ip) {
    SubsetRequest r{.vn_key = std::string(kNs) + "/colorapp-blue", .service_id = service_id,
                    .mesh_aws_name = "howto-k8s-cloudmap",
                    .vn_aws_name = "colorapp-blue_howto-k8s-cloudmap"};
    r.ready[ip] = DesiredInstance{.pod_name = pod};
    return r;
  }
  int Probes() { return Calls("GetInstance"); }

  ControllerOptions options;
  async::TaskScope scope_;
  std::unique_ptr<CloudMapCaller> caller_;
  std::unique_ptr<HealthProber> prober_;  // its rounds die with scope_ in TearDown
  void TearDown() override { scope_.Cancel(); }
};

TEST_F(HealthProberTest, RegisteredPodConditionBecomesTrueAfterTwentySecondsStable) {
  kube.vns.Put(CloudMapVn("colorapp-blue", kBlue, "colorapp"));
  kube.pods.Put(ReadyPod("blue-1", "10.0.0.1", kBlue));
  Start();
  ASSERT_TRUE(d.RunUntil([&] { return !Instances("colorapp").empty(); }, seconds(30)));
  EXPECT_EQ(Condition("blue-1"), std::nullopt);
  // First probe <= 4 s after the submission, then >= 20 s of the same status.
  std::optional<Duration> took = RunUntilCondition("blue-1", kube::ConditionStatus::kTrue,
                                                   minutes(2));
  ASSERT_TRUE(took.has_value());
  EXPECT_GE(*took, seconds(20));
  EXPECT_LE(*took, seconds(40));
  EXPECT_GE(tracer.Count("controller", "HealthProbe"), 6);
  EXPECT_EQ(tracer.Count("controller", "PodConditionUpdate"), 1);
}

TEST_F(HealthProberTest, TrueEntriesStopBeingProbed) {
  kube.vns.Put(CloudMapVn("colorapp-blue", kBlue, "colorapp"));
  kube.pods.Put(ReadyPod("blue-1", "10.0.0.1", kBlue));
  Start();
  ASSERT_TRUE(RunUntilCondition("blue-1", kube::ConditionStatus::kTrue, minutes(2)));
  int probes = Probes();
  d.RunFor(minutes(2));
  EXPECT_EQ(Probes(), probes);
  EXPECT_EQ(controller->stats().instance_tasks, 0);
}

TEST_F(HealthProberTest, PodsWhoseConditionIsAlreadyTrueAreNotSubmitted) {
  kube.vns.Put(CloudMapVn("colorapp-blue", kBlue, "colorapp"));
  kube::Pod pod = ReadyPod("blue-1", "10.0.0.1", kBlue);
  pod.status.conditions.push_back({kCloudMapHealthyCondition, kube::ConditionStatus::kTrue});
  kube.pods.Put(pod);
  Start();
  d.RunFor(minutes(1));
  EXPECT_EQ(Instances("colorapp").size(), 1u);
  EXPECT_EQ(Probes(), 0);
}

TEST_F(HealthProberTest, InstanceNotFoundIsUnhealthyConditionFalseAndKeepsBeingProbed) {
  std::string service = ServiceThenOwnProber(kube.pods);
  kube.pods.Put(MakePod("ghost", "10.0.0.9", kBlue, false));
  ASSERT_TRUE(prober_->SubmitReady(Request(service, "ghost", "10.0.0.9"), false).ok());
  ASSERT_TRUE(RunUntilCondition("ghost", kube::ConditionStatus::kFalse, minutes(1)));
  int probes = Probes();
  d.RunFor(seconds(21));
  EXPECT_EQ(Probes(), probes + 5);  // every 4 s (plus the 20 ms answer)
  EXPECT_EQ(tracer.Count("controller", "PodConditionUpdate"), 1);  // False written once
  EXPECT_EQ(prober_->entries(), 1u);
}

TEST_F(HealthProberTest, SubsetIsDroppedPastItsDeadline) {
  options.health_probe_deadline = minutes(1);
  std::string service = ServiceThenOwnProber(kube.pods);
  kube.pods.Put(MakePod("ghost", "10.0.0.9", kBlue, false));
  ASSERT_TRUE(prober_->SubmitReady(Request(service, "ghost", "10.0.0.9"), false).ok());
  d.RunFor(seconds(58));
  EXPECT_EQ(prober_->subsets(), 1u);
  d.RunFor(seconds(8));
  EXPECT_EQ(prober_->subsets(), 0u);
  EXPECT_EQ(tracer.Count("controller", "HealthProbeDeadline"), 1);
  int probes = Probes();
  d.RunFor(minutes(1));
  EXPECT_EQ(Probes(), probes);
}

TEST_F(HealthProberTest, EverySubmissionReArmsTheFourSecondTimer) {
  std::string service = ServiceThenOwnProber(kube.pods);
  kube.pods.Put(MakePod("ghost", "10.0.0.9", kBlue, false));
  SubsetRequest request = Request(service, "ghost", "10.0.0.9");
  ASSERT_TRUE(prober_->SubmitReady(request, false).ok());
  d.RunFor(seconds(3));
  ASSERT_TRUE(prober_->SubmitReady(request, false).ok());  // postpones the tick to +7 s
  d.RunFor(milliseconds(3500));
  EXPECT_EQ(Probes(), 0);
  d.RunFor(seconds(1));
  EXPECT_EQ(Probes(), 1);
}

TEST_F(HealthProberTest, EmptySubmissionDeletesTheProbeSet) {
  std::string service = ServiceThenOwnProber(kube.pods);
  kube.pods.Put(MakePod("ghost", "10.0.0.9", kBlue, false));
  SubsetRequest request = Request(service, "ghost", "10.0.0.9");
  ASSERT_TRUE(prober_->SubmitReady(request, false).ok());
  EXPECT_EQ(prober_->subsets(), 1u);
  request.ready.clear();
  ASSERT_TRUE(prober_->SubmitReady(request, false).ok());
  EXPECT_EQ(prober_->subsets(), 0u);
  d.RunFor(seconds(30));
  EXPECT_EQ(Probes(), 0);
}

TEST_F(HealthProberTest, ConditionWriteIsRetriedOnConflict) {
  ConflictingPods pods(kube.pods, 2);
  std::string service = ServiceThenOwnProber(pods);
  kube.pods.Put(MakePod("ghost", "10.0.0.9", kBlue, false));
  ASSERT_TRUE(prober_->SubmitReady(Request(service, "ghost", "10.0.0.9"), false).ok());
  ASSERT_TRUE(RunUntilCondition("ghost", kube::ConditionStatus::kFalse, minutes(1)));
  EXPECT_EQ(tracer.Count("controller", "PodConditionUpdate"), 3);  // 2 conflicts, then ok
}

TEST_F(HealthProberTest, ConditionWriteGivesUpAfterFiveConflictsAndKeepsTheEntry) {
  ConflictingPods pods(kube.pods, 5);
  std::string service = ServiceThenOwnProber(pods);
  kube.pods.Put(MakePod("ghost", "10.0.0.9", kBlue, false));
  ASSERT_TRUE(prober_->SubmitReady(Request(service, "ghost", "10.0.0.9"), false).ok());
  d.RunFor(seconds(26));
  EXPECT_EQ(tracer.Count("controller", "PodConditionUpdate"), 5);
  EXPECT_EQ(Condition("ghost"), std::nullopt);
  // The next tick writes again, and now succeeds.
  ASSERT_TRUE(RunUntilCondition("ghost", kube::ConditionStatus::kFalse, seconds(5)));
  EXPECT_EQ(prober_->entries(), 1u);
}

TEST_F(HealthProberTest, PodReadErrorFailsTheSubmission) {
  std::string service = ServiceThenOwnProber(kube.pods);
  EXPECT_EQ(prober_->SubmitReady(Request(service, "missing", "10.0.0.9"), false).code(),
            StatusCode::kNotFound);
  EXPECT_EQ(prober_->subsets(), 0u);
}

class CustomHealthProber : public HealthProberTest {};

TEST_F(CustomHealthProber, WithCustomHealthCheckUsesGetInstancesHealthStatus) {
  ControllerOptions o;
  o.enable_custom_health_check = true;
  kube.vns.Put(CloudMapVn("colorapp-blue", kBlue, "colorapp"));
  kube.pods.Put(ReadyPod("blue-1", "10.0.0.1", kBlue));
  Start(o);
  ASSERT_TRUE(RunUntilCondition("blue-1", kube::ConditionStatus::kTrue, minutes(2)));
  EXPECT_GE(Calls("GetInstancesHealthStatus"), 6);
  EXPECT_EQ(Probes(), 0);
}

}  // namespace
}  // namespace meshsim::controller
