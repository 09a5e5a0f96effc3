// File: fakes/appmesh/discovery_memo.h
//
// Tells the control plane whether a DiscoverInstances answer holds the same instances as the
// previous answer it saw for that virtual node, so an unchanged service is not turned into
// endpoints again. The control plane polls every discoverable virtual node every few seconds;
// for a 1,000-instance service, reading two attributes per instance, sorting 1,000 addresses
// and comparing them with the current snapshot was most of the poll, although nothing had
// changed on almost every poll.
//
// "Same" is decided on identity, in any order: the same shared attribute maps (Cloud Map hands
// out the map it stores; a map never changes, a re-registration makes a new one) with the same
// health statuses, and the same default port. The memo holds the maps of the answer it
// remembers, so none of their addresses can be reused by another map while it compares them.
// Equal answers (e.g. a re-registration with identical attributes) may still be reported as
// changed: the caller then builds the endpoints and finds them equal, as before.
//
// Example:
//   if (!memo.Unchanged(response.instances, listener_port)) {
//     std::vector<Endpoint> endpoints = convert.Convert(response.instances, listener_port);
//     ...
//   }
#pragma once

#include <cstdint>
#include <memory>
#include <unordered_map>
#include <utility>
#include <vector>

#include "controller/api/cloudmap_types.h"

namespace meshsim::fakes {

class DiscoveryMemo {
 public:
  // True when `instances` (with `default_port`) are those of the previous call; otherwise
  // remembers them for the next call and returns false. The first call returns false.
  bool Unchanged(const std::vector<cloudmap::HttpInstanceSummary>& instances,
                 int32_t default_port);
  // Forgets the remembered answer (the next call returns false).
  void Clear();

 private:
  // A remembered map (held, so its address names no other map while it is the key), its
  // health, and the comparison that last matched it (`stamp_`): an answer matching one map
  // twice is not a permutation of the remembered one.
  struct Seen {
    std::shared_ptr<const cloudmap::Attributes> held;
    cloudmap::HealthStatus health = cloudmap::HealthStatus::kUnknown;
    uint64_t matched_in = 0;
  };

  bool valid_ = false;
  int32_t default_port_ = 0;
  // The remembered answer by map identity, looked up per instance: the answer comes in random
  // order, and sorting 1,000 keys per poll cost more than the lookups. Fewer entries than
  // instances (one map in two instances): never unchanged.
  std::unordered_map<const cloudmap::Attributes*, Seen> last_;
  size_t last_size_ = 0;
  uint64_t stamp_ = 0;
};

}  // namespace meshsim::fakes
