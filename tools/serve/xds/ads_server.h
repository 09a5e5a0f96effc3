// File: tools/serve/xds/ads_server.h
//
// envoy.service.discovery.v3.AggregatedDiscoveryService over gRPC (callback API: no thread per
// stream; pushes start from the publishing thread), serving a SnapshotStore to real xDS clients
// (Envoy, gRPC's xDS clients). Both variants:
//   - StreamAggregatedResources (state of the world): version_info per type, a new nonce per
//     response; a request echoing the latest nonce is an ACK, or a NACK when it carries
//     error_detail (the old version stays the applied one and the NACKed version is not sent
//     again); a request whose nonce is not the latest one of its type is stale and ignored
//     (only the latest request counts); a changed resource_names list is answered at once.
//   - DeltaAggregatedResources (incremental): subscribe/unsubscribe, initial_resource_versions,
//     only changed resources and removed_resources are sent, system_version_info per type.
// The node of a stream is its first request's node.id (meshsim: the pod name); it selects the
// node's snapshot in the store, else the one of its node.cluster (meshsim: the virtual node),
// else the default one.
// Cluster warming: clusters sent by CDS are warming until the client ACKs an EDS response with
// their assignment (as Envoy applies a cluster only once its endpoints arrived); while a cluster
// is warming, listener and route updates are held, so a client is never routed to a cluster it
// cannot use yet. Pushes go out in CDS, EDS, LDS, RDS order.
//
// Example:
//   SnapshotStore store;
//   AdsServer server(store, {.address = "127.0.0.1:0", .log = [](const std::string& l) {...}});
//   if (Status s = server.Start(); !s.ok()) ...;
//   server.port();
#pragma once

#include <array>
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>

#include "controller/api/status.h"
#include "tools/serve/xds/served_snapshot.h"

namespace meshsim::serve::xds {

struct AdsServerOptions {
  // host:port; port 0 picks a free one.
  std::string address = "127.0.0.1:0";
  // One line per protocol event (request, response, ACK, NACK, stale); called on gRPC's
  // threads, one line at a time. May be empty.
  std::function<void(const std::string&)> log;
};

// What the server knows of the latest stream of one node.
struct TypeStatus {
  std::string sent_version;    // of the last response
  std::string sent_nonce;
  std::string acked_version;   // the version the client applied last (unchanged by a NACK)
  std::string nacked_version;  // the version of the last NACK, "" when none
  std::string last_error;      // error_detail.message of the last NACK
  int responses = 0;
  int acks = 0;
  int nacks = 0;
  int stale = 0;  // requests ignored for a stale nonce
};
struct NodeStatus {
  bool delta = false;
  std::string cluster;  // node.cluster (meshsim: the virtual node)
  std::array<TypeStatus, kResourceTypes> types;
  std::set<std::string> warming_clusters;
  // The CDS version whose clusters all have their endpoints (acked CDS and no warming cluster).
  std::string applied_cds_version;
};

class AdsServer {
 public:
  // REQUIRES: `store` outlives this object.
  AdsServer(SnapshotStore& store, AdsServerOptions options);
  ~AdsServer();
  AdsServer(const AdsServer&) = delete;
  AdsServer& operator=(const AdsServer&) = delete;

  // Binds and starts serving. kInvalidArgument when the address cannot be bound.
  Status Start();
  // The bound port (after Start).
  int port() const { return port_; }
  // Ends every stream and stops. Idempotent; the destructor calls it.
  void Shutdown();

  // The node's status, nullopt before its first request.
  std::optional<NodeStatus> StatusOf(const std::string& node) const;
  // Waits until `done(status of node)` holds or `timeout` passes; returns whether it held. For
  // tests and tools that must wait for a client's ACK.
  bool WaitFor(const std::string& node, const std::function<bool(const NodeStatus&)>& done,
               std::chrono::milliseconds timeout) const;

  class Impl;  // the gRPC service and its reactors (ads_server.cc)

 private:
  SnapshotStore& store_;
  AdsServerOptions options_;
  std::unique_ptr<Impl> impl_;
  int port_ = 0;
};

}  // namespace meshsim::serve::xds
