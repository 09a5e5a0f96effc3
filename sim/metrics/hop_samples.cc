#include "sim/metrics/hop_samples.h"

#include <algorithm>
#include <optional>
#include <utility>

namespace meshsim::metrics {
namespace {

// A point's time in one pod: one time, or one per Envoy.
struct PointTimes {
  int64_t single = -1;
  const std::map<std::string, int64_t>* per_envoy = nullptr;
};

int64_t Last(const std::map<std::string, int64_t>& times) {
  int64_t last = -1;
  for (const auto& [envoy, t] : times) last = std::max(last, t);
  return last;
}

std::optional<PointTimes> Point(const PodTimeline& p, const std::string& name) {
  if (name == "envoy") return PointTimes{.per_envoy = &p.envoy_added};
  if (name == "envoy_removed") return PointTimes{.per_envoy = &p.envoy_removed};
  const std::pair<const char*, int64_t> singles[] = {
      {"ready", p.ready},
      {"seen", p.seen},
      {"register_sent", p.register_sent},
      {"registered", p.registered},
      {"discoverable", p.discoverable},
      {"control_plane", p.control_plane},
      {"all_envoys", Last(p.envoy_added)},
      {"terminating", p.terminating},
      {"deregister_sent", p.deregister_sent},
      {"deregistered", p.deregistered},
      {"control_plane_removed", p.control_plane_removed},
      {"all_envoys_removed", Last(p.envoy_removed)},
  };
  for (const auto& [point, t] : singles) {
    if (name == point) return PointTimes{.single = t};
  }
  return std::nullopt;
}

void Add(int64_t from, int64_t to, std::vector<int64_t>& out) {
  if (from >= 0 && to >= from) out.push_back(to - from);
}

void PodSamples(const PointTimes& from, const PointTimes& to, std::vector<int64_t>& out) {
  if (from.per_envoy && to.per_envoy) {
    for (const auto& [envoy, t] : *to.per_envoy) {
      auto it = from.per_envoy->find(envoy);
      if (it != from.per_envoy->end()) Add(it->second, t, out);
    }
  } else if (to.per_envoy) {
    for (const auto& [envoy, t] : *to.per_envoy) Add(from.single, t, out);
  } else if (from.per_envoy) {
    for (const auto& [envoy, t] : *from.per_envoy) Add(t, to.single, out);
  } else {
    Add(from.single, to.single, out);
  }
}

bool MatchesNode(const PodTimeline& p, const std::string& virtual_node) {
  if (virtual_node.empty() || p.vn == virtual_node) return true;
  size_t slash = p.vn.find('/');
  return virtual_node.find('/') == std::string::npos && slash != std::string::npos &&
         p.vn.substr(slash + 1) == virtual_node;
}

}  // namespace

std::vector<int64_t> HopSamples(const std::map<std::string, PodTimeline>& pods,
                                const std::string& hop, const std::string& virtual_node) {
  std::vector<int64_t> out;
  for (size_t at = hop.find("_to_"); at != std::string::npos; at = hop.find("_to_", at + 1)) {
    PodTimeline probe;
    std::optional<PointTimes> from = Point(probe, hop.substr(0, at));
    std::optional<PointTimes> to = Point(probe, hop.substr(at + 4));
    if (!from || !to) continue;
    for (const auto& [key, p] : pods) {
      if (MatchesNode(p, virtual_node)) PodSamples(*Point(p, hop.substr(0, at)), *Point(p, hop.substr(at + 4)), out);
    }
    return out;
  }
  return out;
}

}  // namespace meshsim::metrics
