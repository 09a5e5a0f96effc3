// File: fakes/traffic/traffic_model.h
//
// Requests between virtual nodes, routed by each calling Envoy's current view of the mesh.
// Each stream sends requests from the Envoys of one virtual node (in turn) at a fixed or
// Poisson rate. A request:
//   1. takes the route of the target virtual service (its router's highest-priority route;
//      a weighted target drawn from the stream's Random) to one cluster;
//   2. asks the caller Envoy's load balancer for that cluster (UpstreamCluster: the hosts of
//      the caller's last applied EDS assignment) for a host; none: kNoHealthyUpstream;
//   3. connects if UpstreamHosts accepts the address; on failure retries on another pick, up
//      to max_retries times (kRetried if one connects, else kConnectFailure).
// Request time is not modelled: each request and its retries happen at its arrival instant.
// Each final failure is traced (traffic RequestFailed); every outcome is counted per second and
// traced once the second is over (traffic RequestCounts, only for seconds with requests), so
// traces stay small at high rates.
//
// Example:
//   TrafficModel traffic(dispatcher, tracer, control_plane, hosts, DataPlaneOptions{});
//   size_t s = traffic.AddStream({.name = "front->colorapp", .from_virtual_node = "ns/front",
//                                 .to = "ns/colorapp", .rate_milli_rps = 100'000}, random);
//   traffic.Start();
//   ... run ...
//   traffic.counts(s).total(RequestOutcome::kConnectFailure);
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "controller/api/dispatcher.h"
#include "controller/api/random.h"
#include "controller/api/tracer.h"
#include "fakes/appmesh/control_plane.h"
#include "fakes/traffic/request_outcome.h"
#include "fakes/traffic/request_stream.h"
#include "fakes/traffic/traffic_options.h"
#include "fakes/traffic/upstream_cluster.h"
#include "fakes/traffic/upstream_hosts.h"

namespace meshsim::fakes {

class TrafficModel {
 public:
  // All references must outlive this object.
  TrafficModel(Dispatcher& dispatcher, Tracer& tracer, const AppMeshControlPlane& control_plane,
               const UpstreamHosts& hosts, DataPlaneOptions options);
  ~TrafficModel();
  TrafficModel(const TrafficModel&) = delete;
  TrafficModel& operator=(const TrafficModel&) = delete;

  // Adds a stream before Start; `random` draws its arrivals, route weights and random picks
  // and must outlive this object. Returns the stream's index.
  // REQUIRES: spec.rate_milli_rps > 0; a name not used before.
  size_t AddStream(RequestStreamSpec spec, Random& random);
  // Schedules every stream's first request (no earlier than now) and the counter events.
  void Start();
  // Traces the counts not yet traced, including the current, incomplete second (end of run).
  void Flush();

  size_t stream_count() const { return streams_.size(); }
  const RequestStreamSpec& spec(size_t stream) const;
  const OutcomeCounts& counts(size_t stream) const;
  // Requests not sent because the calling virtual node had no Envoy at their arrival.
  int64_t unsent(size_t stream) const;
  // The index of the stream with that name, or nullopt.
  std::optional<size_t> FindStream(const std::string& name) const;

 private:
  struct Caller {
    const EnvoyModel* envoy = nullptr;
    std::string pod_key;  // "namespace/pod"
  };
  struct Stream;
  // How one request ended: the outcome, the attempts made and the last address that refused.
  struct Delivery {
    RequestOutcome outcome = RequestOutcome::kNoHealthyUpstream;
    int attempts = 0;
    std::string last_failed;
  };

  void OnArrival(Stream& stream);
  void ScheduleNext(Stream& stream);
  void RefreshTopology(Stream& stream);
  Delivery Send(Stream& stream, const Caller& caller, const std::string& cluster);
  UpstreamCluster& ClusterOf(const std::string& pod_key, const std::string& cluster);
  void EmitCounters();
  // Traces RequestCounts of every second before `end` not traced yet, and unsent requests.
  void TraceCompleteSeconds(size_t end);

  Dispatcher& dispatcher_;
  Tracer& tracer_;
  const AppMeshControlPlane& control_plane_;
  const UpstreamHosts& hosts_;
  DataPlaneOptions options_;
  std::vector<std::unique_ptr<Stream>> streams_;
  // Per caller pod and cluster: that Envoy's load balancer. Kept for pods that went away
  // (bounded by the pods of a run) so no timer is destroyed inside its own callback.
  std::map<std::pair<std::string, std::string>, std::unique_ptr<UpstreamCluster>> clusters_;
  TimerPtr counter_timer_;
};

}  // namespace meshsim::fakes
