// The scenario's timeline, assertions and views.
#include "sim/scenario/manifest_parser.h"
#include "sim/scenario/scenario_parser.h"

namespace meshsim::scenario::internal {
namespace {

std::string Item(const std::string& what, size_t i) { return what + "[" + std::to_string(i) + "]"; }

// Records an error at `node` unless exactly one of `keys` is present in `m`; returns that key.
std::string ExactlyOne(MapReader& m, const std::vector<std::string>& keys, const std::string& what,
                       const ReadContext& ctx) {
  std::vector<std::string> present;
  for (const std::string& key : keys) {
    if (m.Has(key)) present.push_back(key);
  }
  if (m.valid() && present.size() != 1) {
    std::string found = present.empty() ? "none of " + JoinNames(keys) : JoinNames(present);
    ctx.Error(m.node(),
              "found " + found + " in " + what + "; expected exactly one of " + JoinNames(keys));
  }
  return present.size() == 1 ? present[0] : "";
}

void Refer(ScenarioReader& r, const std::string& kind, const std::string& noun,
           const std::string& ns, const YAML::Node& node) {
  std::optional<std::string> name = ReadString(node, noun, r.ctx);
  if (name) r.refs.push_back({kind, noun, ns, *name, r.ctx.Span(node)});
}

std::optional<Duration> ReadInstant(const YAML::Node& node, const std::string& key,
                                    ScenarioReader& r) {
  std::optional<Duration> d = ReadDuration(node, key, r.ctx);
  if (d) r.instants.emplace_back(*d, r.ctx.Span(node));
  return d;
}

ScaleDeployment ParseScale(const YAML::Node& node, const std::string& what, ScenarioReader& r) {
  ScaleDeployment s;
  MapReader m(node, what, r.ctx);
  Assign(ReadString(m.Get("namespace"), "namespace", r.ctx), s.namespace_name);
  YAML::Node deployment = m.Require("deployment", "a deployment name");
  Assign(ReadString(deployment, "deployment", r.ctx), s.deployment);
  Refer(r, "Deployment", "deployment", s.namespace_name, deployment);
  Assign(ReadInt(m.Require("replicas", "a replica count"), "replicas", r.ctx, 0, kMaxInt32),
         s.replicas);
  m.Finish();
  return s;
}

DeletePods ParseDeletePods(const YAML::Node& node, const std::string& what, ScenarioReader& r) {
  DeletePods d;
  MapReader m(node, what, r.ctx);
  d.pods = ParsePodRef(m.Require("pods", "a pod reference"), what + ".pods", r);
  d.grace_period = ReadDuration(m.Get("grace_period"), "grace_period", r.ctx);
  m.Finish();
  return d;
}

DiscoverInstancesCheck ParseDiscover(const YAML::Node& node, const std::string& what,
                                     bool with_health, const ReadContext& ctx) {
  DiscoverInstancesCheck c;
  MapReader m(node, what, ctx);
  Assign(ReadString(m.Require("namespace", "a Cloud Map namespace name"), "namespace", ctx),
         c.namespace_name);
  Assign(ReadString(m.Require("service", "a Cloud Map service name"), "service", ctx),
         c.service_name);
  Assign(ReadStringMap(m.Get("query_parameters"), "query_parameters", ctx), c.query_parameters);
  if (with_health) {
    c.health_status = ReadEnum(m.Get("health_status"), "health_status", ctx,
                               {"HEALTHY", "UNHEALTHY", "ALL", "HEALTHY_OR_ELSE_ALL"});
  }
  m.Finish();
  return c;
}

EnvoyEndpointsCheck ParseEnvoyEndpoints(const YAML::Node& node, const std::string& what,
                                        ScenarioReader& r) {
  EnvoyEndpointsCheck c;
  MapReader m(node, what, r.ctx);
  c.envoy_pods = ParsePodRef(m.Require("pods", "a pod reference"), what + ".pods", r);
  YAML::Node vs = m.Get("virtual_service");
  YAML::Node vn = m.Get("virtual_node");
  c.virtual_service = ReadString(vs, "virtual_service", r.ctx);
  c.virtual_node = ReadString(vn, "virtual_node", r.ctx);
  if (vs.IsDefined()) Refer(r, "VirtualService", "virtual service", "", vs);
  if (vn.IsDefined()) Refer(r, "VirtualNode", "virtual node", "", vn);
  ExactlyOne(m, {"virtual_service", "virtual_node"}, what, r.ctx);
  m.Finish();
  return c;
}

void ParseWhen(MapReader& m, const std::string& what, Assertion& a, ScenarioReader& r) {
  YAML::Node eventually = m.Get("eventually");
  YAML::Node at = m.Get("at");
  if (eventually.IsDefined() && at.IsDefined()) {
    r.ctx.Error(at, "found both eventually and at in " + what + "; expected at most one");
  }
  if (eventually.IsDefined()) {
    a.mode = Assertion::Mode::kEventually;
    MapReader e(eventually, what + ".eventually", r.ctx);
    Assign(ReadDuration(e.Require("within", "a duration"), "within", r.ctx), a.within);
    Assign(ReadInstant(e.Get("after"), "after", r), a.after);
    e.Finish();
  } else {
    a.mode = Assertion::Mode::kAt;
    a.at = ReadInstant(at, "at", r);
  }
}

Assertion ParseAssertion(const YAML::Node& node, const std::string& what, ScenarioReader& r) {
  Assertion a;
  a.span = r.ctx.Span(node);
  MapReader m(node, what, r.ctx);
  Assign(ReadString(m.Require("name", "the assertion's name"), "name", r.ctx), a.name);
  ParseWhen(m, what, a, r);
  std::string check = ExactlyOne(m, {"discover_instances", "envoy_endpoints"}, what, r.ctx);
  YAML::Node di = m.Get("discover_instances");
  YAML::Node ee = m.Get("envoy_endpoints");
  if (check == "discover_instances") {
    a.check = ParseDiscover(di, what + ".discover_instances", true, r.ctx);
  } else if (check == "envoy_endpoints") {
    a.check = ParseEnvoyEndpoints(ee, what + ".envoy_endpoints", r);
  }
  MapReader expect(m.Require("expect", "expect: {pods: [...]}"), what + ".expect", r.ctx);
  std::vector<YAML::Node> pods =
      ReadList(expect.Require("pods", "a list of pod references"), "pods", r.ctx);
  for (size_t i = 0; i < pods.size(); ++i) {
    a.expect.pods.push_back(ParsePodRef(pods[i], Item(what + ".expect.pods", i), r));
  }
  expect.Finish();
  m.Finish();
  return a;
}

}  // namespace

PodSelectorRef ParsePodRef(const YAML::Node& node, const std::string& what, ScenarioReader& r) {
  PodSelectorRef ref;
  ref.span = r.ctx.Span(node);
  MapReader m(node, what, r.ctx);
  Assign(ReadString(m.Get("namespace"), "namespace", r.ctx), ref.namespace_name);
  YAML::Node deployment = m.Get("deployment");
  ref.deployment = ReadString(deployment, "deployment", r.ctx);
  if (ref.deployment) Refer(r, "Deployment", "deployment", ref.namespace_name, deployment);
  std::optional<std::map<std::string, std::string>> labels =
      ReadStringMap(m.Get("selector"), "selector", r.ctx);
  if (labels) {
    ref.selector.emplace();
    ref.selector->match_labels = *labels;
  }
  ref.name = ReadString(m.Get("name"), "name", r.ctx);
  ExactlyOne(m, {"deployment", "selector", "name"}, what, r.ctx);
  m.Finish();
  return ref;
}

void ParseTimeline(const YAML::Node& node, ScenarioReader& r) {
  std::vector<YAML::Node> items = ReadList(node, "timeline", r.ctx);
  for (size_t i = 0; i < items.size(); ++i) {
    std::string what = Item("timeline", i);
    MapReader m(items[i], what, r.ctx);
    TimelineEntry entry;
    entry.span = r.ctx.Span(items[i]);
    Assign(ReadInstant(m.Require("at", "a duration"), "at", r), entry.at);
    std::string action = ExactlyOne(m, {"apply", "scale", "delete_pods"}, what, r.ctx);
    YAML::Node apply = m.Get("apply");
    YAML::Node scale = m.Get("scale");
    YAML::Node del = m.Get("delete_pods");
    if (action == "apply") {
      ReadEnum(apply, "apply", r.ctx, {"manifests"});
      entry.action = ApplyManifests{};
    } else if (action == "scale") {
      entry.action = ParseScale(scale, what + ".scale", r);
    } else if (action == "delete_pods") {
      entry.action = ParseDeletePods(del, what + ".delete_pods", r);
    }
    m.Finish();
    r.scenario.timeline.push_back(std::move(entry));
  }
}

void ParseAssertions(const YAML::Node& node, ScenarioReader& r) {
  std::vector<YAML::Node> items = ReadList(node, "assertions", r.ctx);
  for (size_t i = 0; i < items.size(); ++i) {
    r.scenario.assertions.push_back(ParseAssertion(items[i], Item("assertions", i), r));
  }
}

void ParseViews(const YAML::Node& node, ScenarioReader& r) {
  std::vector<YAML::Node> items = ReadList(node, "views", r.ctx);
  for (size_t i = 0; i < items.size(); ++i) {
    std::string what = Item("views", i);
    MapReader m(items[i], what, r.ctx);
    std::string kind = ExactlyOne(m, {"kubectl_get_pods", "discover_instances"}, what, r.ctx);
    YAML::Node pods = m.Get("kubectl_get_pods");
    YAML::Node di = m.Get("discover_instances");
    if (kind == "kubectl_get_pods") {
      MapReader k(pods, what + ".kubectl_get_pods", r.ctx);
      KubectlGetPodsView view;
      Assign(ReadString(k.Require("namespace", "a namespace"), "namespace", r.ctx),
             view.namespace_name);
      k.Finish();
      r.scenario.views.push_back(view);
    } else if (kind == "discover_instances") {
      r.scenario.views.push_back(
          DiscoverInstancesView{ParseDiscover(di, what + ".discover_instances", false, r.ctx)});
    }
    m.Finish();
  }
}

}  // namespace meshsim::scenario::internal
