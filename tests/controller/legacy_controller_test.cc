// Rules of the legacy (v0.x) controller profile (spec Appendix) against the real FakeCloudMap
// and a scripted KubeClient.
#include "controller/legacy/legacy_controller.h"

#include <gtest/gtest.h>

#include "tests/controller/cloudmap/controller_fixture.h"

namespace meshsim::controller {
namespace {

using std::chrono::minutes;
using std::chrono::seconds;
using testing::BlueVn;
using testing::CloudMapVn;
using testing::ControllerFixture;
using testing::kBlue;
using testing::kNs;
using testing::MakePod;

class LegacyProfile : public ControllerFixture {
 protected:
  void StartLegacy() {
    ControllerOptions o;
    o.profile = "legacy";
    Start(o);
  }
  template <class T, class F>
  Result<T> CallNow(F start) {
    Result<T> out = Status(StatusCode::kInternal, "x", "unset");
    start([&](Result<T> r) { out = std::move(r); });
    d.RunFor(seconds(1));
    return out;
  }
};

TEST_F(LegacyProfile, RunningPodIsRegisteredWithoutContainersReadyWithItsAttributeSet) {
  kube.vns.Put(BlueVn());
  kube.pods.Put(MakePod("blue-1", "10.0.0.1", kBlue, /*containers_ready=*/false));
  StartLegacy();
  d.RunFor(seconds(10));
  std::vector<cloudmap::Instance> got = Instances("colorapp");
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].id, "10.0.0.1");
  cloudmap::Attributes want = {{"app", "colorapp"}, {"version", "blue"}, {"color", "blue"},
                               {"AWS_INSTANCE_IPV4", "10.0.0.1"}, {"k8s.io/pod", "blue-1"},
                               {"k8s.io/namespace", kNs}, {"AWS_INIT_HEALTH_STATUS", "HEALTHY"}};
  EXPECT_EQ(got[0].attributes, want);
  auto full = CallNow<cloudmap::GetInstanceResponse>([&](auto cb) {
    client_->GetInstance({.service_id = Service("colorapp")->id, .instance_id = "10.0.0.1"}, cb);
  });
  ASSERT_TRUE(full.ok());
  EXPECT_EQ(full->instance.creator_request_id, "blue-1");
}

TEST_F(LegacyProfile, PendingPodIsNotRegistered) {
  kube.vns.Put(CloudMapVn("colorapp-blue", kBlue, "colorapp"));
  kube::Pod pod = MakePod("blue-1", "10.0.0.1", kBlue, false);
  pod.status.phase = kube::PodPhase::kPending;
  kube.pods.Put(pod);
  StartLegacy();
  d.RunFor(seconds(10));
  EXPECT_EQ(Calls("RegisterInstance"), 0);
}

TEST_F(LegacyProfile, ServiceIsCreatedMultivalueATtl300WithCustomHealthCheck) {
  kube.vns.Put(CloudMapVn("colorapp-blue", kBlue, "colorapp"));
  kube.pods.Put(MakePod("blue-1", "10.0.0.1", kBlue, false));
  StartLegacy();
  d.RunFor(seconds(10));
  auto s = CallNow<cloudmap::Service>(
      [&](auto cb) { client_->GetService({.id = Service("colorapp")->id}, cb); });
  ASSERT_TRUE(s.ok());
  ASSERT_TRUE(s->dns_config.has_value());
  EXPECT_EQ(s->dns_config->routing_policy, cloudmap::RoutingPolicy::kMultivalue);
  ASSERT_EQ(s->dns_config->dns_records.size(), 1u);
  EXPECT_EQ(s->dns_config->dns_records[0].type, cloudmap::RecordType::kA);
  EXPECT_EQ(s->dns_config->dns_records[0].ttl, 300);
  ASSERT_TRUE(s->health_check_custom_config.has_value());
  EXPECT_EQ(s->creator_request_id, "colorapp-blue");
}

TEST_F(LegacyProfile, DeletedPodIsDeregisteredAndNoFinalizerIsAdded) {
  kube.vns.Put(CloudMapVn("colorapp-blue", kBlue, "colorapp"));
  kube.pods.Put(MakePod("blue-1", "10.0.0.1", kBlue, false));
  StartLegacy();
  d.RunFor(seconds(10));
  ASSERT_EQ(Instances("colorapp").size(), 1u);
  kube.pods.Remove(std::string(kNs) + "/blue-1");
  d.RunFor(seconds(10));
  EXPECT_TRUE(Instances("colorapp").empty());
  EXPECT_TRUE(Vn("colorapp-blue")->metadata.finalizers.empty());
}

TEST_F(LegacyProfile, SweepDeregistersInstancesWhosePodNoLongerExistsEveryMinute) {
  kube.vns.Put(CloudMapVn("colorapp-blue", kBlue, "colorapp"));
  kube.pods.Put(MakePod("blue-1", "10.0.0.1", kBlue, false));
  StartLegacy();
  d.RunFor(seconds(10));
  // An instance left behind by a pod this controller never saw go (e.g. deleted while down).
  auto reg = CallNow<cloudmap::OperationIdResponse>([&](auto cb) {
    client_->RegisterInstance(
        {.service_id = Service("colorapp")->id, .instance_id = "10.0.0.9",
         .attributes = {{"AWS_INSTANCE_IPV4", "10.0.0.9"}, {"k8s.io/pod", "gone"},
                        {"k8s.io/namespace", kNs}}},
        cb);
  });
  ASSERT_TRUE(reg.ok());
  d.RunFor(seconds(5));
  ASSERT_EQ(Instances("colorapp").size(), 2u);
  d.RunFor(seconds(50));  // first sweep at +60 s, its operation takes 1 s
  EXPECT_EQ(InstanceIds("colorapp"), std::vector<std::string>{"10.0.0.1"});
  EXPECT_GE(tracer.Count("controller", "LegacySweep"), 1);
}

TEST_F(LegacyProfile, RegisteredPodWithTheReadinessGateGetsTheConditionAtOnce) {
  kube.vns.Put(CloudMapVn("colorapp-blue", kBlue, "colorapp"));
  kube::Pod pod = MakePod("blue-1", "10.0.0.1", kBlue, false);
  pod.spec.readiness_gates = {kCloudMapHealthyCondition};
  kube.pods.Put(pod);
  StartLegacy();
  d.RunFor(seconds(5));
  EXPECT_TRUE(kube.pods.Get(kNs, "blue-1")->status.IsConditionTrue(kCloudMapHealthyCondition));
  EXPECT_EQ(Calls("GetInstance"), 0);  // no prober in v0.x
}

}  // namespace
}  // namespace meshsim::controller
