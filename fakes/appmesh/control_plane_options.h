// File: fakes/appmesh/control_plane_options.h
//
// The knobs of the App Mesh control plane model: how often it re-reads Cloud Map, how long a
// change takes to leave the control plane for each Envoy, and how long an Envoy takes to apply
// an EDS response. Scenario files set them; the defaults are explained in docs/control-plane.md.
//
// Example:
//   ControlPlaneOptions options;
//   options.discovery_interval = std::chrono::seconds(10);
//   options.health_status = cloudmap::HealthStatusFilter::kHealthyOrElseAll;
//   AppMeshControlPlane cp(dispatcher, random, tracer, cloudmap, vns, vss, vrs, pods, options);
#pragma once

#include <chrono>
#include <optional>

#include "controller/api/cloudmap_types.h"
#include "controller/api/distribution.h"
#include "controller/api/time.h"

namespace meshsim::fakes {

struct ControlPlaneOptions {
  // How often App Mesh re-reads the Cloud Map instances of each discoverable virtual node that
  // some connected Envoy needs. AWS does not document it; field reports put the time for an
  // endpoint change to reach callers at ~10 s (aws-app-mesh-roadmap#362) to 20-30 s
  // (aws-app-mesh-roadmap#151), which a 5 s poll plus push and apply delays reproduces at the
  // low end. Each virtual node polls at its own fixed phase so all nodes do not poll at once.
  Duration discovery_interval = std::chrono::seconds(5);
  // From the control plane seeing a change (or an Envoy connecting) to the EDS response being
  // sent to one Envoy. Sampled independently per Envoy and per response.
  Distribution push_delay =
      Distribution::Uniform(std::chrono::milliseconds(50), std::chrono::milliseconds(500));
  // From an Envoy receiving an EDS response to it being applied and ACKed.
  Distribution envoy_apply_delay =
      Distribution::Uniform(std::chrono::milliseconds(1), std::chrono::milliseconds(10));
  // The HealthStatus filter App Mesh passes to DiscoverInstances; unset sends none, which is
  // the API default (healthy instances only when the service has a health check).
  std::optional<cloudmap::HealthStatusFilter> health_status;
  // Set by the `snapshot` control-plane profile (settings.control_plane.profile, docs/xds.md):
  // endpoint changes are not pushed one by one but debounced like Istio's pilot
  // (PILOT_DEBOUNCE_AFTER / PILOT_DEBOUNCE_MAX): the push of every changed cluster waits until
  // no change came for `after`, at most `max` after the first one. Unset: App Mesh's design,
  // each change pushed as soon as a poll sees it.
  struct PushDebounce {
    Duration after;
    Duration max;
  };
  std::optional<PushDebounce> push_debounce;
};

}  // namespace meshsim::fakes
