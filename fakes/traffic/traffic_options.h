// File: fakes/traffic/traffic_options.h
//
// The data-plane knobs of the traffic model: how a calling Envoy balances, retries and
// health-checks. Scenario files set them under `settings.envoy`; the defaults and where they
// come from are in docs/traffic.md.
//
// Example:
//   DataPlaneOptions options;
//   options.lb_policy = LbPolicy::kRandom;
//   options.max_retries = 0;  // no retries: every connect failure reaches the caller
//   TrafficModel traffic(dispatcher, tracer, control_plane, hosts, options);
#pragma once

#include <cstdint>

namespace meshsim::fakes {

enum class LbPolicy { kRoundRobin, kRandom };

struct DataPlaneOptions {
  // Envoy's cluster lb_policy; App Mesh configures ROUND_ROBIN.
  LbPolicy lb_policy = LbPolicy::kRoundRobin;
  // Retries on connect failure: App Mesh's default route retry policy (applied when a route has
  // none) retries connection failures up to 2 times. 0 turns retries off.
  int32_t max_retries = 2;
  // Envoy's cluster flag of that name. false (Envoy's default): with an active health check on
  // the upstream virtual node, an endpoint removed by EDS stays routable until it fails the
  // health check unhealthy_threshold times (aws-app-mesh-roadmap#213). true: removed at once.
  bool ignore_health_on_host_removal = false;
  // Envoy's healthy_panic_threshold: when fewer than this percentage of a cluster's hosts are
  // healthy, Envoy balances over all of them, healthy or not.
  int32_t panic_threshold_percent = 50;
};

}  // namespace meshsim::fakes
