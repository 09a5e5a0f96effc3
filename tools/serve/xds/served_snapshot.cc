#include "tools/serve/xds/served_snapshot.h"

#include <utility>

#include "envoy/config/cluster/v3/cluster.pb.h"
#include "envoy/config/endpoint/v3/endpoint.pb.h"
#include "envoy/config/listener/v3/listener.pb.h"
#include "envoy/config/route/v3/route.pb.h"
#include "envoy/extensions/filters/http/router/v3/router.pb.h"
#include "envoy/extensions/filters/network/http_connection_manager/v3/http_connection_manager.pb.h"
#include "fakes/xds/xds_control_plane.h"

namespace meshsim::serve::xds {
namespace {

namespace core = envoy::config::core::v3;
namespace hcm = envoy::extensions::filters::network::http_connection_manager::v3;

void UseAds(core::ConfigSource& source) {
  source.mutable_ads();
  source.set_resource_api_version(core::V3);
}

google::protobuf::Any EncodeListener(const fakes::xds::Listener& l) {
  hcm::HttpConnectionManager manager;
  manager.set_stat_prefix(l.name);
  manager.mutable_rds()->set_route_config_name(l.route_config_name);
  UseAds(*manager.mutable_rds()->mutable_config_source());
  // The router must be the last HTTP filter; gRPC C++ NACKs a listener without one.
  auto* router = manager.add_http_filters();
  router->set_name("envoy.filters.http.router");
  router->mutable_typed_config()->PackFrom(envoy::extensions::filters::http::router::v3::Router());
  envoy::config::listener::v3::Listener listener;
  listener.set_name(l.name);
  listener.mutable_api_listener()->mutable_api_listener()->PackFrom(manager);
  google::protobuf::Any any;
  any.PackFrom(listener);
  return any;
}

google::protobuf::Any EncodeRoute(const fakes::xds::RouteConfiguration& r) {
  envoy::config::route::v3::RouteConfiguration config;
  config.set_name(r.name);
  auto* host = config.add_virtual_hosts();
  host->set_name(r.name);
  host->add_domains(std::string("*"));  // the const char* overload trips GCC 12's -Wrestrict
  auto* route = host->add_routes();
  route->mutable_match()->set_prefix("");
  auto* action = route->mutable_route();
  if (r.clusters.size() == 1) {
    action->set_cluster(r.clusters[0].cluster);
  } else {
    uint32_t total = 0;
    for (const auto& c : r.clusters) {
      auto* weighted = action->mutable_weighted_clusters()->add_clusters();
      weighted->set_name(c.cluster);
      weighted->mutable_weight()->set_value(c.weight);
      total += c.weight;
    }
    // Deprecated in Envoy, but gRPC C++ 1.51 checks the weights against it (default 100) and
    // NACKs "incorrect total weight" otherwise.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
    action->mutable_weighted_clusters()->mutable_total_weight()->set_value(total);
#pragma GCC diagnostic pop
  }
  google::protobuf::Any any;
  any.PackFrom(config);
  return any;
}

google::protobuf::Any EncodeCluster(const fakes::xds::Cluster& c) {
  envoy::config::cluster::v3::Cluster cluster;
  cluster.set_name(c.name);
  cluster.set_type(envoy::config::cluster::v3::Cluster::EDS);
  cluster.mutable_eds_cluster_config()->set_service_name(c.eds_service_name);
  UseAds(*cluster.mutable_eds_cluster_config()->mutable_eds_config());
  cluster.set_lb_policy(envoy::config::cluster::v3::Cluster::ROUND_ROBIN);
  cluster.mutable_connect_timeout()->set_seconds(1);
  google::protobuf::Any any;
  any.PackFrom(cluster);
  return any;
}

core::HealthStatus ToEnvoy(cloudmap::HealthStatus health) {
  switch (health) {
    case cloudmap::HealthStatus::kHealthy: return core::HEALTHY;
    case cloudmap::HealthStatus::kUnhealthy: return core::UNHEALTHY;
    default: return core::UNKNOWN;
  }
}

google::protobuf::Any EncodeEndpoints(const fakes::xds::Endpoints& e) {
  envoy::config::endpoint::v3::ClusterLoadAssignment cla;
  cla.set_cluster_name(e.cluster_name);
  if (!e.endpoints.empty()) {
    auto* locality = cla.add_endpoints();
    // Both gRPC clients drop a locality without a weight.
    locality->mutable_load_balancing_weight()->set_value(1);
    locality->mutable_locality()->set_region("meshsim");
    for (const auto& endpoint : e.endpoints) {
      auto* lb = locality->add_lb_endpoints();
      auto* socket = lb->mutable_endpoint()->mutable_address()->mutable_socket_address();
      socket->set_address(endpoint.address);
      socket->set_port_value(static_cast<uint32_t>(endpoint.port));
      lb->set_health_status(ToEnvoy(endpoint.health));
    }
  }
  google::protobuf::Any any;
  any.PackFrom(cla);
  return any;
}

}  // namespace

const std::string& TypeUrl(ResourceType type) {
  static const std::array<std::string, kResourceTypes> kUrls = {
      "type.googleapis.com/envoy.config.listener.v3.Listener",
      "type.googleapis.com/envoy.config.route.v3.RouteConfiguration",
      "type.googleapis.com/envoy.config.cluster.v3.Cluster",
      "type.googleapis.com/envoy.config.endpoint.v3.ClusterLoadAssignment"};
  return kUrls[static_cast<int>(type)];
}

bool ParseTypeUrl(const std::string& url, ResourceType& type) {
  for (int t = 0; t < kResourceTypes; ++t) {
    if (TypeUrl(static_cast<ResourceType>(t)) == url) {
      type = static_cast<ResourceType>(t);
      return true;
    }
  }
  return false;
}

std::shared_ptr<const ServedSnapshot> Encode(const fakes::xds::VersionedResources& v) {
  auto s = std::make_shared<ServedSnapshot>();
  for (int t = 0; t < kResourceTypes; ++t) s->type_versions[t] = std::to_string(v.type_versions[t]);
  auto add = [&](ResourceType type, const std::string& name, google::protobuf::Any body) {
    int t = static_cast<int>(type);
    s->resources[t][name] = {std::to_string(v.resource_versions[t].at(name)), std::move(body)};
  };
  for (const auto& [name, l] : v.resources.listeners) add(ResourceType::kListener, name, EncodeListener(l));
  for (const auto& [name, r] : v.resources.routes) {
    add(ResourceType::kRoute, name, EncodeRoute(r));
    for (const auto& c : r.clusters) s->route_clusters[name].push_back(c.cluster);
  }
  for (const auto& [name, c] : v.resources.clusters) {
    add(ResourceType::kCluster, name, EncodeCluster(c));
    s->cluster_eds_names[name] = c.eds_service_name;
  }
  for (const auto& [name, e] : v.resources.endpoints) {
    add(ResourceType::kEndpoint, name, EncodeEndpoints(e));
    std::string summary;
    for (const auto& endpoint : e.endpoints) {
      summary += (summary.empty() ? "" : ",") + endpoint.address + ":" + std::to_string(endpoint.port);
    }
    s->endpoint_summaries[name] = summary;
  }
  return s;
}

void SnapshotStore::Publish(const std::string& node, const fakes::xds::VersionedResources& r) {
  std::shared_ptr<const ServedSnapshot> encoded = Encode(r);
  {
    std::lock_guard<std::mutex> lock(data_mutex_);
    snapshots_[node] = std::move(encoded);
  }
  std::lock_guard<std::mutex> lock(subscribers_mutex_);
  for (const auto& [id, on_change] : subscribers_) on_change();
}

std::shared_ptr<const ServedSnapshot> SnapshotStore::Get(const std::string& node,
                                                        const std::string& cluster) const {
  static const auto kEmpty = std::make_shared<const ServedSnapshot>();
  std::lock_guard<std::mutex> lock(data_mutex_);
  auto it = snapshots_.find(node);
  if (it == snapshots_.end() && !cluster.empty()) {
    it = snapshots_.find(fakes::xds::XdsControlPlane::VirtualNodeKey(cluster));
  }
  if (it == snapshots_.end()) it = snapshots_.find("");
  return it == snapshots_.end() ? kEmpty : it->second;
}

uint64_t SnapshotStore::Subscribe(std::function<void()> on_change) {
  std::lock_guard<std::mutex> lock(subscribers_mutex_);
  subscribers_[next_id_] = std::move(on_change);
  return next_id_++;
}

void SnapshotStore::Unsubscribe(uint64_t id) {
  std::lock_guard<std::mutex> lock(subscribers_mutex_);
  subscribers_.erase(id);
}

}  // namespace meshsim::serve::xds
