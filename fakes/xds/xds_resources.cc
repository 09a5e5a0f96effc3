#include "fakes/xds/xds_resources.h"

#include <algorithm>

#include "fakes/appmesh/control_plane.h"
#include "fakes/appmesh/envoy_model.h"

namespace meshsim::fakes::xds {
namespace {

// "namespace/name" of the virtual service a backend names, as the mesh graph keys it.
std::string BackendKey(const appmesh::Backend& backend, const std::string& vn_namespace) {
  const auto& ref = backend.virtual_service_ref;
  return ref.namespace_name.value_or(vn_namespace) + "/" + ref.name;
}

// The listener name a client dials: the service's awsName, else "<name>.<namespace>" (the
// webhook's default).
std::string ListenerName(const std::string& vs_key, const appmesh::VirtualService* vs) {
  if (vs != nullptr && vs->spec.aws_name) return *vs->spec.aws_name;
  auto slash = vs_key.find('/');
  return vs_key.substr(slash + 1) + "." + vs_key.substr(0, slash);
}

// Adds the listener, route and clusters of virtual service `vs_key`; returns the clusters.
std::vector<std::string> AddService(const AppMeshControlPlane& cp, const std::string& vs_key,
                                    Resources& out) {
  std::vector<AppMeshControlPlane::RouteTarget> targets = cp.RouteOf(vs_key);
  if (targets.empty()) return {};
  const auto& services = cp.VirtualServices();
  auto vs = services.find(vs_key);
  std::string listener = ListenerName(vs_key, vs == services.end() ? nullptr : &vs->second);
  std::string route = "route/" + vs_key;
  out.listeners[listener] = Listener{.name = listener, .route_config_name = route};
  RouteConfiguration& config = out.routes[route];
  config.name = route;
  std::vector<std::string> clusters;
  for (const auto& target : targets) {
    // App Mesh weights are 0-100; a zero weight is no traffic, which xDS expresses by leaving
    // the cluster out (a weight must be > 0 for the gRPC clients).
    if (target.weight <= 0) continue;
    config.clusters.push_back(
        {.cluster = target.vn_key, .weight = static_cast<uint32_t>(target.weight)});
    out.clusters[target.vn_key] = Cluster{.name = target.vn_key, .eds_service_name = target.vn_key};
    clusters.push_back(target.vn_key);
  }
  std::sort(config.clusters.begin(), config.clusters.end(),
            [](const WeightedCluster& a, const WeightedCluster& b) { return a.cluster < b.cluster; });
  return clusters;
}

}  // namespace

const char* ShortName(ResourceType type) {
  switch (type) {
    case ResourceType::kListener: return "LDS";
    case ResourceType::kRoute: return "RDS";
    case ResourceType::kCluster: return "CDS";
    case ResourceType::kEndpoint: return "EDS";
  }
  return "?";
}

std::vector<std::string> Resources::Names(ResourceType type) const {
  std::vector<std::string> names;
  auto collect = [&](const auto& map) {
    for (const auto& [name, value] : map) names.push_back(name);
  };
  switch (type) {
    case ResourceType::kListener: collect(listeners); break;
    case ResourceType::kRoute: collect(routes); break;
    case ResourceType::kCluster: collect(clusters); break;
    case ResourceType::kEndpoint: collect(endpoints); break;
  }
  return names;
}

Resources TranslateEnvoy(const AppMeshControlPlane& cp, const EnvoyModel& envoy) {
  Resources out;
  const appmesh::VirtualNode* vn = cp.FindVirtualNode(envoy.virtual_node());
  if (vn == nullptr) return out;
  for (const auto& backend : vn->spec.backends) {
    for (const auto& cluster : AddService(cp, BackendKey(backend, vn->metadata.namespace_name), out)) {
      ClusterLoadAssignmentPtr applied = envoy.Assignment(cluster);
      if (applied == nullptr) continue;  // warming: its first EDS response has not been applied
      out.endpoints[cluster] = Endpoints{.cluster_name = cluster, .endpoints = applied->endpoints};
    }
  }
  return out;
}

Resources TranslateVirtualNode(const AppMeshControlPlane& cp, const std::string& vn_key) {
  Resources out;
  const appmesh::VirtualNode* vn = cp.FindVirtualNode(vn_key);
  if (vn == nullptr) return out;
  for (const auto& backend : vn->spec.backends) {
    for (const auto& cluster : AddService(cp, BackendKey(backend, vn->metadata.namespace_name), out)) {
      ClusterLoadAssignmentPtr current = cp.CurrentAssignment(cluster);
      out.endpoints[cluster] = Endpoints{
          .cluster_name = cluster,
          .endpoints = current == nullptr ? std::vector<Endpoint>{} : current->endpoints};
    }
  }
  return out;
}

Resources TranslateMesh(const AppMeshControlPlane& cp) {
  Resources out;
  for (const auto& [vs_key, vs] : cp.VirtualServices()) {
    for (const auto& cluster : AddService(cp, vs_key, out)) {
      ClusterLoadAssignmentPtr current = cp.CurrentAssignment(cluster);
      out.endpoints[cluster] = Endpoints{
          .cluster_name = cluster,
          .endpoints = current == nullptr ? std::vector<Endpoint>{} : current->endpoints};
    }
  }
  return out;
}

VersionedResources Versioner::Stamp(const std::string& node, Resources resources) {
  NodeState& state = nodes_[node];
  VersionedResources next;
  next.resources = std::move(resources);
  const VersionedResources* prev = state.stamped ? &state.last : nullptr;
  // A changed or new resource, and a type with any change, take the node's next number.
  auto stamp = [&](ResourceType type, const auto& now_map, const auto* prev_map) {
    int t = static_cast<int>(type);
    bool changed = prev == nullptr || prev_map->size() != now_map.size();
    for (const auto& [name, value] : now_map) {
      const uint64_t* kept = nullptr;
      if (prev != nullptr) {
        auto old = prev_map->find(name);
        if (old != prev_map->end() && old->second == value) {
          kept = &prev->resource_versions[t].at(name);
        }
      }
      if (kept == nullptr) changed = true;
      next.resource_versions[t][name] = kept != nullptr ? *kept : ++state.counter;
    }
    next.type_versions[t] = changed ? ++state.counter : prev->type_versions[t];
  };
  const Resources* p = prev == nullptr ? nullptr : &prev->resources;
  stamp(ResourceType::kListener, next.resources.listeners, p ? &p->listeners : nullptr);
  stamp(ResourceType::kRoute, next.resources.routes, p ? &p->routes : nullptr);
  stamp(ResourceType::kCluster, next.resources.clusters, p ? &p->clusters : nullptr);
  stamp(ResourceType::kEndpoint, next.resources.endpoints, p ? &p->endpoints : nullptr);
  state.last = next;
  state.stamped = true;
  return next;
}

}  // namespace meshsim::fakes::xds
