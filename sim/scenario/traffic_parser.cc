// The scenario's `traffic:` streams and the `requests` assertion check (docs/traffic.md).
#include <charconv>
#include <string_view>

#include "sim/scenario/manifest_parser.h"
#include "sim/scenario/scenario_parser.h"

namespace meshsim::scenario::internal {
namespace {

const std::vector<std::string> kOutcomes = {"success",  "retried", "connect_failure",
                                            "no_healthy_upstream", "failed", "all"};
constexpr int64_t kMaxMilliRps = 1'000'000'000;  // a million requests per second

// "100", "0.5" or "2.125" requests per second as thousandths; nullopt unless positive.
std::optional<int64_t> ParseMilli(std::string_view text) {
  size_t dot = text.find('.');
  std::string_view whole = text.substr(0, dot);
  std::string_view frac = dot == std::string_view::npos ? "" : text.substr(dot + 1);
  if (whole.empty() || frac.size() > 3 || (dot != std::string_view::npos && frac.empty())) {
    return std::nullopt;
  }
  int64_t w = 0;
  auto [end, ec] = std::from_chars(whole.data(), whole.data() + whole.size(), w);
  if (ec != std::errc() || end != whole.data() + whole.size() || w > kMaxMilliRps / 1000) {
    return std::nullopt;
  }
  int64_t f = 0;
  for (size_t i = 0; i < 3; ++i) {
    char c = i < frac.size() ? frac[i] : '0';
    if (c < '0' || c > '9') return std::nullopt;
    f = f * 10 + (c - '0');
  }
  int64_t milli = w * 1000 + f;
  return milli > 0 ? std::optional<int64_t>(milli) : std::nullopt;
}

std::optional<int64_t> ReadRps(const YAML::Node& node, const ReadContext& ctx) {
  std::optional<std::string> text = ReadString(node, "rps", ctx);
  if (!text) return std::nullopt;
  std::optional<int64_t> milli = ParseMilli(*text);
  if (!milli) {
    ctx.Error(node, "found '" + *text + "' for 'rps'; expected a positive number of requests " +
                        "per second with at most 3 decimals, such as 100 or 0.5");
  }
  return milli;
}

TrafficStream ParseStream(const YAML::Node& node, const std::string& what, ScenarioReader& r) {
  const ReadContext& ctx = r.ctx;
  TrafficStream s;
  s.span = ctx.Span(node);
  MapReader m(node, what, ctx);
  Assign(ReadString(m.Get("namespace"), "namespace", ctx), s.namespace_name);
  YAML::Node from = m.Require("from", "the calling virtual node");
  Assign(ReadString(from, "from", ctx), s.from);
  if (from.IsDefined()) Refer(r, "VirtualNode", "virtual node", s.namespace_name, from);
  std::string target = ExactlyOne(m, {"to", "to_node"}, what, ctx);
  YAML::Node to = m.Get("to");
  YAML::Node to_node = m.Get("to_node");
  if (target == "to") {
    Assign(ReadString(to, "to", ctx), s.to);
    Refer(r, "VirtualService", "virtual service", s.namespace_name, to);
  } else if (target == "to_node") {
    Assign(ReadString(to_node, "to_node", ctx), s.to);
    Refer(r, "VirtualNode", "virtual node", s.namespace_name, to_node);
    s.to_virtual_node = true;
  }
  Assign(ReadRps(m.Require("rps", "requests per second, such as 100"), ctx), s.rate_milli_rps);
  std::optional<std::string> arrivals =
      ReadEnum(m.Get("arrivals"), "arrivals", ctx, {"fixed", "poisson"});
  s.poisson = arrivals == "poisson";
  Assign(ReadInstant(m.Get("start"), "start", r), s.start);
  s.stop = ReadInstant(m.Get("stop"), "stop", r);
  if (s.stop && *s.stop <= s.start) {
    ctx.Error(m.node()["stop"], "found stop at or before start in " + what +
                                    "; expected a stop later than the start");
  }
  s.name = s.from + "->" + s.to;
  Assign(ReadString(m.Get("name"), "name", ctx), s.name);
  m.Finish();
  return s;
}

// Every stream the check's stream/from/to pick; an error at `node` when none does.
void CheckPicksAStream(const RequestsCheck& c, const YAML::Node& node, const std::string& what,
                       ScenarioReader& r) {
  std::vector<std::string> names;
  for (const TrafficStream& s : r.scenario.traffic) {
    names.push_back(s.name);
    if (c.stream && s.name != *c.stream) continue;
    if (c.from && s.from != *c.from) continue;
    if (c.to && s.to != *c.to) continue;
    return;
  }
  if (names.empty()) {
    r.ctx.Error(node, "found a requests check in " + what +
                          " but no traffic stream; expected a `traffic:` section");
  } else if (c.stream) {
    r.ctx.Error(node, "found no traffic stream named '" + *c.stream + "' for " + what +
                          "; expected one of " + JoinNames(names) + DidYouMean(*c.stream, names));
  } else {
    r.ctx.Error(node, "found no traffic stream matching from/to of " + what +
                          "; expected the from and to of one of " + JoinNames(names));
  }
}

}  // namespace

void ParseTraffic(const YAML::Node& node, ScenarioReader& r) {
  std::vector<YAML::Node> items = ReadList(node, "traffic", r.ctx);
  std::vector<std::string> seen;
  for (size_t i = 0; i < items.size(); ++i) {
    std::string what = "traffic[" + std::to_string(i) + "]";
    TrafficStream s = ParseStream(items[i], what, r);
    if (std::find(seen.begin(), seen.end(), s.name) != seen.end()) {
      r.ctx.Error(items[i], "found a second traffic stream named '" + s.name + "' in " + what +
                                "; expected unique names (set `name:`)");
    }
    seen.push_back(s.name);
    r.scenario.traffic.push_back(std::move(s));
  }
}

RequestsCheck ParseRequests(const YAML::Node& node, const std::string& what, ScenarioReader& r) {
  const ReadContext& ctx = r.ctx;
  RequestsCheck c;
  MapReader m(node, what, ctx);
  c.stream = ReadString(m.Get("stream"), "stream", ctx);
  c.from = ReadString(m.Get("from"), "from", ctx);
  c.to = ReadString(m.Get("to"), "to", ctx);
  Assign(ReadEnum(m.Require("outcome", "one of " + JoinNames(kOutcomes)), "outcome", ctx,
                  kOutcomes),
         c.outcome);
  Assign(ReadInstant(m.Get("since"), "since", r), c.since);
  c.until = ReadInstant(m.Get("until"), "until", r);
  c.min = ReadInt(m.Get("min"), "min", ctx, 0, INT64_MAX);
  c.max = ReadInt(m.Get("max"), "max", ctx, 0, INT64_MAX);
  c.min_per_mille = ReadPerMille(m.Get("min_fraction"), "min_fraction", ctx);
  c.max_per_mille = ReadPerMille(m.Get("max_fraction"), "max_fraction", ctx);
  c.max_per_second = ReadInt(m.Get("max_per_second"), "max_per_second", ctx, 0, INT64_MAX);
  if (m.valid() && !m.Has("min") && !m.Has("max") && !m.Has("min_fraction") &&
      !m.Has("max_fraction") && !m.Has("max_per_second")) {
    ctx.Error(node, "found no bound in " + what + "; expected at least one of min, max, " +
                        "min_fraction, max_fraction, max_per_second");
  }
  if (c.until && *c.until <= c.since) {
    ctx.Error(m.node()["until"], "found until at or before since in " + what +
                                     "; expected a window that is not empty");
  }
  if (m.valid()) CheckPicksAStream(c, node, what, r);
  m.Finish();
  return c;
}

}  // namespace meshsim::scenario::internal
