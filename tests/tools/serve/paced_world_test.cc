// PacedWorld: a scenario's world advanced by the wall clock at a speed factor, and
// PacedCloudMapClient answering from it. Bounded waits only (the io_context runs at most 60 s);
// nothing asserts on wall-clock durations.
#include "tools/serve/paced_world.h"

#include <gtest/gtest.h>

#include "controller/live/asio_dispatcher.h"
#include "fakes/cloudmap/fake_cloudmap.h"
#include "sim/scenario/loader.h"

namespace meshsim::serve {
namespace {

using namespace std::chrono_literals;

scenario::Scenario Scenario() {
  auto s = scenario::ParseScenario(
      "name: paced\nduration: 20s\n"
      "cloudmap:\n  namespaces:\n    - {name: apps.local, type: HTTP}\n"
      "settings:\n  cloudmap: {api_latency: 50ms, operation_duration: 2s}\n",
      "paced.yaml");
  EXPECT_TRUE(s.ok()) << s.status().ToString();
  return *s;
}

TEST(PacedWorld, ReachesTheDurationAndServesTheWorldsCloudMap) {
  scenario::Scenario s = Scenario();
  auto world = world::World::Create(s, {});
  ASSERT_TRUE(world.ok()) << world.status().ToString();
  live::AsioDispatcher dispatcher;
  PacedWorld paced(dispatcher.io_context(), **world, /*speed=*/200);
  PacedCloudMapClient client(paced, (*world)->cloudmap().NewClient("aws-cli"));
  bool reached = false;
  std::optional<Result<cloudmap::ListNamespacesResponse>> listed;
  paced.Start([&] {
    reached = true;
    client.ListNamespaces({}, [&](Result<cloudmap::ListNamespacesResponse> r) {
      listed = std::move(r);
      dispatcher.Stop();
    });
  });
  dispatcher.RunFor(60s);
  ASSERT_TRUE(reached) << "the world never reached its 20s duration";
  EXPECT_GE((*world)->Now().time_since_epoch(), 20s);
  ASSERT_TRUE(listed.has_value()) << "the answer never came";
  ASSERT_TRUE(listed->ok());
  ASSERT_EQ((*listed)->namespaces.size(), 1u);
  EXPECT_EQ((*listed)->namespaces[0].name, "apps.local");
}

TEST(PacedWorld, ACallSeesTheStateOfNowAndItsOperationCompletesInTheWorld) {
  scenario::Scenario s = Scenario();
  auto world = world::World::Create(s, {});
  ASSERT_TRUE(world.ok());
  live::AsioDispatcher dispatcher;
  PacedWorld paced(dispatcher.io_context(), **world, /*speed=*/100);
  PacedCloudMapClient client(paced, (*world)->cloudmap().NewClient("aws-cli"));
  std::string ns_id = (*world)->cloudmap().ListNamespacesNow()->namespaces.at(0).id;
  std::optional<MonotonicTime> asked, answered;
  paced.Start(nullptr);
  live::asio::post(dispatcher.io_context(), [&] {
    asked = (*world)->Now();  // the call itself first catches the world up to now
    client.CreateService({.name = "web", .namespace_id = ns_id}, [&](Result<cloudmap::Service> r) {
      EXPECT_TRUE(r.ok()) << r.status().ToString();
      answered = (*world)->Now();
      dispatcher.Stop();
    });
  });
  dispatcher.RunFor(60s);
  ASSERT_TRUE(asked && answered);
  // The answer came back inside the world, one api_latency (50ms of simulated time) later.
  EXPECT_GE(*answered - *asked, 50ms);
  EXPECT_EQ((*world)->cloudmap().ListServicesNow(ns_id)->size(), 1u);
}

}  // namespace
}  // namespace meshsim::serve
