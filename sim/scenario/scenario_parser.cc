// The scenario file's top level: name, seed, duration, vars, manifests, cluster, cloudmap and
// settings; the timeline, assertions and views are in scenario_actions.cc.
#include "sim/scenario/scenario_parser.h"

#include "sim/scenario/manifest_parser.h"

namespace meshsim::scenario::internal {
namespace {

const std::vector<std::string> kComponents = {"kubernetes", "controller", "cloudmap",
                                              "control_plane", "envoy"};

std::string Item(const std::string& what, size_t i) { return what + "[" + std::to_string(i) + "]"; }

void ParseCluster(const YAML::Node& node, ScenarioReader& r) {
  const ReadContext& ctx = r.ctx;
  Cluster& cluster = r.scenario.cluster;
  if (node.IsDefined()) cluster.span = ctx.Span(node);
  MapReader m(node, "cluster", ctx);
  Assign(ReadString(m.Get("region"), "region", ctx), cluster.region);
  std::vector<YAML::Node> groups = ReadList(m.Get("nodes"), "nodes", ctx);
  for (size_t i = 0; i < groups.size(); ++i) {
    MapReader g(groups[i], Item("cluster.nodes", i), ctx);
    NodeGroup group;
    group.span = ctx.Span(groups[i]);
    Assign(ReadString(g.Get("zone"), "zone", ctx), group.zone);
    Assign(ReadInt(g.Get("count"), "count", ctx, 1, 10000), group.count);
    g.Finish();
    cluster.node_groups.push_back(group);
  }
  m.Finish();
}

void ParseCloudMap(const YAML::Node& node, ScenarioReader& r) {
  const ReadContext& ctx = r.ctx;
  MapReader m(node, "cloudmap", ctx);
  std::vector<YAML::Node> items = ReadList(m.Get("namespaces"), "namespaces", ctx);
  for (size_t i = 0; i < items.size(); ++i) {
    MapReader n(items[i], Item("cloudmap.namespaces", i), ctx);
    CloudMapNamespaceSpec spec;
    spec.span = ctx.Span(items[i]);
    Assign(ReadString(n.Require("name", "a namespace name"), "name", ctx), spec.name);
    Assign(ReadEnum(n.Get("type"), "type", ctx, {"DNS_PRIVATE", "HTTP", "DNS_PUBLIC"}), spec.type);
    YAML::Node vpc = n.Get("vpc");
    Assign(ReadString(vpc, "vpc", ctx), spec.vpc);
    if (vpc.IsDefined() && spec.type != "DNS_PRIVATE") {
      ctx.Error(vpc, "found a vpc for a " + spec.type +
                         " namespace; expected vpc only with type DNS_PRIVATE");
    }
    n.Finish();
    r.scenario.cloudmap_namespaces.push_back(spec);
  }
  m.Finish();
}

ComponentSettings ParseComponent(const YAML::Node& node, const std::string& what,
                                 const ReadContext& ctx) {
  ComponentSettings out;
  if (node.IsNull()) return out;
  if (!node.IsMap()) {
    ctx.Error(node, "found " + Describe(node) + " for " + what + "; expected a map of settings");
    return out;
  }
  for (auto it = node.begin(); it != node.end(); ++it) {
    std::optional<std::string> key = ReadString(it->first, what, ctx);
    if (!key) continue;
    if (!it->second.IsScalar()) {
      ctx.Error(it->second,
                "found " + Describe(it->second) + " for '" + *key + "'; expected a scalar setting");
      continue;
    }
    Setting setting{it->second.Scalar(), ctx.Span(it->second), ctx.Span(it->first)};
    if (!out.emplace(*key, setting).second) {
      ctx.Error(it->first, "duplicate key '" + *key + "' in " + what + "; expected each key once");
    }
  }
  return out;
}

void ParseSettings(const YAML::Node& node, ScenarioReader& r) {
  MapReader m(node, "settings", r.ctx);
  for (const std::string& component : kComponents) {
    YAML::Node block = m.Get(component);
    if (block.IsDefined()) {
      r.scenario.settings[component] = ParseComponent(block, "settings." + component, r.ctx);
    }
  }
  m.Finish();
}

void ParseManifestList(const YAML::Node& node, ScenarioReader& r,
                       std::vector<std::pair<std::string, SourceSpan>>& paths) {
  for (const YAML::Node& item : ReadList(node, "manifests", r.ctx)) {
    if (std::optional<std::string> path = ReadString(item, "manifests", r.ctx)) {
      paths.emplace_back(*path, r.ctx.Span(item));
    }
  }
}

}  // namespace

void ParseScenarioDocument(const YAML::Node& root, ScenarioReader& r,
                           std::vector<std::pair<std::string, SourceSpan>>& manifest_paths) {
  const ReadContext& ctx = r.ctx;
  Scenario& s = r.scenario;
  if (!root.IsDefined() || root.IsNull()) {
    ctx.diag->Error(SourceSpan{ctx.file, 1, 1},
                    "found an empty file; expected a scenario with at least name and duration");
    return;
  }
  MapReader m(root, "the scenario", ctx);
  if (!m.valid()) return;
  Assign(ReadString(m.Require("name", "the scenario's name"), "name", ctx), s.name);
  Assign(ReadString(m.Get("description"), "description", ctx), s.description);
  Assign(ReadUint64(m.Get("seed"), "seed", ctx), s.seed);
  Assign(ReadDuration(m.Require("duration", std::string(kDurationGrammar)), "duration", ctx),
         s.duration);
  Assign(ReadStringMap(m.Get("vars"), "vars", ctx), s.vars);
  ParseManifestList(m.Get("manifests"), r, manifest_paths);
  ParseCluster(m.Get("cluster"), r);
  ParseCloudMap(m.Get("cloudmap"), r);
  ParseSettings(m.Get("settings"), r);
  ParseTimeline(m.Get("timeline"), r);
  ParseTraffic(m.Get("traffic"), r);
  ParseAssertions(m.Get("assertions"), r);
  ParseViews(m.Get("views"), r);
  m.Finish();
}

}  // namespace meshsim::scenario::internal
