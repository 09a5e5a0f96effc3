// File: sim/world/traffic_hosts.h
//
// The world's answer to the traffic model's question "would a connection to this address be
// accepted now?", read from the fake API server: yes when a Running pod has that IP and its
// containers are started (the kubelet stops them all at once, when the last one has exited
// or the grace period ends, so a terminating pod keeps serving until then). Not ready or
// terminating pods still accept connections: readiness only decides discovery.
//
// Example:
//   KubeUpstreamHosts hosts(cluster.api());
//   hosts.Accepts("192.168.10.38", 8080);
#pragma once

#include <cstdint>
#include <set>
#include <string>

#include "fakes/k8s/fake_kube_api.h"
#include "fakes/traffic/upstream_hosts.h"

namespace meshsim::world {

class KubeUpstreamHosts : public fakes::UpstreamHosts {
 public:
  explicit KubeUpstreamHosts(fakes::FakeKubeApi& api) : api_(api) {}

  // fakes::UpstreamHosts
  bool Accepts(const std::string& address, int32_t port) const override;

 private:
  // Rebuilds the set of serving IPs when the API server's resourceVersion has moved.
  void Refresh() const;

  fakes::FakeKubeApi& api_;
  mutable int64_t seen_version_ = -1;
  mutable std::set<std::string> serving_;
};

}  // namespace meshsim::world
