// File: tools/serve/xds/served_snapshot.h
//
// What the ADS server sends, encoded once per publish: for each node the Envoy v3 messages of
// its fakes::xds resources packed in google.protobuf.Any, with their versions, and a thread-safe
// store the server's streams read and are told about changes by. Publishing happens on the
// serving thread (meshsim serve's event loop); reading on gRPC's threads.
//
// Example:
//   SnapshotStore store;
//   store.Publish("front-7d9c-abcde", versioned);   // from XdsControlPlane's publish callback
//   std::shared_ptr<const ServedSnapshot> s = store.Get("front-7d9c-abcde");
#pragma once

#include <google/protobuf/any.pb.h>

#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "fakes/xds/xds_resources.h"

namespace meshsim::serve::xds {

using fakes::xds::kResourceTypes;
using fakes::xds::ResourceType;

// "type.googleapis.com/envoy.config.listener.v3.Listener", ... by ResourceType.
const std::string& TypeUrl(ResourceType type);
// The type of a type URL; false when it is none of the four.
bool ParseTypeUrl(const std::string& url, ResourceType& type);

struct ServedResource {
  std::string version;
  google::protobuf::Any body;
};

struct ServedSnapshot {
  std::array<std::string, kResourceTypes> type_versions;                        // by type
  std::array<std::map<std::string, ServedResource>, kResourceTypes> resources;  // by type, name
  // The clusters each route configuration sends traffic to (cluster warming).
  std::map<std::string, std::vector<std::string>> route_clusters;
  // Cluster name -> the EDS service name it waits for.
  std::map<std::string, std::string> cluster_eds_names;
  // EDS resource name -> "address:port,..." for the server's log lines.
  std::map<std::string, std::string> endpoint_summaries;
};

// Encodes the resources as Envoy v3 messages (listener with the router filter, RDS over ADS,
// EDS clusters, localities with load_balancing_weight 1 and the endpoints' health_status).
std::shared_ptr<const ServedSnapshot> Encode(const fakes::xds::VersionedResources& resources);

class SnapshotStore {
 public:
  // Node "" (fakes::xds::XdsControlPlane::kDefaultNode) serves nodes with no snapshot of their own.
  void Publish(const std::string& node, const fakes::xds::VersionedResources& resources);
  // The node's snapshot, else its virtual node's (`cluster`: node.cluster, published under
  // XdsControlPlane::VirtualNodeKey), else the default one, else an empty snapshot.
  std::shared_ptr<const ServedSnapshot> Get(const std::string& node,
                                            const std::string& cluster = "") const;

  // `on_change` runs (on the publishing thread, never concurrently with Unsubscribe returning)
  // after every publish; returns the id Unsubscribe takes.
  uint64_t Subscribe(std::function<void()> on_change);
  void Unsubscribe(uint64_t id);

 private:
  mutable std::mutex data_mutex_;
  std::map<std::string, std::shared_ptr<const ServedSnapshot>> snapshots_;
  std::mutex subscribers_mutex_;  // held while calling subscribers
  std::map<uint64_t, std::function<void()>> subscribers_;
  uint64_t next_id_ = 1;
};

}  // namespace meshsim::serve::xds
