#include "fakes/traffic/traffic_model.h"

#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <set>
#include <string>

#include "tests/fakes/appmesh/colorapp_mesh.h"
#include "tests/fakes/traffic/live_hosts.h"

namespace meshsim::fakes {
namespace {

using namespace std::chrono_literals;
using ::meshsim::testing::ColorappMesh;
using ::meshsim::testing::Field;
using ::meshsim::testing::kBlue;
using ::meshsim::testing::kCloudMapNs;
using ::meshsim::testing::kFront;
using ::meshsim::testing::kFrontLabels;
using ::meshsim::testing::kNs;
using ::meshsim::testing::kRed;
using ::meshsim::testing::LiveHosts;
using ::meshsim::testing::MakeRouter;
using ::meshsim::testing::TestRandom;

const std::string kColorapp = std::string(kNs) + "/colorapp";

// The colorapp mesh with one front pod; blue 10.0.1.1 and red 10.0.2.1 answer. Streams start
// at 10 s, once the front Envoy has its endpoints.
class TrafficModelTest : public ::testing::Test {
 protected:
  void SetUp() override {
    mesh_.AddPod("front-1", kFrontLabels, "10.0.0.1");
    mesh_.control_plane().Start();
  }
  TrafficModel& Model() {
    if (!model_) {
      model_ = std::make_unique<TrafficModel>(mesh_.dispatcher, mesh_.tracer,
                                              mesh_.control_plane(), live_, options_);
    }
    return *model_;
  }
  size_t AddStream(int64_t rps, Arrivals arrivals = Arrivals::kFixed,
                   std::optional<Duration> stop = std::nullopt) {
    return Model().AddStream({.name = "front->colorapp",
                              .from_virtual_node = kFront,
                              .to = kColorapp,
                              .rate_milli_rps = rps * 1000,
                              .arrivals = arrivals,
                              .start = 10s,
                              .stop = stop},
                             stream_random_);
  }
  int64_t Count(size_t s, RequestOutcome o) { return Model().counts(s).total(o); }
  void DeregisterBlue() { mesh_.cloudmap.Deregister(kCloudMapNs, "colorapp", "10.0.1.1"); }

  ColorappMesh mesh_;
  LiveHosts live_{{"10.0.1.1", "10.0.2.1"}};
  TestRandom stream_random_{7};
  DataPlaneOptions options_;
  std::unique_ptr<TrafficModel> model_;
};

TEST_F(TrafficModelTest, FixedArrivalsAllSucceedWhenEveryEndpointAnswers) {
  size_t s = AddStream(10, Arrivals::kFixed, 20s);
  Model().Start();
  mesh_.dispatcher.RunFor(30s);
  EXPECT_EQ(Count(s, RequestOutcome::kSuccess), 100);  // [10 s, 20 s) at 10 rps
  EXPECT_EQ(Model().counts(s).total(), 100);
  EXPECT_EQ(Model().counts(s).Between(RequestOutcome::kSuccess, 10s, 11s), 10);
  EXPECT_EQ(mesh_.tracer.Count("traffic", "RequestFailed"), 0);
  auto counters = mesh_.tracer.Find("traffic", "RequestCounts");  // one per busy second
  ASSERT_EQ(counters.size(), 10u);
  EXPECT_EQ(std::get<int64_t>(counters[0].fields()[1].value), 10);  // second
  EXPECT_EQ(std::get<int64_t>(counters[0].fields()[2].value), 10);  // success
}

TEST_F(TrafficModelTest, PoissonArrivalsAverageTheRate) {
  size_t s = AddStream(100, Arrivals::kPoisson, 110s);
  Model().Start();
  mesh_.dispatcher.RunFor(120s);
  int64_t n = Model().counts(s).total();
  EXPECT_GT(n, 9700);  // 10000 expected; sd 100
  EXPECT_LT(n, 10300);
  std::set<int64_t> per_second;  // Poisson: seconds differ, unlike fixed arrivals
  for (const auto& bucket : Model().counts(s).seconds()) per_second.insert(bucket[0]);
  EXPECT_GT(per_second.size(), 10u);
}

TEST_F(TrafficModelTest, RouteWeightsSplitRequests) {
  appmesh::VirtualRouter router = MakeRouter("colorapp-router", {"colorapp-blue", "colorapp-red"});
  router.spec.routes[0].weighted_targets[0].weight = 3;
  mesh_.virtual_routers.Put(router);
  live_.Kill("10.0.2.1");  // red fails: counts show how many went red
  options_.max_retries = 0;
  size_t s = AddStream(100, Arrivals::kFixed, 50s);
  Model().Start();
  mesh_.dispatcher.RunFor(60s);
  EXPECT_EQ(Model().counts(s).total(), 4000);
  EXPECT_GT(Count(s, RequestOutcome::kConnectFailure), 900);  // 1000 expected
  EXPECT_LT(Count(s, RequestOutcome::kConnectFailure), 1100);
}

TEST_F(TrafficModelTest, DeadEndpointIsRetriedOnTheNextHost) {
  mesh_.cloudmap.Register(kCloudMapNs, "colorapp", "10.0.1.2", {{"color", "blue"}});
  appmesh::VirtualRouter router = MakeRouter("colorapp-router", {"colorapp-blue"});
  mesh_.virtual_routers.Put(router);
  size_t s = AddStream(10, Arrivals::kFixed, 20s);  // 10.0.1.2 never answers
  Model().Start();
  mesh_.dispatcher.RunFor(30s);
  // Retries take picks from the same round robin, so after the first request every request
  // starts on the dead host and its retry lands on the live one.
  EXPECT_EQ(Count(s, RequestOutcome::kSuccess), 1);
  EXPECT_EQ(Count(s, RequestOutcome::kRetried), 99);
  EXPECT_EQ(Count(s, RequestOutcome::kConnectFailure), 0);
}

TEST_F(TrafficModelTest, WithoutRetriesADeadEndpointFailsItsShare) {
  mesh_.cloudmap.Register(kCloudMapNs, "colorapp", "10.0.1.2", {{"color", "blue"}});
  mesh_.virtual_routers.Put(MakeRouter("colorapp-router", {"colorapp-blue"}));
  options_.max_retries = 0;
  size_t s = AddStream(10, Arrivals::kFixed, 20s);
  Model().Start();
  mesh_.dispatcher.RunFor(30s);
  EXPECT_EQ(Count(s, RequestOutcome::kConnectFailure), 50);
  auto failed = mesh_.tracer.Find("traffic", "RequestFailed");
  ASSERT_EQ(failed.size(), 50u);
  EXPECT_EQ(Field(failed[0], "upstream"), "10.0.1.2");
  EXPECT_EQ(Field(failed[0], "outcome"), "connect_failure");
  EXPECT_EQ(Field(failed[0], "envoy"), "front-1");
  EXPECT_EQ(Field(failed[0], "cluster"), kBlue);
}

TEST_F(TrafficModelTest, StaleEndpointFailsUntilTheEnvoyLearnsItIsGone) {
  mesh_.virtual_routers.Put(MakeRouter("colorapp-router", {"colorapp-blue"}));
  size_t s = AddStream(10);
  Model().Start();
  mesh_.dispatcher.RunFor(20s);
  // The blue pod dies, then is deregistered: until the front Envoy applies the removal, every
  // attempt goes to the only (dead) endpoint; afterwards the cluster is empty.
  live_.Kill("10.0.1.1");
  DeregisterBlue();
  mesh_.dispatcher.RunFor(10s);
  int64_t failures = Count(s, RequestOutcome::kConnectFailure);
  EXPECT_GE(failures, 1);
  EXPECT_LE(failures, 56);  // at most one poll interval plus push and apply delays
  EXPECT_GT(Count(s, RequestOutcome::kNoHealthyUpstream), 40);
  EXPECT_TRUE(mesh_.Envoy("front-1")->Endpoints(kBlue).empty());
  auto failed = mesh_.tracer.Find("traffic", "RequestFailed");
  EXPECT_EQ(Field(failed.front(), "outcome"), "connect_failure");
  EXPECT_EQ(Field(failed.back(), "outcome"), "no_healthy_upstream");
}

TEST_F(TrafficModelTest, NoCallerEnvoyMeansUnsent) {
  TrafficModel& m = Model();
  size_t s = m.AddStream({.name = "red->colorapp",
                          .from_virtual_node = kRed,
                          .to = kColorapp,
                          .rate_milli_rps = 2000,
                          .stop = 10s},
                         stream_random_);
  m.Start();
  mesh_.dispatcher.RunFor(20s);
  EXPECT_EQ(m.unsent(s), 20);
  EXPECT_EQ(m.counts(s).total(), 0);
}

TEST_F(TrafficModelTest, ToAVirtualNodeUsesItsClusterDirectly) {
  TrafficModel& m = Model();
  size_t s = m.AddStream({.name = "front->blue",
                          .from_virtual_node = kFront,
                          .to = kBlue,
                          .to_virtual_node = true,
                          .rate_milli_rps = 1000,
                          .start = 10s,
                          .stop = 20s},
                         stream_random_);
  live_.Kill("10.0.2.1");  // red is never called
  m.Start();
  mesh_.dispatcher.RunFor(30s);
  EXPECT_EQ(m.counts(s).total(RequestOutcome::kSuccess), 10);
  EXPECT_EQ(m.FindStream("front->blue"), s);
  EXPECT_EQ(m.FindStream("nope"), std::nullopt);
}

TEST_F(TrafficModelTest, DisconnectedEnvoyKeepsSendingToItsStaleView) {
  mesh_.virtual_routers.Put(MakeRouter("colorapp-router", {"colorapp-blue"}));
  size_t s = AddStream(10);
  Model().Start();
  mesh_.dispatcher.RunFor(20s);
  ASSERT_TRUE(mesh_.control_plane().DisconnectEnvoy(kNs, "front-1").ok());
  live_.Kill("10.0.1.1");
  DeregisterBlue();
  mesh_.cloudmap.Register(kCloudMapNs, "colorapp", "10.0.1.2", {{"color", "blue"}});
  live_.Start("10.0.1.2");
  mesh_.dispatcher.RunFor(30s);
  EXPECT_EQ(Count(s, RequestOutcome::kConnectFailure), 300);  // every request for 30 s
  ASSERT_TRUE(mesh_.control_plane().ReconnectEnvoy(kNs, "front-1").ok());
  mesh_.dispatcher.RunFor(1s);  // state of the world within push + apply delay
  int64_t before = Count(s, RequestOutcome::kConnectFailure);
  mesh_.dispatcher.RunFor(10s);
  EXPECT_EQ(Count(s, RequestOutcome::kConnectFailure), before);
  EXPECT_LE(before, 306);
}

TEST_F(TrafficModelTest, SameSeedSameTrace) {
  auto run = [](uint64_t seed) {
    ColorappMesh mesh(seed);
    LiveHosts live({"10.0.1.1"});
    TestRandom random(seed);
    mesh.AddPod("front-1", kFrontLabels, "10.0.0.1");
    mesh.control_plane().Start();
    TrafficModel m(mesh.dispatcher, mesh.tracer, mesh.control_plane(), live, {});
    m.AddStream({.name = "s",
                 .from_virtual_node = kFront,
                 .to = kColorapp,
                 .rate_milli_rps = 50'000,
                 .arrivals = Arrivals::kPoisson,
                 .start = 5s},
                random);
    m.Start();
    mesh.dispatcher.RunFor(40s);
    return mesh.tracer.text();
  };
  std::string a = run(3);
  EXPECT_EQ(a, run(3));
  EXPECT_NE(a, run(4));
  EXPECT_NE(a.find("RequestFailed"), std::string::npos);  // red never answers
}

}  // namespace
}  // namespace meshsim::fakes
