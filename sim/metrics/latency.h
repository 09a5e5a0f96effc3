// File: sim/metrics/latency.h
//
// Endpoint propagation metrics computed from collected trace events: for each pod, the time
// of every hop from Ready to every Envoy and from Terminating to gone from every Envoy; the
// hop latencies as exact percentiles (nearest rank) and Istio proxy-convergence histograms,
// overall and per virtual node; the stale-endpoint windows; the time each cluster had zero
// endpoints in an Envoy; and step series of ready pods, registered instances and each Envoy's
// endpoints for timelines. Everything is integer nanoseconds of simulated time.
//
// Example:
//   Metrics m = ComputeMetrics(collector);
//   const LatencyStats& s = m.overall.at("ready_to_all_envoys");
//   printf("p99 %lld ns\n", static_cast<long long>(s.p99));
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sim/metrics/trace_collector.h"

namespace meshsim::metrics {

// Hop names in report order. Add: ready -> seen (first controller Enqueue naming the pod or
// reconcile of its virtual node) -> register_sent -> registered (InstanceRegistered) ->
// discoverable -> control_plane (EndpointsChanged added) -> envoy (EdsApplied added, one
// sample per Envoy); ready_to_all_envoys ends at the last Envoy. Remove: terminating ->
// deregister_sent -> deregistered -> control_plane removed -> envoy removed.
inline constexpr std::array<std::string_view, 12> kHops = {
    "ready_to_seen",           "seen_to_register_sent",     "register_sent_to_registered",
    "registered_to_discoverable", "discoverable_to_control_plane", "control_plane_to_envoy",
    "ready_to_all_envoys",     "terminating_to_deregister_sent",
    "deregister_sent_to_deregistered", "deregistered_to_control_plane",
    "control_plane_to_envoy_removed", "terminating_to_all_envoys_removed"};

// Upper bounds of Istio's pilot_proxy_convergence_time buckets; the last bucket is +Inf.
inline constexpr std::array<int64_t, 8> kBucketBoundsNs = {
    100'000'000, 500'000'000, 1'000'000'000, 3'000'000'000,
    5'000'000'000, 10'000'000'000, 20'000'000'000, 30'000'000'000};

struct LatencyStats {
  int64_t count = 0;
  int64_t p50 = 0, p90 = 0, p99 = 0, p999 = 0, max = 0;  // 0 when count == 0
  // Cumulative counts (Prometheus "le"): buckets[i] = samples <= kBucketBoundsNs[i];
  // buckets[8] = count (+Inf).
  std::array<int64_t, 9> buckets{};
  std::vector<int64_t> sorted;  // all samples, ascending (for CDFs)
};

// Nearest-rank percentile of ascending `sorted`: the value at rank ceil(per_mille/1000 * n)
// (1-based, at least 1). REQUIRES: !sorted.empty(), 0 < per_mille <= 1000.
int64_t NearestRank(const std::vector<int64_t>& sorted, int per_mille);
LatencyStats Summarize(std::vector<int64_t> samples);

struct PodTimeline {
  std::string pod, ip, vn;  // pod = namespace/name; vn = namespace/name of its virtual node
  int64_t ready = -1, seen = -1, register_sent = -1, registered = -1, discoverable = -1;
  int64_t control_plane = -1;
  std::map<std::string, int64_t> envoy_added;  // Envoy node id -> EdsApplied time
  int64_t terminating = -1, deregister_sent = -1, deregistered = -1, control_plane_removed = -1;
  std::map<std::string, int64_t> envoy_removed;
};

struct StaleWindow {
  std::string pod, ip, envoy;
  int64_t start_ns = 0;   // the pod started terminating
  int64_t length_ns = 0;  // until the Envoy applied its removal, or the end of the run
  bool resolved = false;  // false: still in the Envoy at the end of the run
};

struct ZeroEndpoints {
  int64_t max_ns = 0;                       // the worst Envoy
  std::map<std::string, int64_t> by_envoy;  // Envoy node id -> total time with no endpoints
};

using Series = std::vector<std::pair<int64_t, int64_t>>;  // (time, value) steps

struct Metrics {
  int64_t end_ns = 0;
  std::map<std::string, PodTimeline> pods;  // by pod key
  std::map<std::string, LatencyStats> overall;  // by hop (every hop present)
  std::map<std::string, std::map<std::string, LatencyStats>> by_vn;  // vn -> hop -> stats
  std::vector<StaleWindow> stale;
  LatencyStats stale_stats;  // over the windows
  std::map<std::string, ZeroEndpoints> zero_endpoints;  // by cluster (virtual node)
  Series ready_pods, registered_instances;
  std::map<std::string, Series> envoy_endpoints;  // Envoy node id -> endpoints over all clusters
};

Metrics ComputeMetrics(const std::vector<CollectedEvent>& events, int64_t end_ns);
inline Metrics ComputeMetrics(const TraceCollector& c) {
  return ComputeMetrics(c.events(), c.end_ns());
}

// Internal steps, exposed for tests.
std::map<std::string, PodTimeline> BuildTimelines(const std::vector<CollectedEvent>& events);
// Stale windows, zero-endpoint times and series (exposure.cc).
void ComputeExposure(const std::vector<CollectedEvent>& events, Metrics& m);

}  // namespace meshsim::metrics
