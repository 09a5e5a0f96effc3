// Kubernetes kinds: ObjectMeta, LabelSelector, Deployment and Service specs.
#include <cctype>

#include "sim/scenario/manifest_parser.h"

namespace meshsim::scenario::internal {
namespace {

std::string Item(const std::string& what, size_t i) { return what + "[" + std::to_string(i) + "]"; }

std::vector<kube::LabelSelectorRequirement> ParseExpressions(const YAML::Node& node,
                                                             const std::string& what,
                                                             const ReadContext& ctx) {
  std::vector<kube::LabelSelectorRequirement> out;
  std::vector<YAML::Node> items = ReadList(node, "matchExpressions", ctx);
  for (size_t i = 0; i < items.size(); ++i) {
    MapReader m(items[i], Item(what + ".matchExpressions", i), ctx);
    kube::LabelSelectorRequirement req;
    Assign(ReadString(m.Require("key", "a label key"), "key", ctx), req.key);
    std::optional<std::string> op = ReadEnum(m.Require("operator", "an operator"), "operator", ctx,
                                             {"In", "NotIn", "Exists", "DoesNotExist"});
    using Op = kube::LabelSelectorRequirement::Operator;
    if (op)
      req.op = *op == "In"       ? Op::kIn
               : *op == "NotIn"  ? Op::kNotIn
               : *op == "Exists" ? Op::kExists
                                 : Op::kDoesNotExist;
    for (const YAML::Node& v : ReadList(m.Get("values"), "values", ctx)) {
      if (auto s = ReadString(v, "values", ctx)) req.values.push_back(*s);
    }
    m.Finish();
    out.push_back(std::move(req));
  }
  return out;
}

kube::Container ParseContainer(const YAML::Node& node, const std::string& what,
                               const ReadContext& ctx) {
  kube::Container c;
  MapReader m(node, what, ctx, "Container");
  Assign(ReadString(m.Require("name", "a container name"), "name", ctx), c.name);
  Assign(ReadString(m.Require("image", "an image"), "image", ctx), c.image);
  std::vector<YAML::Node> ports = ReadList(m.Get("ports"), "ports", ctx);
  for (size_t i = 0; i < ports.size(); ++i) {
    MapReader p(ports[i], Item(what + ".ports", i), ctx, "ContainerPort");
    kube::ContainerPort port;
    Assign(ReadString(p.Get("name"), "name", ctx), port.name);
    Assign(ReadInt(p.Require("containerPort", "a port number"), "containerPort", ctx, 1, 65535),
           port.container_port);
    Assign(ReadEnum(p.Get("protocol"), "protocol", ctx, {"TCP", "UDP", "SCTP"}), port.protocol);
    p.Finish();
    c.ports.push_back(port);
  }
  std::vector<YAML::Node> env = ReadList(m.Get("env"), "env", ctx);
  for (size_t i = 0; i < env.size(); ++i) {
    MapReader e(env[i], Item(what + ".env", i), ctx, "EnvVar");
    kube::EnvVar var;
    Assign(ReadString(e.Require("name", "a variable name"), "name", ctx), var.name);
    Assign(ReadString(e.Get("value"), "value", ctx), var.value);
    e.Finish();
    c.env.push_back(var);
  }
  m.Finish();
  return c;
}

std::vector<kube::Container> ParseContainers(const YAML::Node& node, const std::string& key,
                                             const std::string& what, const ReadContext& ctx) {
  std::vector<kube::Container> out;
  std::vector<YAML::Node> items = ReadList(node, key, ctx);
  for (size_t i = 0; i < items.size(); ++i) {
    out.push_back(ParseContainer(items[i], Item(what + "." + key, i), ctx));
  }
  return out;
}

kube::PodSpec ParsePodSpec(const YAML::Node& node, const std::string& what,
                           const ReadContext& ctx) {
  kube::PodSpec spec;
  MapReader m(node, what, ctx, "PodSpec");
  YAML::Node containers = m.Require("containers", "a list of containers");
  spec.containers = ParseContainers(containers, "containers", what, ctx);
  if (containers.IsSequence() && containers.size() == 0) {
    ctx.Error(containers, "found no containers in " + what + "; expected at least one");
  }
  spec.init_containers = ParseContainers(m.Get("initContainers"), "initContainers", what, ctx);
  std::optional<std::string> restart =
      ReadEnum(m.Get("restartPolicy"), "restartPolicy", ctx, {"Always", "OnFailure", "Never"});
  if (restart)
    spec.restart_policy = *restart == "Always"  ? kube::RestartPolicy::kAlways
                          : *restart == "Never" ? kube::RestartPolicy::kNever
                                                : kube::RestartPolicy::kOnFailure;
  Assign(ReadString(m.Get("nodeName"), "nodeName", ctx), spec.node_name);
  Assign(ReadInt(m.Get("terminationGracePeriodSeconds"), "terminationGracePeriodSeconds", ctx, 0,
                 kMaxInt32),
         spec.termination_grace_period_seconds);
  std::vector<YAML::Node> gates = ReadList(m.Get("readinessGates"), "readinessGates", ctx);
  for (size_t i = 0; i < gates.size(); ++i) {
    MapReader g(gates[i], Item(what + ".readinessGates", i), ctx);
    std::optional<std::string> type =
        ReadString(g.Require("conditionType", "a condition type"), "conditionType", ctx);
    if (type) spec.readiness_gates.push_back(*type);
    g.Finish();
  }
  m.Finish();
  return spec;
}

std::optional<kube::IntOrPercent> ReadIntOrPercent(const YAML::Node& node, const std::string& key,
                                                   const ReadContext& ctx) {
  std::optional<std::string> text = ReadString(node, key, ctx);
  if (!text) return std::nullopt;
  kube::IntOrPercent v;
  std::string digits = *text;
  if (!digits.empty() && digits.back() == '%') {
    v.percent = true;
    digits.pop_back();
  }
  bool ok = !digits.empty() && digits.size() < 10;
  for (char c : digits) ok = ok && std::isdigit(static_cast<unsigned char>(c));
  if (!ok) {
    ctx.Error(node, "found '" + *text + "' for '" + key +
                        "'; expected a non-negative integer or a percentage such as 25%");
    return std::nullopt;
  }
  v.value = std::stoi(digits);
  return v;
}

void ParseStrategy(const YAML::Node& node, const std::string& what, const ReadContext& ctx,
                   kube::DeploymentStrategy& out) {
  MapReader m(node, what, ctx);
  Assign(ReadEnum(m.Get("type"), "type", ctx, {"RollingUpdate", "Recreate"}), out.type);
  MapReader ru(m.Get("rollingUpdate"), what + ".rollingUpdate", ctx);
  Assign(ReadIntOrPercent(ru.Get("maxSurge"), "maxSurge", ctx), out.rolling_update.max_surge);
  Assign(ReadIntOrPercent(ru.Get("maxUnavailable"), "maxUnavailable", ctx),
         out.rolling_update.max_unavailable);
  ru.Finish();
  m.Finish();
}

}  // namespace

kube::ObjectMeta ParseObjectMeta(const YAML::Node& node, const std::string& kind, bool namespaced,
                                 const ReadContext& ctx) {
  kube::ObjectMeta meta;
  MapReader m(node, kind + ".metadata", ctx);
  Assign(ReadString(m.Require("name", "the object's name"), "name", ctx), meta.name);
  if (namespaced) {
    meta.namespace_name = "default";  // kubectl's namespace when neither file nor flag sets one
    Assign(ReadString(m.Get("namespace"), "namespace", ctx), meta.namespace_name);
  }
  Assign(ReadStringMap(m.Get("labels"), "labels", ctx), meta.labels);
  Assign(ReadStringMap(m.Get("annotations"), "annotations", ctx), meta.annotations);
  m.Finish();
  return meta;
}

std::optional<kube::LabelSelector> ParseLabelSelector(const YAML::Node& node,
                                                      const std::string& what,
                                                      const ReadContext& ctx) {
  if (!node.IsDefined()) return std::nullopt;
  kube::LabelSelector selector;
  MapReader m(node, what, ctx);
  Assign(ReadStringMap(m.Get("matchLabels"), "matchLabels", ctx), selector.match_labels);
  selector.match_expressions = ParseExpressions(m.Get("matchExpressions"), what, ctx);
  m.Finish();
  return selector;
}

void ParseDeploymentSpec(const YAML::Node& node, ObjectReader& r, kube::DeploymentSpec& out) {
  const ReadContext& ctx = r.ctx;
  std::string what = r.what + ".spec";
  MapReader m(node, what, ctx, "Deployment.spec");
  Assign(ReadInt(m.Get("replicas"), "replicas", ctx, 0, kMaxInt32), out.replicas);
  YAML::Node selector = m.Require("selector", "a label selector");
  Assign(ParseLabelSelector(selector, what + ".selector", ctx), out.selector);
  MapReader t(m.Require("template", "a pod template"), what + ".template", ctx);
  MapReader tm(t.Get("metadata"), what + ".template.metadata", ctx);
  Assign(ReadStringMap(tm.Get("labels"), "labels", ctx), out.template_.metadata.labels);
  Assign(ReadStringMap(tm.Get("annotations"), "annotations", ctx),
         out.template_.metadata.annotations);
  tm.Finish();
  out.template_.spec = ParsePodSpec(t.Require("spec", "a pod spec"), what + ".template.spec", ctx);
  t.Finish();
  ParseStrategy(m.Get("strategy"), what + ".strategy", ctx, out.strategy);
  Assign(ReadInt(m.Get("minReadySeconds"), "minReadySeconds", ctx, 0, kMaxInt32),
         out.min_ready_seconds);
  Assign(ReadInt(m.Get("revisionHistoryLimit"), "revisionHistoryLimit", ctx, 0, kMaxInt32),
         out.revision_history_limit);
  m.Finish();
  // The API server rejects a Deployment whose selector does not select its own pods.
  if (selector.IsMap() && !out.selector.Matches(out.template_.metadata.labels)) {
    ctx.Error(selector, "found a selector in " + what +
                            " that does not match the template's labels; expected it to select "
                            "spec.template.metadata.labels");
  }
}

void ParseServiceSpec(const YAML::Node& node, ObjectReader& r, kube::ServiceSpec& out) {
  const ReadContext& ctx = r.ctx;
  std::string what = r.what + ".spec";
  MapReader m(node, what, ctx, "Service.spec");
  Assign(ReadStringMap(m.Get("selector"), "selector", ctx), out.selector);
  Assign(ReadEnum(m.Get("type"), "type", ctx, {"ClusterIP", "NodePort", "LoadBalancer"}), out.type);
  Assign(ReadString(m.Get("clusterIP"), "clusterIP", ctx), out.cluster_ip);
  std::vector<YAML::Node> ports = ReadList(m.Get("ports"), "ports", ctx);
  for (size_t i = 0; i < ports.size(); ++i) {
    MapReader p(ports[i], Item(what + ".ports", i), ctx, "ServicePort");
    kube::ServicePort port;
    Assign(ReadString(p.Get("name"), "name", ctx), port.name);
    Assign(ReadInt(p.Require("port", "a port number"), "port", ctx, 1, 65535), port.port);
    port.target_port = port.port;  // the API server's default
    Assign(ReadInt(p.Get("targetPort"), "targetPort", ctx, 1, 65535), port.target_port);
    Assign(ReadEnum(p.Get("protocol"), "protocol", ctx, {"TCP", "UDP", "SCTP"}), port.protocol);
    p.Finish();
    out.ports.push_back(port);
  }
  m.Finish();
}

}  // namespace meshsim::scenario::internal
