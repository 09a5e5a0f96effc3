// File: fakes/k8s/node_pool.h
//
// The worker nodes' infrastructure, in one place: eksctl's default VPC 192.168.0.0/16 with one
// /19 subnet per availability zone in order of first use (192.168.0.0/19, 192.168.32.0/19, ...),
// EKS node names from the node's primary IP, and VPC CNI secondary IPs for pods drawn at random
// from the node's subnet, unique across the cluster. Node health will live here too.
// Big clusters: once a zone's /19 is 15/16 full, its pods draw from a secondary /16 out of
// 100.64.0.0/10 (EKS custom networking's secondary VPC CIDR), then the next one, so 150,000
// pods fit; small clusters never get there and keep their addresses. Each draw is O(log n):
// every subnet counts its used addresses.
//
// Example:
//   NodePool pool(random, "us-west-2");
//   auto node = pool.NewNode("us-west-2a");  // ip-192-168-12-34.us-west-2.compute.internal
//   auto ip = pool.AllocatePodIp(node->metadata.name);
//   pool.ReleasePodIp(*ip);
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "controller/api/kube_types.h"
#include "controller/api/random.h"
#include "controller/api/status.h"

namespace meshsim::fakes {

inline constexpr char kHostnameLabel[] = "kubernetes.io/hostname";
inline constexpr char kRegionLabel[] = "topology.kubernetes.io/region";
inline constexpr char kZoneLabel[] = "topology.kubernetes.io/zone";

class NodePool {
 public:
  NodePool(Random& random, std::string region) : random_(random), region_(std::move(region)) {}

  // Returns a new Node (not yet stored in the API) in `zone`, with the EKS name, labels and
  // addresses. Fails with kLimitExceeded past 8 zones or when the zone's subnet is full.
  Result<kube::Node> NewNode(const std::string& zone);
  // Returns an unused IP from the subnet of `node_name`'s zone. kNotFound for unknown nodes,
  // kLimitExceeded when the subnet is exhausted.
  Result<std::string> AllocatePodIp(const std::string& node_name);
  // Returns `ip` to the pool; a no-op for unknown addresses.
  void ReleasePodIp(const std::string& ip);
  // Returns "192.168.32.0/19" for the second zone used, or "" for an unknown zone.
  std::string SubnetOf(const std::string& zone) const;
  // Returns the zone of a node, or "" when unknown.
  std::string ZoneOf(const std::string& node_name) const;
  // Returns the node's InternalIP, or "" when unknown.
  std::string IpOf(const std::string& node_name) const;

  static std::string FormatIp(uint32_t ip);

 private:
  static constexpr uint32_t kVpcBase = (192u << 24) | (168u << 16);
  static constexpr uint32_t kSubnetSize = 1u << 13;  // a /19
  struct NodeInfo {
    std::string zone;
    uint32_t ip = 0;
  };

  static constexpr uint32_t kSecondaryBase = (100u << 24) | (64u << 16);  // 100.64.0.0/10
  static constexpr uint32_t kSecondarySize = 1u << 16;                     // a /16
  static constexpr uint32_t kSecondaryCount = 64;
  struct Subnet {
    uint32_t size = 0;
    uint32_t used = 0;
  };

  // Returns the zone's subnet base, assigning the next /19 on first use (0 when none left).
  uint32_t SubnetBase(const std::string& zone);
  // Draws from `subnet_base` (a node's own address).
  Result<uint32_t> DrawIp(uint32_t subnet_base);
  // Draws a pod address for `zone`: its /19 until 15/16 full, then its secondary /16s.
  Result<uint32_t> DrawPodIp(const std::string& zone);

  Random& random_;
  std::string region_;
  std::map<std::string, uint32_t> zones_;  // zone -> subnet base
  std::map<std::string, NodeInfo> nodes_;
  std::set<uint32_t> used_ips_;
  std::set<uint32_t> node_ips_;                       // never released as pod addresses
  std::map<uint32_t, Subnet> subnets_;                // base -> size and used count
  std::map<std::string, std::vector<uint32_t>> secondaries_;  // zone -> its /16 bases
  uint32_t secondaries_used_ = 0;
};

}  // namespace meshsim::fakes
