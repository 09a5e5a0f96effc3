#include "fakes/appmesh/cluster_load_assignment.h"

#include <set>

namespace meshsim::fakes {

std::string AddressesNotIn(const std::vector<Endpoint>& a, const std::vector<Endpoint>& b) {
  std::set<std::string> exclude;
  for (const auto& e : b) exclude.insert(e.address);
  std::set<std::string> result;
  for (const auto& e : a) {
    if (!exclude.count(e.address)) result.insert(e.address);
  }
  std::string out;
  for (const auto& address : result) {
    if (!out.empty()) out += ",";
    out += address;
  }
  return out;
}

}  // namespace meshsim::fakes
