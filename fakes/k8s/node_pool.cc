#include "fakes/k8s/node_pool.h"

#include <algorithm>
#include <cstdio>
#include <iterator>
#include <string>

namespace meshsim::fakes {

std::string NodePool::FormatIp(uint32_t ip) {
  return std::to_string(ip >> 24) + "." + std::to_string((ip >> 16) & 0xFF) + "." +
         std::to_string((ip >> 8) & 0xFF) + "." + std::to_string(ip & 0xFF);
}

uint32_t NodePool::SubnetBase(const std::string& zone) {
  auto it = zones_.find(zone);
  if (it != zones_.end()) return it->second;
  if (zones_.size() >= 8) return 0;  // a /16 holds eight /19s
  uint32_t base = kVpcBase + static_cast<uint32_t>(zones_.size()) * kSubnetSize;
  zones_.emplace(zone, base);
  subnets_[base] = Subnet{kSubnetSize, 0};
  return base;
}

Result<uint32_t> NodePool::DrawIp(uint32_t subnet_base) {
  // AWS reserves the first four addresses and the last one of every subnet.
  constexpr uint32_t kFirst = 4;
  Subnet& subnet = subnets_.at(subnet_base);
  uint32_t usable = subnet.size - 5;
  if (subnet.used >= usable) {
    return Status(StatusCode::kLimitExceeded, "InsufficientFreeAddressesInSubnet",
                  "subnet " + FormatIp(subnet_base) + " has no free addresses");
  }
  while (true) {
    uint32_t ip = subnet_base + kFirst + static_cast<uint32_t>(random_.Uniform(usable));
    if (used_ips_.insert(ip).second) {
      ++subnet.used;
      return ip;
    }
  }
}

Result<uint32_t> NodePool::DrawPodIp(const std::string& zone) {
  // Past 15/16 full, random draws mostly hit used addresses: move on to the next subnet.
  auto roomy = [&](uint32_t base) {
    const Subnet& s = subnets_.at(base);
    return s.used < s.size - s.size / 16;
  };
  uint32_t primary = zones_.at(zone);
  if (roomy(primary)) return DrawIp(primary);
  std::vector<uint32_t>& mine = secondaries_[zone];
  for (uint32_t base : mine) {
    if (roomy(base)) return DrawIp(base);
  }
  if (secondaries_used_ >= kSecondaryCount) return DrawIp(primary);  // its last addresses
  uint32_t base = kSecondaryBase + secondaries_used_++ * kSecondarySize;
  subnets_[base] = Subnet{kSecondarySize, 0};
  mine.push_back(base);
  return DrawIp(base);
}

Result<kube::Node> NodePool::NewNode(const std::string& zone) {
  uint32_t base = SubnetBase(zone);
  if (base == 0) {
    return Status(StatusCode::kLimitExceeded, "SubnetLimitExceeded",
                  "no /19 left in 192.168.0.0/16 for zone " + zone);
  }
  auto ip = DrawIp(base);
  if (!ip.ok()) return ip.status();
  std::string dotted = FormatIp(*ip);
  std::string dashed = dotted;
  std::replace(dashed.begin(), dashed.end(), '.', '-');
  std::string name = "ip-" + dashed + "." + region_ + ".compute.internal";
  nodes_[name] = NodeInfo{zone, *ip};
  node_ips_.insert(*ip);
  kube::Node node;
  node.metadata.name = name;
  node.metadata.labels = {{kHostnameLabel, name}, {kRegionLabel, region_}, {kZoneLabel, zone}};
  node.addresses = {{"InternalIP", dotted}, {"Hostname", name}, {"InternalDNS", name}};
  return node;
}

Result<std::string> NodePool::AllocatePodIp(const std::string& node_name) {
  auto it = nodes_.find(node_name);
  if (it == nodes_.end()) {
    return Status(StatusCode::kNotFound, "NodeNotFound", "unknown node " + node_name);
  }
  auto ip = DrawPodIp(it->second.zone);
  if (!ip.ok()) return ip.status();
  return FormatIp(*ip);
}

void NodePool::ReleasePodIp(const std::string& ip) {
  unsigned a = 0, b = 0, c = 0, d = 0;
  if (std::sscanf(ip.c_str(), "%u.%u.%u.%u", &a, &b, &c, &d) != 4) return;
  uint32_t value = (a << 24) | (b << 16) | (c << 8) | d;
  if (node_ips_.count(value) != 0) return;  // never release a node's own address
  if (used_ips_.erase(value) == 0) return;
  auto subnet = subnets_.upper_bound(value);
  if (subnet == subnets_.begin()) return;
  --subnet;
  if (value < subnet->first + subnet->second.size) --subnet->second.used;
}

std::string NodePool::SubnetOf(const std::string& zone) const {
  auto it = zones_.find(zone);
  return it == zones_.end() ? "" : FormatIp(it->second) + "/19";
}

std::string NodePool::ZoneOf(const std::string& node_name) const {
  auto it = nodes_.find(node_name);
  return it == nodes_.end() ? "" : it->second.zone;
}

std::string NodePool::IpOf(const std::string& node_name) const {
  auto it = nodes_.find(node_name);
  return it == nodes_.end() ? "" : FormatIp(it->second.ip);
}

}  // namespace meshsim::fakes
