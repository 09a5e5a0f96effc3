// File: tests/fakes/traffic/live_hosts.h
//
// An UpstreamHosts for tests: a set of addresses that accept connections.
//
// Example:
//   LiveHosts hosts({"10.0.1.1"});
//   hosts.Kill("10.0.1.1");
#pragma once

#include <set>
#include <string>
#include <utility>

#include "fakes/traffic/upstream_hosts.h"

namespace meshsim::testing {

class LiveHosts : public fakes::UpstreamHosts {
 public:
  explicit LiveHosts(std::set<std::string> live = {}) : live_(std::move(live)) {}
  bool Accepts(const std::string& address, int32_t) const override {
    ++probes_;
    return live_.count(address) > 0;
  }
  void Start(const std::string& address) { live_.insert(address); }
  void Kill(const std::string& address) { live_.erase(address); }
  int64_t probes() const { return probes_; }

 private:
  std::set<std::string> live_;
  mutable int64_t probes_ = 0;
};

}  // namespace meshsim::testing
