// File: fakes/xds/xds_control_plane.h
//
// Decides what each xDS client is served, and when, from the App Mesh control plane model and
// the scenario's profile (xds_profile.h). The owner calls Refresh whenever the model may have
// changed (meshsim serve: after each step of the paced world); what changed is handed to
// `publish` with fresh versions:
//   - kAppMesh: per simulated pod (node id = pod name) the resources its Envoy model has
//     applied, so a real client using a pod's name sees the pushes that pod's simulated Envoy
//     sees, with App Mesh's poll interval and push delays; per virtual node of those pods
//     (VirtualNodeKey) its backends with the control plane's current assignments; and under
//     node "" the whole mesh with the current assignments, for any other client.
//   - kSnapshot: only node "": the whole mesh, debounced (Debouncer on the same dispatcher, so
//     the debounce runs in simulated time).
//
// Example:
//   XdsControlPlane xds(dispatcher, control_plane, options.xds,
//                       [&](const std::string& node, const VersionedResources& r) { ... });
//   world.RunUntil(t); xds.Refresh();
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "controller/api/dispatcher.h"
#include "fakes/appmesh/debouncer.h"
#include "fakes/xds/xds_profile.h"
#include "fakes/xds/xds_resources.h"

namespace meshsim::fakes::xds {

class XdsControlPlane {
 public:
  // The node every client that has no resources of its own is served.
  static constexpr const char* kDefaultNode = "";
  // The store key of a virtual node's view ("cluster:namespace/name"): a client whose node id is
  // no pod but whose node.cluster names a virtual node with meshed pods gets it.
  static std::string VirtualNodeKey(const std::string& vn_key) { return "cluster:" + vn_key; }
  using Publish = std::function<void(const std::string& node, const VersionedResources&)>;

  // REQUIRES: `dispatcher` and `control_plane` outlive this object.
  XdsControlPlane(Dispatcher& dispatcher, const AppMeshControlPlane& control_plane,
                  ProfileOptions options, Publish publish);
  XdsControlPlane(const XdsControlPlane&) = delete;
  XdsControlPlane& operator=(const XdsControlPlane&) = delete;

  // Re-reads the model and publishes (or, kSnapshot, debounces) what changed.
  void Refresh();
  const ProfileOptions& options() const { return options_; }

 private:
  void PublishIfChanged(const std::string& node, Resources resources);
  // What a pod's view depends on: the mesh's topology and the version of each applied cluster.
  // Translating only when it changed keeps a refresh of a large mesh cheap.
  struct EnvoyFingerprint {
    uint64_t topology = 0;
    std::vector<std::pair<std::string, uint64_t>> applied;  // cluster -> version_number
    friend bool operator==(const EnvoyFingerprint&, const EnvoyFingerprint&) = default;
  };

  const AppMeshControlPlane& control_plane_;
  ProfileOptions options_;
  Publish publish_;
  Versioner versioner_;
  std::map<std::string, Resources> published_;  // node -> what it was last handed
  std::map<std::string, EnvoyFingerprint> fingerprints_;  // pod node -> at its last translation
  Resources latest_mesh_;                       // kSnapshot: the view waiting for the debounce
  bool seen_mesh_ = false;
  std::unique_ptr<Debouncer> debouncer_;  // kSnapshot only
};

}  // namespace meshsim::fakes::xds
