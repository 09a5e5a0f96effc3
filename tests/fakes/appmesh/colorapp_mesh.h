// File: tests/fakes/appmesh/colorapp_mesh.h
//
// The howto-k8s-cloudmap mesh (shared/spec/controller.md E.2) for the control plane's tests:
// builders for its App Mesh objects and pods, and ColorappMesh, which wires in-test fakes of
// the inputs to an AppMeshControlPlane on a ManualDispatcher.
//
// Example:
//   ColorappMesh mesh;           // front, colorapp-blue, colorapp-red, their services, routers
//   mesh.AddPod("front-1", {{"app", "front"}}, "10.0.0.1");
//   mesh.control_plane().Start();
//   mesh.dispatcher.RunFor(std::chrono::seconds(6));
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "controller/api/appmesh_types.h"
#include "controller/api/kube_types.h"
#include "fakes/appmesh/control_plane.h"
#include "tests/fakes/appmesh/fake_discovery_cloud_map.h"
#include "tests/support/fake_resource_client.h"
#include "tests/support/manual_dispatcher.h"
#include "tests/support/recording_tracer.h"
#include "tests/support/test_random.h"

namespace meshsim::testing {

inline constexpr char kNs[] = "howto-k8s-cloudmap";
inline constexpr char kCloudMapNs[] = "howto-k8s-cloudmap.pvt.aws.local";
inline const std::string kBlue = std::string(kNs) + "/colorapp-blue";
inline const std::string kRed = std::string(kNs) + "/colorapp-red";
inline const std::string kFront = std::string(kNs) + "/front";
// The labels of the front pods (their Deployment's selector and the front VirtualNode's).
inline const kube::Labels kFrontLabels = {{"app", "front"}, {"version", "v1"}};
// Worst case from a Cloud Map change to an applied EDS update with the control plane's default
// knobs: one poll interval, the fake's 20 ms Cloud Map latency, push_delay <= 500 ms, apply <= 10 ms.
inline constexpr Duration kWorstPropagation = std::chrono::seconds(5) +
                                              std::chrono::milliseconds(20 + 500 + 10);

appmesh::VirtualNode MakeVirtualNode(const std::string& name, kube::Labels selector,
                                     const std::string& service,
                                     std::vector<appmesh::AwsCloudMapInstanceAttribute> attrs,
                                     std::vector<std::string> backends);
appmesh::VirtualService MakeServiceToRouter(const std::string& name, const std::string& router);
appmesh::VirtualService MakeServiceToNode(const std::string& name, const std::string& node);
appmesh::VirtualRouter MakeRouter(const std::string& name, std::vector<std::string> targets);
// A Running pod with an "envoy" container (unless `with_envoy` is false).
kube::Pod MakePod(const std::string& name, kube::Labels labels, const std::string& ip,
                  bool with_envoy = true);

// A RecordingTracer that also keeps one line per event, stamped with the dispatcher's time,
// for byte-for-byte determinism checks.
class TimedTracer : public RecordingTracer {
 public:
  explicit TimedTracer(const Dispatcher& dispatcher) : dispatcher_(dispatcher) {}
  void Record(const TraceEvent& event) override;
  const std::string& text() const { return text_; }
  // Returns the events with that component and name.
  std::vector<TraceEvent> Find(const std::string& component, const std::string& name) const;

 private:
  const Dispatcher& dispatcher_;
  std::string text_;
};

// Returns the string value of `key` in `event`, or "" when absent or not a string.
std::string Field(const TraceEvent& event, const std::string& key);

class ColorappMesh {
 public:
  explicit ColorappMesh(uint64_t seed = 1, fakes::ControlPlaneOptions options = {});

  // Adds a pod (Running, with an envoy container by default) to the pod client.
  void AddPod(const std::string& name, kube::Labels labels, const std::string& ip,
              bool with_envoy = true);
  fakes::AppMeshControlPlane& control_plane() { return *control_plane_; }
  const fakes::EnvoyModel* Envoy(const std::string& pod) const {
    return control_plane_->FindEnvoy(kNs, pod);
  }

  // Watch events reach the control plane's informers 1 ms after each change.
  static constexpr Duration kWatchLag = std::chrono::milliseconds(1);
  ManualDispatcher dispatcher;
  TestRandom random;
  TimedTracer tracer{dispatcher};
  FakeDiscoveryCloudMap cloudmap{dispatcher};
  FakeResourceClient<appmesh::VirtualNode> virtual_nodes{dispatcher, kWatchLag};
  FakeResourceClient<appmesh::VirtualService> virtual_services{dispatcher, kWatchLag};
  FakeResourceClient<appmesh::VirtualRouter> virtual_routers{dispatcher, kWatchLag};
  FakeResourceClient<kube::Pod> pods{dispatcher, kWatchLag};

 private:
  std::unique_ptr<fakes::AppMeshControlPlane> control_plane_;
};

}  // namespace meshsim::testing
