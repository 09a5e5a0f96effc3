// Latency assertions: percentiles of one propagation hop, with bounds.
#include "sim/scenario/manifest_parser.h"
#include "sim/scenario/scenario_parser.h"

namespace meshsim::scenario::internal {
namespace {

const std::vector<std::string> kStats = {"p50", "p90", "p99", "p999", "max", "count"};

// Splits "ready_to_discoverable" into its two points; nullopt unless both are known.
std::optional<std::pair<std::string, std::string>> SplitHop(const std::string& hop) {
  const std::vector<std::string>& points = LatencyPoints();
  for (size_t at = hop.find("_to_"); at != std::string::npos; at = hop.find("_to_", at + 1)) {
    std::string from = hop.substr(0, at);
    std::string to = hop.substr(at + 4);
    bool known = std::find(points.begin(), points.end(), from) != points.end() &&
                 std::find(points.begin(), points.end(), to) != points.end();
    if (known) return std::make_pair(from, to);
  }
  return std::nullopt;
}

std::vector<std::string> ExampleHops() {
  return {"ready_to_registered", "ready_to_discoverable", "ready_to_all_envoys",
          "terminating_to_deregistered", "terminating_to_all_envoys_removed"};
}

void ParseBound(const YAML::Node& node, const std::string& stat, const std::string& what,
                LatencyCheck& check, const ReadContext& ctx) {
  LatencyCheck::Bound bound{.stat = stat};
  MapReader m(node, what + "." + stat, ctx);
  YAML::Node min = m.Get("min");
  YAML::Node max = m.Get("max");
  if (stat == "count") {
    bound.min = ReadInt(min, "min", ctx, 0, kMaxInt32);
    bound.max = ReadInt(max, "max", ctx, 0, kMaxInt32);
  } else {
    if (auto d = ReadDuration(min, "min", ctx)) bound.min = d->count();
    if (auto d = ReadDuration(max, "max", ctx)) bound.max = d->count();
  }
  if (m.valid() && !min.IsDefined() && !max.IsDefined()) {
    ctx.Error(node, "found no bound in " + what + "." + stat + "; expected min, max or both");
  }
  m.Finish();
  check.bounds.push_back(bound);
}

}  // namespace

const std::vector<std::string>& LatencyPoints() {
  static const std::vector<std::string> points = {
      "ready",       "seen",           "register_sent",   "registered",
      "discoverable", "control_plane", "envoy",           "all_envoys",
      "terminating", "deregister_sent", "deregistered",   "control_plane_removed",
      "envoy_removed", "all_envoys_removed"};
  return points;
}

LatencyCheck ParseLatency(const YAML::Node& node, const std::string& what, ScenarioReader& r) {
  const ReadContext& ctx = r.ctx;
  LatencyCheck check;
  MapReader m(node, what, ctx);
  YAML::Node hop = m.Require("hop", "a hop such as ready_to_discoverable");
  if (std::optional<std::string> name = ReadString(hop, "hop", ctx)) {
    check.hop = *name;
    if (!SplitHop(*name)) {
      ctx.Error(hop, "found unknown hop '" + *name + "'; expected FROM_to_TO with FROM and TO " +
                         "among " + JoinNames(LatencyPoints()) + ", e.g. " +
                         JoinNames(ExampleHops()) + DidYouMean(*name, ExampleHops()));
    }
  }
  YAML::Node vn = m.Get("virtual_node");
  Assign(ReadString(vn, "virtual_node", ctx), check.virtual_node);
  if (vn.IsDefined()) Refer(r, "VirtualNode", "virtual node", "", vn);
  for (const std::string& stat : kStats) {
    YAML::Node bound = m.Get(stat);
    if (bound.IsDefined()) ParseBound(bound, stat, what, check, ctx);
  }
  if (m.valid() && check.bounds.empty()) {
    ctx.Error(node, "found no bound in " + what + "; expected at least one of " +
                        JoinNames(kStats) + ", e.g. p99: {max: 10s}");
  }
  m.Finish();
  return check;
}

}  // namespace meshsim::scenario::internal
