// The scenario's timeline: when each action runs, how it repeats, and the Kubernetes actions
// (apply, delete, scale, update, delete_pods, flap_readiness, fail_node, drain_node, churn).
// Component faults are read in fault_parser.cc.
#include "sim/scenario/manifest_parser.h"
#include "sim/scenario/scenario_parser.h"

namespace meshsim::scenario::internal {
namespace {

const std::vector<std::string> kKubeActions = {
    "apply",          "delete",    "scale",      "update", "delete_pods",
    "flap_readiness", "fail_node", "drain_node", "churn"};

const std::vector<std::string> kObjectKinds = {"Namespace",   "Deployment",     "Service",
                                               "Mesh",        "VirtualNode",    "VirtualService",
                                               "VirtualRouter"};

std::string Item(const std::string& what, size_t i) { return what + "[" + std::to_string(i) + "]"; }

// Reads the deployment (and optional namespace) an action names, and records the reference.
void ReadDeployment(MapReader& m, ScenarioReader& r, std::string& ns, std::string& name) {
  Assign(ReadString(m.Get("namespace"), "namespace", r.ctx), ns);
  YAML::Node deployment = m.Require("deployment", "a deployment name");
  Assign(ReadString(deployment, "deployment", r.ctx), name);
  Refer(r, "Deployment", "deployment", ns, deployment);
}

// `apply: manifests`, `apply: {file}`, `apply: {kind, name, namespace?}`; likewise `delete`
// without the `manifests` form.
void ParseObjects(const YAML::Node& node, const std::string& what, bool apply, size_t entry,
                  ScenarioReader& r) {
  PendingObjects p{.entry = entry, .apply = apply, .span = r.ctx.Span(node)};
  if (apply && node.IsScalar()) {
    ReadEnum(node, "apply", r.ctx, {"manifests"});
    return;  // the default ApplyManifests{all}
  }
  MapReader m(node, what, r.ctx);
  if (!m.valid()) {
    if (!node.IsMap() && node.IsDefined() && node.IsNull()) {
      r.ctx.Error(node, "found an empty value for '" + what + "'; expected " +
                            (apply ? "manifests, " : "") + "{file} or {kind, name}");
    }
    return;
  }
  std::string form = ExactlyOne(m, {"file", "kind"}, what, r.ctx);
  Assign(ReadString(m.Get("file"), "file", r.ctx), p.file);
  Assign(ReadEnum(m.Get("kind"), "kind", r.ctx, kObjectKinds), p.kind);
  YAML::Node name = m.Get("name");
  YAML::Node ns = m.Get("namespace");
  Assign(ReadString(ns, "namespace", r.ctx), p.namespace_name);
  Assign(ReadString(name, "name", r.ctx), p.name);
  if (form == "kind" && !name.IsDefined()) {
    r.ctx.Error(node, "missing key 'name' in " + what + "; expected the object's name");
  }
  if (form == "file" && (name.IsDefined() || ns.IsDefined())) {
    r.ctx.Error(name.IsDefined() ? name : ns,
                "found name or namespace with file in " + what + "; expected the file alone");
  }
  m.Finish();
  if (!form.empty()) r.objects.push_back(p);
}

ScaleDeployment ParseScale(const YAML::Node& node, const std::string& what, ScenarioReader& r) {
  ScaleDeployment s;
  MapReader m(node, what, r.ctx);
  ReadDeployment(m, r, s.namespace_name, s.deployment);
  Assign(ReadInt(m.Require("replicas", "a replica count"), "replicas", r.ctx, 0, kMaxInt32),
         s.replicas);
  m.Finish();
  return s;
}

// maxSurge / maxUnavailable as Kubernetes writes them: an integer or a percentage.
std::optional<std::string> ReadIntOrPercent(const YAML::Node& node, const std::string& key,
                                            const ReadContext& ctx) {
  std::optional<std::string> text = ReadString(node, key, ctx);
  if (!text) return std::nullopt;
  std::string digits = !text->empty() && text->back() == '%' ? text->substr(0, text->size() - 1)
                                                              : *text;
  bool ok = !digits.empty() && digits.size() < 10 &&
            digits.find_first_not_of("0123456789") == std::string::npos;
  if (!ok) {
    ctx.Error(node, "found '" + *text + "' for '" + key +
                        "'; expected a non-negative integer or a percentage such as 25%");
    return std::nullopt;
  }
  return text;
}

RollingUpdate ParseUpdate(const YAML::Node& node, const std::string& what, ScenarioReader& r) {
  RollingUpdate u;
  MapReader m(node, what, r.ctx);
  ReadDeployment(m, r, u.namespace_name, u.deployment);
  Assign(ReadString(m.Get("container"), "container", r.ctx), u.container);
  u.image = ReadString(m.Get("image"), "image", r.ctx);
  Assign(ReadStringMap(m.Get("labels"), "labels", r.ctx), u.labels);
  Assign(ReadStringMap(m.Get("annotations"), "annotations", r.ctx), u.annotations);
  Assign(ReadStringMap(m.Get("env"), "env", r.ctx), u.env);
  u.max_surge = ReadIntOrPercent(m.Get("max_surge"), "max_surge", r.ctx);
  u.max_unavailable = ReadIntOrPercent(m.Get("max_unavailable"), "max_unavailable", r.ctx);
  if (m.valid() && !u.image && u.labels.empty() && u.annotations.empty() && u.env.empty()) {
    r.ctx.Error(node, "found no template change in " + what +
                          "; expected at least one of image, labels, annotations, env");
  }
  m.Finish();
  return u;
}

DeletePods ParseDeletePods(const YAML::Node& node, const std::string& what, ScenarioReader& r) {
  DeletePods d;
  MapReader m(node, what, r.ctx);
  d.pods = ParsePodRef(m.Require("pods", "a pod reference"), what + ".pods", r);
  d.grace_period = ReadDuration(m.Get("grace_period"), "grace_period", r.ctx);
  m.Finish();
  return d;
}

FlapReadiness ParseFlap(const YAML::Node& node, const std::string& what, ScenarioReader& r) {
  FlapReadiness f;
  MapReader m(node, what, r.ctx);
  f.pods = ParsePodRef(m.Require("pods", "a pod reference"), what + ".pods", r);
  Assign(ReadDuration(m.Require("down", "a duration"), "down", r.ctx), f.down);
  m.Finish();
  return f;
}

NodeRef ParseNodeRef(MapReader& m, const std::string& what, ScenarioReader& r) {
  NodeRef ref;
  std::string form = ExactlyOne(m, {"node", "node_of"}, what, r.ctx);
  ref.index = ReadInt(m.Get("node"), "node", r.ctx, 0, 10000);
  YAML::Node of = m.Get("node_of");
  if (form == "node_of") ref.node_of = ParsePodRef(of, what + ".node_of", r);
  return ref;
}

FailNode ParseFailNode(const YAML::Node& node, const std::string& what, ScenarioReader& r) {
  FailNode f;
  MapReader m(node, what, r.ctx);
  f.node = ParseNodeRef(m, what, r);
  Assign(ReadDuration(m.Get("monitor_grace"), "monitor_grace", r.ctx), f.monitor_grace);
  Assign(ReadDuration(m.Get("toleration"), "toleration", r.ctx), f.toleration);
  m.Finish();
  return f;
}

DrainNode ParseDrain(const YAML::Node& node, const std::string& what, ScenarioReader& r) {
  DrainNode d;
  MapReader m(node, what, r.ctx);
  d.node = ParseNodeRef(m, what, r);
  d.grace_period = ReadDuration(m.Get("grace_period"), "grace_period", r.ctx);
  m.Finish();
  return d;
}

Churn ParseChurn(const YAML::Node& node, const std::string& what, ScenarioReader& r) {
  Churn c;
  MapReader m(node, what, r.ctx);
  ReadDeployment(m, r, c.namespace_name, c.deployment);
  Assign(ReadRatePerMinuteMilli(m.Require("rate", "a rate such as 2/m"), "rate", r.ctx),
         c.per_minute_milli);
  Assign(ReadPerMille(m.Require("kill_fraction", "a fraction such as 0.25 or 25%"),
                      "kill_fraction", r.ctx),
         c.kill_per_mille);
  c.until = ReadInstant(m.Get("until"), "until", r);
  c.grace_period = ReadDuration(m.Get("grace_period"), "grace_period", r.ctx);
  m.Finish();
  return c;
}

void ParseRepeat(MapReader& m, const std::string& what, TimelineEntry& entry, ScenarioReader& r) {
  YAML::Node every = m.Get("every");
  YAML::Node until = m.Get("until");
  YAML::Node count = m.Get("count");
  entry.every = ReadDuration(every, "every", r.ctx);
  entry.until = ReadInstant(until, "until", r);
  entry.count = ReadInt(count, "count", r.ctx, 1, 1000000);
  if (entry.every && entry.every->count() <= 0) {
    r.ctx.Error(every, "found 'every: 0' in " + what + "; expected a positive period");
    entry.every.reset();
  }
  if (!every.IsDefined() && (until.IsDefined() || count.IsDefined())) {
    r.ctx.Error(until.IsDefined() ? until : count,
                "found " + std::string(until.IsDefined() ? "until" : "count") + " without every in " +
                    what + "; expected every: DURATION to repeat the action");
  }
}

Action ParseAction(const std::string& key, const YAML::Node& node, const std::string& what,
                   size_t entry, ScenarioReader& r) {
  std::string at = what + "." + key;
  if (key == "apply" || key == "delete") {
    ParseObjects(node, at, key == "apply", entry, r);
    if (key == "apply") return ApplyManifests{};
    return DeleteObjects{};
  }
  if (key == "scale") return ParseScale(node, at, r);
  if (key == "update") return ParseUpdate(node, at, r);
  if (key == "delete_pods") return ParseDeletePods(node, at, r);
  if (key == "flap_readiness") return ParseFlap(node, at, r);
  if (key == "fail_node") return ParseFailNode(node, at, r);
  if (key == "drain_node") return ParseDrain(node, at, r);
  if (key == "churn") return ParseChurn(node, at, r);
  std::optional<Fault> fault = ParseFault(key, node, at, r);
  return fault ? Action(*fault) : Action(ApplyManifests{});
}

}  // namespace

void ParseTimeline(const YAML::Node& node, ScenarioReader& r) {
  std::vector<std::string> actions = kKubeActions;
  for (const std::string& kind : FaultKinds()) actions.push_back(kind);
  std::vector<YAML::Node> items = ReadList(node, "timeline", r.ctx);
  for (size_t i = 0; i < items.size(); ++i) {
    std::string what = Item("timeline", i);
    MapReader m(items[i], what, r.ctx);
    TimelineEntry entry;
    entry.span = r.ctx.Span(items[i]);
    Assign(ReadInstant(m.Require("at", "a duration"), "at", r), entry.at);
    ParseRepeat(m, what, entry, r);
    std::string action = ExactlyOne(m, actions, what, r.ctx);
    for (const std::string& key : actions) {
      YAML::Node value = m.Get(key);
      if (key == action) entry.action = ParseAction(key, value, what, r.scenario.timeline.size(), r);
    }
    m.Finish();
    r.scenario.timeline.push_back(std::move(entry));
  }
}

}  // namespace meshsim::scenario::internal
