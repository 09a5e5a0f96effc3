#include "fakes/appmesh/envoy_model.h"

#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "tests/fakes/appmesh/colorapp_mesh.h"
#include "tests/support/manual_dispatcher.h"
#include "tests/support/test_random.h"

namespace meshsim::fakes {
namespace {

using namespace std::chrono_literals;
using ::meshsim::testing::Field;
using ::meshsim::testing::ManualDispatcher;
using ::meshsim::testing::TestRandom;
using ::meshsim::testing::TimedTracer;

const char kCluster[] = "ns/colorapp-blue";

ClusterLoadAssignmentPtr Snapshot(uint64_t version, std::vector<std::string> ips) {
  ClusterLoadAssignment cla{kCluster, std::to_string(version), version, {}};
  for (auto& ip : ips) cla.endpoints.push_back({ip, 8080, cloudmap::HealthStatus::kHealthy});
  return std::make_shared<const ClusterLoadAssignment>(std::move(cla));
}

class EnvoyModelTest : public ::testing::Test {
 protected:
  ManualDispatcher dispatcher_;
  TestRandom random_{7};
  TimedTracer tracer_{dispatcher_};
  EnvoyModel envoy_{dispatcher_, random_, tracer_, "front-1", "ns/front", Distribution::Fixed(5ms)};

  // Applies `first`, then `second` (each given time to land) and returns the traced
  // EdsApplied fields of `second`: {added, removed, version}; empty when not both applied.
  std::vector<std::string> SecondApplied(ClusterLoadAssignmentPtr first,
                                         ClusterLoadAssignmentPtr second) {
    envoy_.Receive(std::move(first), "n1");
    dispatcher_.RunFor(10ms);
    envoy_.Receive(std::move(second), "n2");
    dispatcher_.RunFor(10ms);
    auto applied = tracer_.Find("envoy", "EdsApplied");
    EXPECT_EQ(applied.size(), 2u);
    if (applied.size() != 2) return {};
    return {Field(applied[1], "added"), Field(applied[1], "removed"), Field(applied[1], "version")};
  }
};

TEST_F(EnvoyModelTest, AppliesAfterApplyDelayAndAcksVersionAndNonce) {
  envoy_.Receive(Snapshot(1, {"10.0.1.1"}), "n1");
  dispatcher_.RunFor(4ms);
  EXPECT_TRUE(envoy_.Clusters().empty());
  dispatcher_.RunFor(1ms);
  ASSERT_EQ(envoy_.Clusters(), (std::vector<std::string>{kCluster}));
  EXPECT_EQ(envoy_.version_info(kCluster), "1");
  EXPECT_EQ(envoy_.acked_nonce(kCluster), "n1");
  ASSERT_EQ(envoy_.Endpoints(kCluster).size(), 1u);
  EXPECT_EQ(envoy_.Endpoints(kCluster)[0].address, "10.0.1.1");
  auto applied = tracer_.Find("envoy", "EdsApplied");
  ASSERT_EQ(applied.size(), 1u);
  EXPECT_EQ(Field(applied[0], "envoy"), "front-1");
  EXPECT_EQ(Field(applied[0], "added"), "10.0.1.1");
  EXPECT_EQ(Field(applied[0], "removed"), "");
}

// A snapshot carrying the control plane's diff against the one it replaced.
ClusterLoadAssignmentPtr WithDiff(uint64_t version, uint64_t previous, std::vector<std::string> ips,
                                  std::string added, std::string removed) {
  ClusterLoadAssignment cla = *Snapshot(version, std::move(ips));
  cla.previous_version_number = previous;
  cla.added_since_previous = std::move(added);
  cla.removed_since_previous = std::move(removed);
  return std::make_shared<const ClusterLoadAssignment>(std::move(cla));
}

TEST_F(EnvoyModelTest, OverTheSnapshotItReplacedTheControlPlanesDiffIsTracedAsIs) {
  // The diff given differs from the endpoints' on purpose: it shows which one is traced.
  EXPECT_EQ(SecondApplied(Snapshot(1, {"10.0.1.1"}),
                          WithDiff(2, 1, {"10.0.1.2"}, "given-added", "given-removed")),
            (std::vector<std::string>{"given-added", "given-removed", "2"}));
}

TEST_F(EnvoyModelTest, OverAnotherSnapshotTheEnvoyDiffsItself) {
  // Version 2 never reached this Envoy: 3's diff against 2 is not its own.
  EXPECT_EQ(SecondApplied(Snapshot(1, {"10.0.1.1"}),
                          WithDiff(3, 2, {"10.0.1.2"}, "given-added", "given-removed")),
            (std::vector<std::string>{"10.0.1.2", "10.0.1.1", "3"}));
}

TEST_F(EnvoyModelTest, TracesAddedAndRemovedIpsSorted) {
  EXPECT_EQ(SecondApplied(Snapshot(1, {"10.0.1.1", "10.0.1.3"}),
                          Snapshot(2, {"10.0.1.2", "10.0.1.4", "10.0.1.3"})),
            (std::vector<std::string>{"10.0.1.2,10.0.1.4", "10.0.1.1", "2"}));
}

TEST_F(EnvoyModelTest, OlderVersionArrivingAfterNewerIsIgnored) {
  envoy_.Receive(Snapshot(3, {"10.0.1.3"}), "n3");
  dispatcher_.RunFor(1ms);
  envoy_.Receive(Snapshot(2, {"10.0.1.2"}), "n2");  // overtaken on the way
  dispatcher_.RunFor(20ms);
  EXPECT_EQ(envoy_.version_info(kCluster), "3");
  EXPECT_EQ(envoy_.acked_nonce(kCluster), "n3");
  ASSERT_EQ(envoy_.Endpoints(kCluster).size(), 1u);
  EXPECT_EQ(envoy_.Endpoints(kCluster)[0].address, "10.0.1.3");
  EXPECT_EQ(tracer_.Count("envoy", "EdsIgnored"), 1);
  EXPECT_EQ(tracer_.Count("envoy", "EdsApplied"), 1);
}

TEST_F(EnvoyModelTest, RemovedClusterDropsResponsesInFlight) {
  envoy_.Receive(Snapshot(1, {"10.0.1.1"}), "n1");
  dispatcher_.RunFor(10ms);
  envoy_.Receive(Snapshot(2, {"10.0.1.2"}), "n2");
  envoy_.RemoveCluster(kCluster);
  dispatcher_.RunFor(10ms);
  EXPECT_TRUE(envoy_.Clusters().empty());
  EXPECT_TRUE(envoy_.Endpoints(kCluster).empty());
  EXPECT_EQ(envoy_.version_info(kCluster), "");
  // Re-adding the cluster with the same snapshot works again.
  envoy_.Receive(Snapshot(2, {"10.0.1.2"}), "n3");
  dispatcher_.RunFor(10ms);
  EXPECT_EQ(envoy_.version_info(kCluster), "2");
}

TEST_F(EnvoyModelTest, DestroyedEnvoyCancelsPendingApplies) {
  auto envoy = std::make_unique<EnvoyModel>(dispatcher_, random_, tracer_, "front-2", "ns/front",
                                            Distribution::Fixed(5ms));
  envoy->Receive(Snapshot(1, {"10.0.1.1"}), "n1");
  envoy.reset();
  dispatcher_.RunFor(10ms);
  EXPECT_EQ(tracer_.Count("envoy", "EdsApplied"), 0);
}

}  // namespace
}  // namespace meshsim::fakes
