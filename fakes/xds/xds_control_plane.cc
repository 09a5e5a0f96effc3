#include "fakes/xds/xds_control_plane.h"

#include <set>
#include <utility>

#include "fakes/appmesh/control_plane.h"
#include "fakes/appmesh/envoy_model.h"

namespace meshsim::fakes::xds {

XdsControlPlane::XdsControlPlane(Dispatcher& dispatcher, const AppMeshControlPlane& control_plane,
                                 ProfileOptions options, Publish publish)
    : control_plane_(control_plane), options_(options), publish_(std::move(publish)) {
  if (options_.profile == Profile::kSnapshot) {
    debouncer_ = std::make_unique<Debouncer>(
        dispatcher, options_.debounce_after, options_.debounce_max,
        [this] { PublishIfChanged(kDefaultNode, latest_mesh_); });
  }
}

void XdsControlPlane::Refresh() {
  if (options_.profile == Profile::kSnapshot) {
    Resources mesh = TranslateMesh(control_plane_);
    if (seen_mesh_ && mesh == latest_mesh_) return;
    seen_mesh_ = true;
    latest_mesh_ = std::move(mesh);
    debouncer_->Notify();
    return;
  }
  for (const EnvoyModel* envoy : control_plane_.Envoys()) {
    EnvoyFingerprint print{.topology = control_plane_.topology_version()};
    for (const auto& cluster : envoy->Clusters()) {
      ClusterLoadAssignmentPtr applied = envoy->Assignment(cluster);
      print.applied.emplace_back(cluster, applied == nullptr ? 0 : applied->version_number);
    }
    EnvoyFingerprint& last = fingerprints_[envoy->node_id()];
    if (published_.count(envoy->node_id()) > 0 && last == print) continue;
    last = std::move(print);
    PublishIfChanged(envoy->node_id(), TranslateEnvoy(control_plane_, *envoy));
  }
  std::set<std::string> virtual_nodes;
  for (const EnvoyModel* envoy : control_plane_.Envoys()) virtual_nodes.insert(envoy->virtual_node());
  for (const auto& vn : virtual_nodes) {
    PublishIfChanged(VirtualNodeKey(vn), TranslateVirtualNode(control_plane_, vn));
  }
  PublishIfChanged(kDefaultNode, TranslateMesh(control_plane_));
}

void XdsControlPlane::PublishIfChanged(const std::string& node, Resources resources) {
  auto it = published_.find(node);
  if (it != published_.end() && it->second == resources) return;
  published_[node] = resources;
  publish_(node, versioner_.Stamp(node, std::move(resources)));
}

}  // namespace meshsim::fakes::xds
