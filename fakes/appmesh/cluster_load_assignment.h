// File: fakes/appmesh/cluster_load_assignment.h
//
// The EDS resource of the Envoy model: one immutable ClusterLoadAssignment per upstream virtual
// node and endpoint-set version. The control plane builds one snapshot per change and shares it
// (std::shared_ptr<const ...>) with every Envoy that receives it, so memory grows with pods plus
// Envoys, not with their product.
//
// Example:
//   auto cla = std::make_shared<const ClusterLoadAssignment>(ClusterLoadAssignment{
//       .cluster_name = "howto-k8s-cloudmap/colorapp-blue", .version = "3", .version_number = 3,
//       .endpoints = {{.address = "192.168.10.38", .port = 8080}}});
//   envoy.Receive(cla, "17");
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "controller/api/cloudmap_types.h"

namespace meshsim::fakes {

// One lb_endpoint: the instance's AWS_INSTANCE_IPV4 and port, and Cloud Map's health status.
struct Endpoint {
  std::string address;
  int32_t port = 0;
  cloudmap::HealthStatus health = cloudmap::HealthStatus::kUnknown;
  friend bool operator==(const Endpoint&, const Endpoint&) = default;
};

struct ClusterLoadAssignment {
  std::string cluster_name;         // the upstream virtual node's "namespace/name"
  std::string version;              // version_info of the DiscoveryResponse that carries it
  uint64_t version_number = 0;      // the same version as a number; later snapshots are larger
  std::vector<Endpoint> endpoints;  // sorted by address, then port
  // The change from the snapshot this one replaced at the control plane (version_number
  // `previous_version_number`; 0: none known), as AddressesNotIn has it. Every Envoy that
  // applies this snapshot over that one traces the same added/removed addresses: computed once
  // here instead of per Envoy (100 Envoys x 1,000 endpoints per change in day-1k).
  uint64_t previous_version_number = 0;
  std::string added_since_previous;
  std::string removed_since_previous;
};

using ClusterLoadAssignmentPtr = std::shared_ptr<const ClusterLoadAssignment>;

// Returns the addresses present in `a` and absent from `b`, sorted and comma-joined ("" when
// none): the `added` (a = new, b = old) and `removed` (a = old, b = new) fields of the
// EndpointsChanged and EdsApplied trace events.
std::string AddressesNotIn(const std::vector<Endpoint>& a, const std::vector<Endpoint>& b);

}  // namespace meshsim::fakes
