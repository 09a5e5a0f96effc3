// ControlPlaneOptions::push_debounce (the `snapshot` profile, docs/xds.md): the simulated
// Envoys get endpoint changes debounced, and App Mesh's immediate pushes without it.
#include <gtest/gtest.h>

#include <chrono>
#include <optional>
#include <string>
#include <variant>

#include "fakes/appmesh/control_plane.h"
#include "tests/fakes/appmesh/colorapp_mesh.h"

namespace meshsim::fakes {
namespace {

using namespace std::chrono_literals;
using ::meshsim::testing::ColorappMesh;
using ::meshsim::testing::Field;
using ::meshsim::testing::kBlue;
using ::meshsim::testing::kCloudMapNs;
using ::meshsim::testing::kFrontLabels;
using ::meshsim::testing::kRed;

constexpr Duration kMaxPushAndApply = 500ms + 10ms;

ControlPlaneOptions Debounced(Duration after, Duration max) {
  ControlPlaneOptions options;
  options.push_debounce = ControlPlaneOptions::PushDebounce{after, max};
  return options;
}

// A started mesh with one front pod whose Envoy has its first blue and red endpoints.
class DebounceTest : public ::testing::Test {
 protected:
  void StartMesh(ControlPlaneOptions options) {
    mesh_.emplace(1, options);
    mesh_->AddPod("front-1", kFrontLabels, "10.0.0.1");
    mesh_->control_plane().Start();
    ASSERT_TRUE(mesh_->dispatcher.RunUntil(
        [&] { return BlueCount() == 1 && !Envoy().Endpoints(kRed).empty(); }, 30s));
  }
  const EnvoyModel& Envoy() const { return *mesh_->Envoy("front-1"); }
  size_t BlueCount() const {
    const EnvoyModel* envoy = mesh_->Envoy("front-1");
    return envoy == nullptr ? 0 : envoy->Endpoints(kBlue).size();
  }
  size_t ControlPlaneBlueCount() {
    ClusterLoadAssignmentPtr current = mesh_->control_plane().CurrentAssignment(kBlue);
    return current == nullptr ? 0 : current->endpoints.size();
  }
  // Registers one more blue instance and returns how long after the control plane had it
  // (its poll saw it) front-1's Envoy had it.
  Duration ControlPlaneToEnvoy() {
    size_t want = BlueCount() + 1;
    mesh_->cloudmap.Register(kCloudMapNs, "colorapp", "10.0.1." + std::to_string(want),
                             {{"color", "blue"}});
    EXPECT_TRUE(mesh_->dispatcher.RunUntil([&] { return ControlPlaneBlueCount() == want; }, 10s));
    MonotonicTime seen = mesh_->dispatcher.Now();
    EXPECT_TRUE(mesh_->dispatcher.RunUntil([&] { return BlueCount() == want; }, 30s));
    return mesh_->dispatcher.Now() - seen;
  }
  int BluePushes() const {
    int n = 0;
    for (const auto& e : mesh_->tracer.Find("controlplane", "EdsPush")) n += Field(e, "cluster") == kBlue;
    return n;
  }
  // One new blue instance every second for `d`: every blue poll sees a change.
  void Churn(Duration d) {
    for (Duration t = 0s; t < d; t += 1s) {
      mesh_->cloudmap.Register(kCloudMapNs, "colorapp", "10.0.3." + std::to_string(t / 1s + 1),
                               {{"color", "blue"}});
      mesh_->dispatcher.RunFor(1s);
    }
  }

  std::optional<ColorappMesh> mesh_;
};

TEST_F(DebounceTest, AppMeshPushesAChangeAsSoonAsThePollSeesIt) {
  StartMesh(ControlPlaneOptions{});
  EXPECT_LE(ControlPlaneToEnvoy(), kMaxPushAndApply);
  EXPECT_EQ(mesh_->tracer.Count("controlplane", "PushDebounced"), 0);
}

TEST_F(DebounceTest, SnapshotProfileWaitsForTheQuietPeriod) {
  StartMesh(Debounced(3s, 10s));
  Duration latency = ControlPlaneToEnvoy();
  EXPECT_GE(latency, 3s);  // fails if the debounce is ignored: App Mesh pushes within 510 ms
  EXPECT_LE(latency, 3s + kMaxPushAndApply);
  auto debounced = mesh_->tracer.Find("controlplane", "PushDebounced");
  ASSERT_FALSE(debounced.empty());
  EXPECT_EQ(Field(debounced.back(), "clusters"), kBlue);
}

TEST_F(DebounceTest, ContinuousChurnIsPushedAtTheMaximumDelayWithFewerPushes) {
  // Blue's poll sees a change every 5 s, never quiet for 6 s: only debounce_max releases them.
  StartMesh(Debounced(6s, 10s));
  int before = BluePushes();
  Churn(40s);
  int snapshot_pushes = BluePushes() - before;
  for (const auto& e : mesh_->tracer.Find("controlplane", "PushDebounced")) {
    if (Field(e, "clusters") != kBlue) continue;
    for (const auto& f : e.fields()) {
      if (f.key == "changes") {
        EXPECT_GE(std::get<int64_t>(f.value), 2);  // merged
      }
    }
  }

  StartMesh(ControlPlaneOptions{});
  before = BluePushes();
  Churn(40s);
  int appmesh_pushes = BluePushes() - before;
  EXPECT_GE(appmesh_pushes, 7);  // one per poll: 8 polls in 40 s
  EXPECT_LE(snapshot_pushes, 4);  // one per 10 s
  EXPECT_LT(snapshot_pushes, appmesh_pushes);
}

TEST_F(DebounceTest, StopDropsTheDebouncedPush) {
  StartMesh(Debounced(3s, 10s));
  mesh_->cloudmap.Register(kCloudMapNs, "colorapp", "10.0.1.2", {{"color", "blue"}});
  ASSERT_TRUE(mesh_->dispatcher.RunUntil([&] { return ControlPlaneBlueCount() == 2; }, 10s));
  mesh_->control_plane().Stop();
  mesh_->dispatcher.RunFor(20s);
  EXPECT_EQ(BlueCount(), 1u);
}

}  // namespace
}  // namespace meshsim::fakes
