// File: sim/world/component_options.h
//
// The options of every component of a world, filled from the scenario's `settings:` blocks.
// Every key a component understands is read here, in one place, so docs/scenario-format.md can
// list them and an unknown key is an error with its file:line:column.
//
// Example:
//   Result<ComponentOptions> options = ReadComponentOptions(scenario);
//   if (!options.ok()) return options.status();
#pragma once

#include "controller/api/status.h"
#include "controller/cloudmap_controller.h"
#include "fakes/appmesh/control_plane_options.h"
#include "fakes/cloudmap/cloudmap_options.h"
#include "fakes/k8s/kube_options.h"
#include "fakes/traffic/traffic_options.h"
#include "fakes/xds/xds_profile.h"
#include "sim/scenario/scenario.h"

namespace meshsim::world {

struct ComponentOptions {
  fakes::KubeOptions kubernetes;
  fakes::CloudMapOptions cloudmap;
  controller::ControllerOptions controller;
  fakes::ControlPlaneOptions control_plane;
  fakes::DataPlaneOptions data_plane;  // settings.envoy: how calling Envoys balance and retry
  fakes::xds::ProfileOptions xds;      // settings.control_plane.profile/debounce_*: xDS serving (docs/xds.md)
};

// Reads settings.kubernetes, .cloudmap, .controller, .control_plane and .envoy over the
// defaults. Returns every unknown key and bad value, sorted by position.
Result<ComponentOptions> ReadComponentOptions(const scenario::Scenario& scenario);

}  // namespace meshsim::world
