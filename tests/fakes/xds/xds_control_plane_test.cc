#include "fakes/xds/xds_control_plane.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "tests/fakes/appmesh/colorapp_mesh.h"

namespace meshsim::fakes::xds {
namespace {

using namespace std::chrono_literals;
using ::meshsim::testing::ColorappMesh;
using ::meshsim::testing::kBlue;
using ::meshsim::testing::kCloudMapNs;
using ::meshsim::testing::kFrontLabels;

struct Published {
  Duration at;
  std::string node;
  size_t blue_endpoints;
};

// The colorapp mesh with a front pod, an XdsControlPlane of `profile` refreshed every 10 ms
// (as meshsim serve refreshes after each step of the paced world), recording what it publishes.
class XdsControlPlaneTest : public ::testing::Test {
 protected:
  void Start(ProfileOptions options) {
    xds_ = std::make_unique<XdsControlPlane>(
        mesh_.dispatcher, mesh_.control_plane(), options,
        [this](const std::string& node, const VersionedResources& r) {
          auto it = r.resources.endpoints.find(kBlue);
          published_.push_back({mesh_.dispatcher.Now() - MonotonicTime{}, node,
                                it == r.resources.endpoints.end() ? 0 : it->second.endpoints.size()});
        });
    mesh_.AddPod("front-1", kFrontLabels, "10.0.0.1");
    mesh_.control_plane().Start();
    Run(6s);
  }
  void Run(Duration d) {
    for (Duration t{0}; t < d; t += 10ms) {
      mesh_.dispatcher.RunFor(10ms);
      xds_->Refresh();
      ClusterLoadAssignmentPtr blue = mesh_.control_plane().CurrentAssignment(kBlue);
      if (two_blue_seen_at_ < Duration(0) && blue != nullptr && blue->endpoints.size() == 2) {
        two_blue_seen_at_ = mesh_.dispatcher.Now() - MonotonicTime{};
      }
    }
  }
  // The last time `node` was published with `blue` blue endpoints, or -1ns.
  Duration LastPublished(const std::string& node, size_t blue) const {
    Duration at = -1ns;
    for (const auto& p : published_) {
      if (p.node == node && p.blue_endpoints == blue) at = p.at;
    }
    return at;
  }

  ColorappMesh mesh_;
  std::unique_ptr<XdsControlPlane> xds_;
  std::vector<Published> published_;
  Duration two_blue_seen_at_ = -1ns;  // the refresh that first saw two blue endpoints
};

TEST_F(XdsControlPlaneTest, AppMeshProfilePublishesEachPodsAppliedViewAndTheMeshView) {
  Start(ProfileOptions{});
  EXPECT_GE(LastPublished("front-1", 1), Duration(0));
  EXPECT_GE(LastPublished(XdsControlPlane::kDefaultNode, 1), Duration(0));
  EXPECT_GE(LastPublished(XdsControlPlane::VirtualNodeKey(::meshsim::testing::kFront), 1), Duration(0));
  size_t before = published_.size();
  Run(1s);  // nothing changes: nothing is published again
  EXPECT_EQ(published_.size(), before);
}

TEST_F(XdsControlPlaneTest, AppMeshProfileFollowsThePodsEnvoyModel) {
  Start(ProfileOptions{});
  mesh_.cloudmap.Register(kCloudMapNs, "colorapp", "10.0.1.2", {{"color", "blue"}});
  Run(::meshsim::testing::kWorstPropagation + 20ms);
  ASSERT_GE(LastPublished("front-1", 2), Duration(0));
  // The pod's Envoy applied the change at most one refresh before it was published.
  EXPECT_EQ(mesh_.Envoy("front-1")->Endpoints(kBlue).size(), 2u);
}

TEST_F(XdsControlPlaneTest, SnapshotProfilePublishesOnlyTheMeshViewAfterTheDebounce) {
  Start(ProfileOptions{.profile = Profile::kSnapshot,
                       .debounce_after = 100ms,
                       .debounce_max = 10s});
  EXPECT_LT(LastPublished("front-1", 1), Duration(0));  // no per-pod views
  ASSERT_GE(LastPublished(XdsControlPlane::kDefaultNode, 1), Duration(0));

  mesh_.cloudmap.Register(kCloudMapNs, "colorapp", "10.0.1.2", {{"color", "blue"}});
  Run(6s);
  Duration published = LastPublished(XdsControlPlane::kDefaultNode, 2);
  ASSERT_GE(published, Duration(0));
  // The push came one quiet period (100 ms) after the refresh that noticed the control plane's
  // new snapshot, whatever the pods' push delays.
  ASSERT_GE(two_blue_seen_at_, Duration(0));
  EXPECT_EQ(published, two_blue_seen_at_ + 100ms);
}

TEST_F(XdsControlPlaneTest, SnapshotProfileWaitsForTheQuietPeriod) {
  Start(ProfileOptions{.profile = Profile::kSnapshot,
                       .debounce_after = 2s,
                       .debounce_max = 10s});
  // The first view appears 2 s after the first refresh that saw the mesh, not before.
  Duration first = 1h;
  for (const auto& p : published_) first = std::min(first, p.at);
  EXPECT_GE(first, 2s);
}

}  // namespace
}  // namespace meshsim::fakes::xds
