// File: fakes/xds/xds_profile.h
//
// Which control-plane design decides when xDS clients see a change (issue 9, docs/xds.md):
//   - kAppMesh: App Mesh's, as fakes/appmesh models it: each virtual node's Cloud Map instances
//     are polled every discovery_interval and every change is pushed to each dependent Envoy
//     after its own push_delay. A node id that is a simulated pod gets exactly what that pod's
//     Envoy model has applied.
//   - kSnapshot: a generic snapshot-based xDS control plane fed by Cloud Map (the shape of
//     go-control-plane servers and Istio's pilot): changes are debounced, a push waits until
//     none came for `debounce_after` but never longer than `debounce_max` after the first one
//     (Istio's PILOT_DEBOUNCE_AFTER / PILOT_DEBOUNCE_MAX defaults, 100 ms and 10 s), then one
//     new snapshot of the whole mesh goes to every client.
// Scenarios pick one with settings.control_plane.profile (docs/scenario-format.md). The
// simulated Envoys follow it too: kSnapshot sets ControlPlaneOptions::push_debounce, so the App
// Mesh model debounces its own pushes with the same two durations.
#pragma once

#include <chrono>

#include "controller/api/time.h"

namespace meshsim::fakes::xds {

enum class Profile { kAppMesh, kSnapshot };

struct ProfileOptions {
  Profile profile = Profile::kAppMesh;
  Duration debounce_after = std::chrono::milliseconds(100);
  Duration debounce_max = std::chrono::seconds(10);
};

}  // namespace meshsim::fakes::xds
