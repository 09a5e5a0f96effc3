// File: fakes/xds/xds_resources.h
//
// The xDS resources one client is served, as value types (no protobuf: tools/serve/xds turns
// them into Envoy's v3 messages). They are computed from the App Mesh control plane model's
// state by TranslateEnvoy / TranslateMesh, so the ADS server and the simulated Envoys read the
// same model:
//   - Listener  "<virtual service awsName>" (e.g. colorapp.howto-k8s-cloudmap.svc.cluster.local,
//               the host a gRPC client dials as xds:///...), an API listener whose connection
//               manager reads route "route/<vs key>" over ADS;
//   - Route     one virtual host, domains "*", prefix "" to the weighted clusters of the
//               service's route (AppMeshControlPlane::RouteOf: the router's weights);
//   - Cluster   "<vn key>" (namespace/name of a virtual node), EDS over ADS, round robin;
//   - Endpoints ClusterLoadAssignment "<vn key>": address, port, Cloud Map health.
// Versions are stamped by Versioner: one number per type (SotW version_info) and per resource
// (delta), bumped only when the content changes.
//
// Example:
//   Resources r = TranslateMesh(control_plane);
//   r.listeners.at("colorapp.howto-k8s-cloudmap.svc.cluster.local").route_config_name;
//   VersionedResources v = versioner.Stamp("front-7d9c-abcde", std::move(r));
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "fakes/appmesh/cluster_load_assignment.h"

namespace meshsim::fakes {
class AppMeshControlPlane;
class EnvoyModel;
}  // namespace meshsim::fakes

namespace meshsim::fakes::xds {

// In ADS request order: LDS, RDS, CDS, EDS.
enum class ResourceType { kListener = 0, kRoute = 1, kCluster = 2, kEndpoint = 3 };
inline constexpr int kResourceTypes = 4;
// "LDS", "RDS", "CDS", "EDS".
const char* ShortName(ResourceType type);

struct Listener {
  std::string name;
  std::string route_config_name;
  friend bool operator==(const Listener&, const Listener&) = default;
};

struct WeightedCluster {
  std::string cluster;
  uint32_t weight = 1;
  friend bool operator==(const WeightedCluster&, const WeightedCluster&) = default;
};

struct RouteConfiguration {
  std::string name;
  std::vector<WeightedCluster> clusters;  // sorted by cluster
  friend bool operator==(const RouteConfiguration&, const RouteConfiguration&) = default;
};

struct Cluster {
  std::string name;
  std::string eds_service_name;
  friend bool operator==(const Cluster&, const Cluster&) = default;
};

struct Endpoints {
  std::string cluster_name;
  std::vector<Endpoint> endpoints;  // sorted by address, then port
  friend bool operator==(const Endpoints&, const Endpoints&) = default;
};

// Everything one node is served, by resource name.
struct Resources {
  std::map<std::string, Listener> listeners;
  std::map<std::string, RouteConfiguration> routes;
  std::map<std::string, Cluster> clusters;
  std::map<std::string, Endpoints> endpoints;
  friend bool operator==(const Resources&, const Resources&) = default;
  // Names of the resources of `type`, sorted.
  std::vector<std::string> Names(ResourceType type) const;
};

struct VersionedResources {
  Resources resources;
  std::array<uint64_t, kResourceTypes> type_versions{};            // by ResourceType
  std::array<std::map<std::string, uint64_t>, kResourceTypes> resource_versions{};
};

// What the Envoy of a pod is configured with: a listener per backend virtual service of its
// virtual node, their routes and clusters, and for each cluster the assignment that Envoy model
// has applied (a cluster whose first assignment has not arrived has no Endpoints entry: it is
// still warming).
Resources TranslateEnvoy(const AppMeshControlPlane& control_plane, const EnvoyModel& envoy);
// What an Envoy of virtual node `vn_key` ("namespace/name") would be configured with now: its
// backends' listeners, routes and clusters with the control plane's current assignments (a
// client that names no pod but gives its virtual node as node.cluster gets this).
Resources TranslateVirtualNode(const AppMeshControlPlane& control_plane, const std::string& vn_key);
// The whole mesh as the control plane knows it now: every virtual service, every target
// cluster, and the control plane's current assignment of each (a client that is no simulated
// pod gets this).
Resources TranslateMesh(const AppMeshControlPlane& control_plane);

// Stamps versions per node: a type's version changes when any of its resources changed (or
// one was added or removed), a resource's when it changed. Both take the node's next number
// (from 1), so a version is never reused for a node, even for a resource removed and re-added.
class Versioner {
 public:
  VersionedResources Stamp(const std::string& node, Resources resources);

 private:
  struct NodeState {
    VersionedResources last;
    bool stamped = false;
    uint64_t counter = 0;
  };
  std::map<std::string, NodeState> nodes_;
};

}  // namespace meshsim::fakes::xds
