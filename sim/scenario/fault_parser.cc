// Component faults on the timeline (controller, Cloud Map, control plane, Envoy), and the
// fraction and rate scalars they and churn use. Every fault kind is parsed, so the format is
// complete; a kind whose hook has not landed in this build is a load error, never ignored.
#include <charconv>
#include <set>

#include "sim/scenario/manifest_parser.h"
#include "sim/scenario/scenario_parser.h"

namespace meshsim::scenario::internal {
namespace {

// The keys each fault accepts besides the ones every fault has (none today).
struct FaultShape {
  const char* kind;
  std::vector<std::string> keys;
  std::vector<std::string> required;
};

const std::vector<FaultShape>& Shapes() {
  static const std::vector<FaultShape> shapes = {
      {"controller_pause", {"for"}, {}},
      {"controller_resume", {}, {}},
      {"controller_crash", {}, {}},
      {"controller_restart", {}, {}},
      {"controller_slow_down", {"reconcile_delay", "api_delay", "for"}, {}},
      {"cloudmap_latency_spike", {"delay", "for", "operations"}, {"delay", "for"}},
      {"cloudmap_throttling", {"requests_per_second", "for", "operations"},
       {"requests_per_second", "for"}},
      {"cloudmap_error_burst", {"error", "fraction", "for", "operations"}, {"for"}},
      {"cloudmap_access_denied", {"for", "operations"}, {"for"}},
      {"cloudmap_propagation_delay", {"delay"}, {"delay"}},
      {"control_plane_stall", {"for"}, {"for"}},
      {"envoy_disconnect", {"pods", "for"}, {"pods"}},
      {"envoy_reconnect", {"pods"}, {"pods"}},
      {"envoy_partition", {"pods", "for"}, {"pods", "for"}},
  };
  return shapes;
}

// The fault kinds wired to a hook in sim/world; the rest are rejected at load time.
const std::set<std::string>& Supported() {
  static const std::set<std::string> supported = {
      "controller_pause",       "controller_resume",          "controller_crash",
      "controller_restart",     "controller_slow_down",       "cloudmap_latency_spike",
      "cloudmap_throttling",    "cloudmap_error_burst",       "cloudmap_access_denied",
      "cloudmap_propagation_delay", "control_plane_stall",    "envoy_disconnect",
      "envoy_reconnect",        "envoy_partition"};
  return supported;
}

const std::vector<std::string> kCloudMapErrors = {"ServiceUnavailable", "InternalFailure",
                                                  "ThrottlingException", "RequestLimitExceeded",
                                                  "AccessDeniedException"};

// Parses a non-negative decimal with at most three decimals as thousandths.
std::optional<int64_t> Thousandths(std::string_view text) {
  size_t dot = text.find('.');
  std::string_view whole = text.substr(0, dot);
  std::string_view frac = dot == std::string_view::npos ? "" : text.substr(dot + 1);
  if (whole.empty() || frac.size() > 3 || (dot != std::string_view::npos && frac.empty())) {
    return std::nullopt;
  }
  int64_t w = 0;
  auto [end, ec] = std::from_chars(whole.data(), whole.data() + whole.size(), w);
  if (ec != std::errc() || end != whole.data() + whole.size() || w > 1'000'000'000) {
    return std::nullopt;
  }
  int64_t f = 0;
  for (size_t i = 0; i < 3; ++i) {
    char c = i < frac.size() ? frac[i] : '0';
    if (c < '0' || c > '9') return std::nullopt;
    f = f * 10 + (c - '0');
  }
  return w * 1000 + f;
}

// What a missing required key of a fault should hold, for the message.
std::string ExpectedValue(const std::string& key) {
  if (key == "for") return "how long the fault lasts, such as 30s";
  if (key == "delay") return "a distribution such as 2s or uniform(1s, 3s)";
  if (key == "requests_per_second") return "the allowed requests a second";
  if (key == "pods") return "a pod reference";
  return "a value";
}

}  // namespace

const std::vector<std::string>& FaultKinds() {
  static const std::vector<std::string> kinds = [] {
    std::vector<std::string> out;
    for (const FaultShape& s : Shapes()) out.emplace_back(s.kind);
    return out;
  }();
  return kinds;
}

bool FaultSupported(const std::string& kind) { return Supported().count(kind) > 0; }

std::optional<int32_t> ReadPerMille(const YAML::Node& node, const std::string& key,
                                    const ReadContext& ctx) {
  const std::string expected = "a fraction from 0 to 1 such as 0.25, or a percentage such as 25%";
  std::optional<std::string> text = ReadString(node, key, ctx);
  if (!text) return std::nullopt;
  bool percent = !text->empty() && text->back() == '%';
  std::optional<int64_t> v =
      Thousandths(percent ? std::string_view(*text).substr(0, text->size() - 1) : *text);
  if (v && percent) v = *v % 100 == 0 ? std::optional<int64_t>(*v / 100) : std::nullopt;
  if (!v || *v > 1000) {
    ctx.Error(node, "found '" + *text + "' for '" + key + "'; expected " + expected);
    return std::nullopt;
  }
  return static_cast<int32_t>(*v);
}

std::optional<int64_t> ReadRatePerMinuteMilli(const YAML::Node& node, const std::string& key,
                                              const ReadContext& ctx) {
  const std::string expected = "a positive rate such as 2/m, 0.5/s or 10/h";
  std::optional<std::string> text = ReadString(node, key, ctx);
  if (!text) return std::nullopt;
  size_t slash = text->find('/');
  std::optional<int64_t> count =
      slash == std::string::npos ? std::nullopt : Thousandths(text->substr(0, slash));
  std::string unit = slash == std::string::npos ? "" : text->substr(slash + 1);
  int64_t per_minute = unit == "s" ? 60 : unit == "m" ? 1 : 0;
  std::optional<int64_t> rate;
  if (count && per_minute > 0) rate = *count * per_minute;
  if (count && unit == "h" && *count % 60 == 0) rate = *count / 60;
  if (!rate || *rate <= 0) {
    ctx.Error(node, "found '" + *text + "' for '" + key + "'; expected " + expected);
    return std::nullopt;
  }
  return rate;
}

std::optional<Fault> ParseFault(const std::string& kind, const YAML::Node& node,
                                const std::string& what, ScenarioReader& r) {
  const ReadContext& ctx = r.ctx;
  const FaultShape* shape = nullptr;
  for (const FaultShape& s : Shapes()) {
    if (s.kind == kind) shape = &s;
  }
  if (shape == nullptr) return std::nullopt;
  Fault f{.kind = kind};
  MapReader m(node, what, ctx);
  auto allowed = [&](const std::string& key) {
    return std::find(shape->keys.begin(), shape->keys.end(), key) != shape->keys.end();
  };
  auto get = [&](const std::string& key) {
    if (!allowed(key)) return YAML::Node(YAML::NodeType::Undefined);
    bool required = std::find(shape->required.begin(), shape->required.end(), key) !=
                    shape->required.end();
    return required ? m.Require(key, ExpectedValue(key)) : m.Get(key);
  };
  f.for_duration = ReadDuration(get("for"), "for", ctx);
  f.reconcile_delay = ReadDuration(get("reconcile_delay"), "reconcile_delay", ctx);
  f.api_delay = ReadDuration(get("api_delay"), "api_delay", ctx);
  if (kind == "controller_slow_down" && m.valid() && !f.reconcile_delay && !f.api_delay) {
    ctx.Error(node, "found no delay in " + what + "; expected reconcile_delay, api_delay or both");
  }
  f.delay = ReadDistribution(get("delay"), "delay", ctx);
  f.error = ReadEnum(get("error"), "error", ctx, kCloudMapErrors);
  f.per_mille = ReadPerMille(get("fraction"), "fraction", ctx);
  f.requests_per_second = ReadInt(get("requests_per_second"), "requests_per_second", ctx, 1,
                                  1'000'000);
  for (const YAML::Node& op : ReadList(get("operations"), "operations", ctx)) {
    if (auto name = ReadString(op, "operations", ctx)) f.operations.push_back(*name);
  }
  YAML::Node pods = get("pods");
  if (pods.IsDefined()) f.pods = ParsePodRef(pods, what + ".pods", r);
  m.Finish();
  if (!FaultSupported(kind)) {
    ctx.Error(node,
              "found timeline action '" + kind +
                  "', which this build does not support yet (its component hook has not "
                  "landed); expected one of the supported actions (docs/scenario-format.md)");
  }
  return f;
}

}  // namespace meshsim::scenario::internal
