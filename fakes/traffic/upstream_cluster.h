// File: fakes/traffic/upstream_cluster.h
//
// One calling Envoy's load balancer for one cluster (an upstream virtual node): its hosts as
// the Envoy's last applied EDS assignment has them, plus what Envoy adds on top:
// - round-robin or random choice among the usable hosts;
// - EDS health: an endpoint Cloud Map reports UNHEALTHY is not used;
// - the panic threshold: when too few hosts are healthy, all of them are used;
// - active health checks, when the upstream virtual node's listener has a healthCheck: every
//   interval each host is probed; unhealthy_threshold failures in a row take it out of the
//   rotation, healthy_threshold passes bring it back. An endpoint that EDS removes while it is
//   still healthy stays routable ("pending dynamic removal") until it fails the checks, unless
//   ignore_health_on_host_removal is set (aws-app-mesh-roadmap#213).
// New hosts are used at once (their first check has not run yet).
//
// Example:
//   UpstreamCluster cluster(dispatcher, hosts, options, std::nullopt);
//   cluster.Sync(envoy.Assignment("ns/colorapp-blue"));
//   if (const UpstreamCluster::Host* h = cluster.Pick(random)) hosts.Accepts(h->address, h->port);
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "controller/api/appmesh_types.h"
#include "controller/api/dispatcher.h"
#include "controller/api/random.h"
#include "fakes/appmesh/cluster_load_assignment.h"
#include "fakes/traffic/traffic_options.h"
#include "fakes/traffic/upstream_hosts.h"

namespace meshsim::fakes {

class UpstreamCluster {
 public:
  struct Host {
    std::string address;
    int32_t port = 0;
    bool eds_unhealthy = false;  // Cloud Map says UNHEALTHY
    bool in_eds = true;          // false: removed by EDS, kept by health checking
    bool hc_healthy = true;      // the active health check's verdict
    int32_t failures = 0;        // consecutive failed checks
    int32_t passes = 0;          // consecutive passed checks
  };

  // `health_check` is the upstream virtual node's listener health check, if any. All
  // references must outlive this object.
  UpstreamCluster(Dispatcher& dispatcher, const UpstreamHosts& hosts,
                  const DataPlaneOptions& options,
                  std::optional<appmesh::HealthCheckPolicy> health_check);
  UpstreamCluster(const UpstreamCluster&) = delete;
  UpstreamCluster& operator=(const UpstreamCluster&) = delete;

  // Brings the hosts in line with the Envoy's applied assignment (nullptr: the Envoy has no
  // such cluster). Cheap when the assignment has not changed.
  void Sync(const ClusterLoadAssignmentPtr& assignment);
  // The host for one attempt, or nullptr when there is none to try ("no healthy upstream").
  // The pointer is valid until the next Sync or health check.
  const Host* Pick(Random& random);
  // Every host, sorted by address: EDS's plus those pending removal.
  const std::vector<Host>& hosts() const { return hosts_; }

 private:
  void RunHealthChecks();
  void Recompute();

  Dispatcher& dispatcher_;
  const UpstreamHosts& upstreams_;
  const DataPlaneOptions& options_;
  std::optional<appmesh::HealthCheckPolicy> health_check_;
  ClusterLoadAssignmentPtr synced_;  // held so a new snapshot cannot reuse its address
  bool synced_once_ = false;
  std::vector<Host> hosts_;
  std::vector<size_t> usable_;  // indices into hosts_
  uint64_t next_ = 0;           // round-robin position
  TimerPtr check_timer_;
};

}  // namespace meshsim::fakes
