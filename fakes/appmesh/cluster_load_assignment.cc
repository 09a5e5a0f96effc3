#include "fakes/appmesh/cluster_load_assignment.h"

#include <algorithm>
#include <set>

namespace meshsim::fakes {
namespace {

bool ByAddress(const Endpoint& x, const Endpoint& y) { return x.address < y.address; }

void Append(std::string& out, const std::string& address) {
  if (!out.empty()) out += ",";
  out += address;
}

}  // namespace

std::string AddressesNotIn(const std::vector<Endpoint>& a, const std::vector<Endpoint>& b) {
  std::string out;
  if (std::is_sorted(a.begin(), a.end(), ByAddress) &&
      std::is_sorted(b.begin(), b.end(), ByAddress)) {
    // The usual case (assignments keep their endpoints sorted): one merge pass, no allocation
    // but the result. Every Envoy diffs every update, so this runs per Envoy per change.
    auto other = b.begin();
    const std::string* last = nullptr;
    for (const Endpoint& e : a) {
      if (last && *last == e.address) continue;  // the same address on another port
      last = &e.address;
      while (other != b.end() && other->address < e.address) ++other;
      if (other == b.end() || other->address != e.address) Append(out, e.address);
    }
    return out;
  }
  std::set<std::string> exclude;
  for (const auto& e : b) exclude.insert(e.address);
  std::set<std::string> result;
  for (const auto& e : a) {
    if (!exclude.count(e.address)) result.insert(e.address);
  }
  for (const auto& address : result) Append(out, address);
  return out;
}

}  // namespace meshsim::fakes
