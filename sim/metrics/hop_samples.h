// File: sim/metrics/hop_samples.h
//
// Samples of any hop between two points of a pod's propagation timeline, named FROM_to_TO
// ("ready_to_discoverable", "terminating_to_all_envoys_removed"), for latency assertions. A
// point is one of ready, seen, register_sent, registered, discoverable, control_plane, envoy
// (one time per Envoy), all_envoys (the last Envoy), terminating, deregister_sent,
// deregistered, control_plane_removed, envoy_removed (per Envoy) and all_envoys_removed. A pod
// gives a sample when it reached both points, the second no earlier than the first; a
// per-Envoy point gives one sample per Envoy.
//
// Example:
//   auto pods = metrics::BuildTimelines(collector.events());
//   std::vector<int64_t> s = metrics::HopSamples(pods, "ready_to_discoverable", "");
//   LatencyStats stats = metrics::Summarize(s);
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "sim/metrics/latency.h"

namespace meshsim::metrics {

// Samples (ns) of `hop` over the pods whose virtual node is `virtual_node` ("namespace/name"
// or a bare name; empty: every pod), in pod order. Empty for an unknown hop name.
std::vector<int64_t> HopSamples(const std::map<std::string, PodTimeline>& pods,
                                const std::string& hop, const std::string& virtual_node);

}  // namespace meshsim::metrics
