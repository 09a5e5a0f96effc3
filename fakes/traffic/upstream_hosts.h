// File: fakes/traffic/upstream_hosts.h
//
// The traffic model's one question about the world outside the mesh: would a TCP connection to
// this address be accepted right now? In a run the world answers from the fake Kubernetes
// cluster (a running pod with that IP whose containers have not been stopped); tests use a
// set of live addresses.
//
// Example:
//   class LiveSet : public UpstreamHosts {
//     bool Accepts(const std::string& a, int32_t) const override { return live.count(a); }
//     std::set<std::string> live;
//   };
#pragma once

#include <cstdint>
#include <string>

namespace meshsim::fakes {

class UpstreamHosts {
 public:
  virtual ~UpstreamHosts() = default;
  // Returns true when a connection to address:port would be accepted now. Must not change
  // anything (the traffic model calls it for every attempt and every health check).
  virtual bool Accepts(const std::string& address, int32_t port) const = 0;
};

}  // namespace meshsim::fakes
