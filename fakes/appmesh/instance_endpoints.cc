#include "fakes/appmesh/instance_endpoints.h"

#include <algorithm>
#include <charconv>
#include <tuple>
#include <utility>

namespace meshsim::fakes {
namespace {

// std::string, not char arrays: the attribute map's find would build a temporary key (a heap
// string: these are longer than the small-string buffer) per lookup.
const std::string kInstanceIpv4 = "AWS_INSTANCE_IPV4";
const std::string kInstancePort = "AWS_INSTANCE_PORT";

}  // namespace

InstanceEndpoints::Read InstanceEndpoints::ReadAttributes(
    const cloudmap::SharedAttributes& attributes) {
  Read read{.held = attributes.shared()};
  auto ip = attributes.find(kInstanceIpv4);
  if (ip == attributes.end() || ip->second.empty()) return read;  // not routable
  read.address = ip->second;
  auto port = attributes.find(kInstancePort);
  if (port != attributes.end()) {
    int32_t p = 0;
    const std::string& s = port->second;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), p);
    if (ec == std::errc() && end == s.data() + s.size() && p > 0) read.port = p;
  }
  return read;
}

std::vector<Endpoint> InstanceEndpoints::Convert(
    const std::vector<cloudmap::HttpInstanceSummary>& instances, int32_t default_port) {
  std::unordered_map<const cloudmap::Attributes*, Read> next;
  next.reserve(instances.size());
  std::vector<Endpoint> out;
  out.reserve(instances.size());
  for (const auto& inst : instances) {
    const cloudmap::Attributes* key = inst.attributes.shared().get();
    auto it = next.find(key);
    if (it == next.end()) {
      auto known = last_.find(key);
      Read read = known != last_.end() && key != nullptr ? std::move(known->second)
                                                          : ReadAttributes(inst.attributes);
      it = next.emplace(key, std::move(read)).first;
    }
    const Read& read = it->second;
    if (read.address.empty()) continue;
    out.push_back({.address = read.address,
                   .port = read.port > 0 ? read.port : default_port,
                   .health = inst.health_status});
  }
  last_ = std::move(next);
  std::sort(out.begin(), out.end(), [](const Endpoint& a, const Endpoint& b) {
    return std::tie(a.address, a.port) < std::tie(b.address, b.port);
  });
  return out;
}

}  // namespace meshsim::fakes
