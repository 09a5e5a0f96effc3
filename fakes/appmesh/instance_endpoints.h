// File: fakes/appmesh/instance_endpoints.h
//
// Turns one virtual node's DiscoverInstances answers into EDS endpoints: AWS_INSTANCE_IPV4 is
// the address, AWS_INSTANCE_PORT (when a positive number) the port, else the listener's port;
// an instance without an address is not routable and left out. The result is sorted by
// address, then port: Cloud Map answers in random order and a snapshot is a set.
//
// Why a class: reading the two attributes meant walking each instance's attribute map, and on
// a 1,000-instance service those maps are cold (last read on the previous change), so a
// conversion was ~1,000 cache misses per attribute, most of the work of a changed answer
// (day-1k: ~0.5 ms per change). Attribute maps are immutable and shared with Cloud Map's store
// (SharedAttributes), so what a map gave last time is still right: it is remembered by the
// map's identity, and only the maps new since the previous answer are read. The remembered
// maps are held, so no address of a remembered map can be reused by a new map.
//
// Example:
//   InstanceEndpoints convert;  // one per polled virtual node
//   std::vector<Endpoint> endpoints = convert.Convert(response.instances, listener_port);
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "controller/api/cloudmap_types.h"
#include "fakes/appmesh/cluster_load_assignment.h"

namespace meshsim::fakes {

class InstanceEndpoints {
 public:
  // The endpoints of `instances`, sorted by address then port. `default_port`: the port of
  // an instance without a usable AWS_INSTANCE_PORT.
  std::vector<Endpoint> Convert(const std::vector<cloudmap::HttpInstanceSummary>& instances,
                                int32_t default_port);

 private:
  // What one attribute map says: its address ("" = not routable) and port (0 = none).
  struct Read {
    std::shared_ptr<const cloudmap::Attributes> held;
    std::string address;
    int32_t port = 0;
  };
  static Read ReadAttributes(const cloudmap::SharedAttributes& attributes);

  std::unordered_map<const cloudmap::Attributes*, Read> last_;  // the previous answer's maps
};

}  // namespace meshsim::fakes
