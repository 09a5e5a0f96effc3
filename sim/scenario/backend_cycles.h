// File: sim/scenario/backend_cycles.h
//
// Internal to sim/scenario: finds cycles in the mesh's backend graph with Boost.Graph. Edges
// run from a virtual node to each backend virtual service, from a virtual service to its
// provider (node or router), and from a router to its weighted targets; a cycle means a
// virtual node is, through its backends, its own upstream. Each cycle is reported once, at
// the backend reference that closes it.
//
// Example:
//   internal::CheckBackendCycles(manifests, diag);
//   // mesh.yaml:40:19: error: found a backend cycle: virtual node 'a' -> virtual service
//   //   'b' -> virtual node 'a'; expected virtual node backends that never lead back ...
#pragma once

#include <vector>

#include "sim/scenario/diagnostics.h"
#include "sim/scenario/scenario.h"

namespace meshsim::scenario::internal {

void CheckBackendCycles(const std::vector<Manifest>& manifests, Diagnostics& diag);

}  // namespace meshsim::scenario::internal
