// The scenario's timeline, assertions and views.
#include "sim/scenario/manifest_parser.h"
#include "sim/scenario/scenario_parser.h"

namespace meshsim::scenario::internal {
namespace {

std::string Item(const std::string& what, size_t i) { return what + "[" + std::to_string(i) + "]"; }

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

const std::vector<std::string> kChecks = {"discover_instances", "envoy_endpoints", "latency",
                                          "rollout_complete", "trace_events", "requests"};

RolloutCompleteCheck ParseRollout(const YAML::Node& node, const std::string& what,
                                  ScenarioReader& r) {
  RolloutCompleteCheck c;
  MapReader m(node, what, r.ctx);
  Assign(ReadString(m.Get("namespace"), "namespace", r.ctx), c.namespace_name);
  YAML::Node deployment = m.Require("deployment", "a deployment name");
  Assign(ReadString(deployment, "deployment", r.ctx), c.deployment);
  Refer(r, "Deployment", "deployment", c.namespace_name, deployment);
  m.Finish();
  return c;
}

TraceEventsCheck ParseTraceEvents(const YAML::Node& node, const std::string& what,
                                  const ReadContext& ctx) {
  TraceEventsCheck c;
  MapReader m(node, what, ctx);
  Assign(ReadEnum(m.Require("component", "a trace component"), "component", ctx,
                  {"world", "k8s", "controller", "cloudmap", "controlplane", "envoy"}),
         c.component);
  Assign(ReadString(m.Require("event", "a trace event name"), "event", ctx), c.event);
  Assign(ReadStringMap(m.Get("fields"), "fields", ctx), c.fields);
  YAML::Node count = m.Require("count", "count: {min?, max?}");
  MapReader n(count, what + ".count", ctx);
  c.min = ReadInt(n.Get("min"), "min", ctx, 0, 1'000'000'000);
  c.max = ReadInt(n.Get("max"), "max", ctx, 0, 1'000'000'000);
  if (n.valid() && !c.min && !c.max) {
    ctx.Error(count, "found no bound in " + what + ".count; expected min, max or both");
  }
  n.Finish();
  m.Finish();
  return c;
}

void ParseWhen(MapReader& m, const std::string& what, Assertion& a, ScenarioReader& r) {
  std::vector<std::string> modes = {"eventually", "at", "always", "never"};
  std::vector<std::string> present;
  for (const std::string& mode : modes) {
    if (m.Has(mode)) present.push_back(mode);
  }
  YAML::Node eventually = m.Get("eventually");
  YAML::Node at = m.Get("at");
  YAML::Node always = m.Get("always");
  YAML::Node never = m.Get("never");
  if (present.size() > 1) {
    r.ctx.Error(m.node()[present[1]],
                "found " + JoinNames(present) + " in " + what + "; expected at most one of " +
                    JoinNames(modes));
  }
  if (eventually.IsDefined()) {
    a.mode = Assertion::Mode::kEventually;
    MapReader e(eventually, what + ".eventually", r.ctx);
    Assign(ReadDuration(e.Require("within", "a duration"), "within", r.ctx), a.within);
    Assign(ReadInstant(e.Get("after"), "after", r), a.after);
    e.Finish();
  } else if (always.IsDefined() || never.IsDefined()) {
    a.mode = always.IsDefined() ? Assertion::Mode::kAlways : Assertion::Mode::kNever;
    std::string key = always.IsDefined() ? "always" : "never";
    MapReader e(always.IsDefined() ? always : never, what + "." + key, r.ctx);
    Assign(ReadInstant(e.Get("from"), "from", r), a.from);
    a.to = ReadInstant(e.Get("to"), "to", r);
    if (a.to && *a.to < a.from) {
      r.ctx.Error(e.node()["to"], "found to " + FormatDuration(*a.to) + " before from " +
                                      FormatDuration(a.from) + " in " + what +
                                      "; expected to >= from");
    }
    e.Finish();
  } else {
    a.mode = Assertion::Mode::kAt;
    a.at = ReadInstant(at, "at", r);
  }
}

void ParseExpect(MapReader& m, const std::string& what, Assertion& a, ScenarioReader& r) {
  MapReader expect(m.Require("expect", "expect: {pods: [...]}"), what + ".expect", r.ctx);
  std::vector<YAML::Node> pods =
      ReadList(expect.Require("pods", "a list of pod references"), "pods", r.ctx);
  for (size_t i = 0; i < pods.size(); ++i) {
    a.expect.pods.push_back(ParsePodRef(pods[i], Item(what + ".expect.pods", i), r));
  }
  expect.Finish();
}

Assertion ParseAssertion(const YAML::Node& node, const std::string& what, ScenarioReader& r) {
  Assertion a;
  a.span = r.ctx.Span(node);
  MapReader m(node, what, r.ctx);
  Assign(ReadString(m.Require("name", "the assertion's name"), "name", r.ctx), a.name);
  ParseWhen(m, what, a, r);
  std::string check = ExactlyOne(m, kChecks, what, r.ctx);
  std::vector<YAML::Node> nodes;
  for (const std::string& key : kChecks) nodes.push_back(m.Get(key));
  YAML::Node node_of_check = check.empty() ? YAML::Node() : m.node()[check];
  std::string at = what + "." + check;
  if (check == "discover_instances") {
    a.check = ParseDiscover(node_of_check, at, true, r.ctx);
  } else if (check == "envoy_endpoints") {
    a.check = ParseEnvoyEndpoints(node_of_check, at, r);
  } else if (check == "latency") {
    a.check = ParseLatency(node_of_check, at, r);
  } else if (check == "rollout_complete") {
    a.check = ParseRollout(node_of_check, at, r);
  } else if (check == "trace_events") {
    a.check = ParseTraceEvents(node_of_check, at, r.ctx);
  } else if (check == "requests") {
    a.check = ParseRequests(node_of_check, at, r);
  }
  bool wants_expect = check == "discover_instances" || check == "envoy_endpoints";
  if (wants_expect) {
    ParseExpect(m, what, a, r);
  } else if (!check.empty() && m.Has("expect")) {
    r.ctx.Error(m.node()["expect"], "found expect in a " + check + " assertion " + what +
                                        "; expected expect only with discover_instances or "
                                        "envoy_endpoints");
  }
  if (check == "latency" && a.mode != Assertion::Mode::kAt) {
    r.ctx.Error(node_of_check, "found a latency check with eventually, always or never in " +
                                   what + "; expected it at one instant (at, or the end of the "
                                   "run)");
  }
  m.Get("expect");
  m.Finish();
  return a;
}

}  // namespace

// Records an error at `node` unless exactly one of `keys` is present in `m`; returns that key.
std::string ExactlyOne(MapReader& m, const std::vector<std::string>& keys, const std::string& what,
                       const ReadContext& ctx) {
  std::vector<std::string> present;
  for (const std::string& key : keys) {
    if (m.Has(key)) present.push_back(key);
  }
  if (m.valid() && present.size() != 1) {
    std::string found = present.empty() ? "none of them" : JoinNames(present);
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
