// App Mesh kinds (appmesh.k8s.aws/v1beta2): Mesh, VirtualNode, VirtualService, VirtualRouter.
#include "sim/scenario/manifest_parser.h"

namespace meshsim::scenario::internal {
namespace {

std::string Item(const std::string& what, size_t i) { return what + "[" + std::to_string(i) + "]"; }

const std::vector<std::string> kProtocols = {"http", "http2", "grpc", "tcp"};

std::optional<appmesh::MeshReference> ParseMeshRef(const YAML::Node& node, const std::string& what,
                                                   const ReadContext& ctx) {
  if (!node.IsDefined()) return std::nullopt;
  appmesh::MeshReference ref;
  MapReader m(node, what, ctx);
  Assign(ReadString(m.Require("name", "the mesh's name"), "name", ctx), ref.name);
  Assign(ReadString(m.Get("uid"), "uid", ctx), ref.uid);
  m.Finish();
  return ref;
}

// Parses {name, namespace?} and notes where the name was written under `path`.
std::optional<appmesh::ObjectReference> ParseRef(const YAML::Node& node, const std::string& what,
                                                 const std::string& path, ObjectReader& r) {
  if (!node.IsDefined()) return std::nullopt;
  appmesh::ObjectReference ref;
  MapReader m(node, what, r.ctx);
  YAML::Node name = m.Require("name", "the referenced object's name");
  Assign(ReadString(name, "name", r.ctx), ref.name);
  Assign(ReadString(m.Get("namespace"), "namespace", r.ctx), ref.namespace_name);
  m.Finish();
  r.Note(path, name.IsDefined() ? name : node);
  return ref;
}

appmesh::HealthCheckPolicy ParseHealthCheck(const YAML::Node& node, const std::string& what,
                                            const ReadContext& ctx) {
  appmesh::HealthCheckPolicy hc;
  MapReader m(node, what, ctx);
  Assign(ReadInt(m.Get("healthyThreshold"), "healthyThreshold", ctx, 2, 10), hc.healthy_threshold);
  Assign(ReadInt(m.Get("unhealthyThreshold"), "unhealthyThreshold", ctx, 2, 10),
         hc.unhealthy_threshold);
  Assign(ReadInt(m.Get("intervalMillis"), "intervalMillis", ctx, 5000, 300000), hc.interval_millis);
  Assign(ReadInt(m.Get("timeoutMillis"), "timeoutMillis", ctx, 2000, 60000), hc.timeout_millis);
  Assign(ReadEnum(m.Get("protocol"), "protocol", ctx, kProtocols), hc.protocol);
  Assign(ReadString(m.Get("path"), "path", ctx), hc.path);
  Assign(ReadInt(m.Get("port"), "port", ctx, 1, 65535), hc.port);
  m.Finish();
  return hc;
}

appmesh::PortMapping ParsePortMapping(const YAML::Node& node, const std::string& what,
                                      const ReadContext& ctx) {
  appmesh::PortMapping pm;
  MapReader m(node, what, ctx);
  Assign(ReadInt(m.Require("port", "a port number"), "port", ctx, 1, 65535), pm.port);
  Assign(ReadEnum(m.Require("protocol", "one of " + JoinNames(kProtocols)), "protocol", ctx,
                  kProtocols),
         pm.protocol);
  m.Finish();
  return pm;
}

std::vector<appmesh::Listener> ParseListeners(const YAML::Node& node, const std::string& what,
                                              const ReadContext& ctx) {
  std::vector<appmesh::Listener> out;
  std::vector<YAML::Node> items = ReadList(node, "listeners", ctx);
  for (size_t i = 0; i < items.size(); ++i) {
    std::string item = Item(what + ".listeners", i);
    MapReader m(items[i], item, ctx, "Listener");
    appmesh::Listener l;
    l.port_mapping =
        ParsePortMapping(m.Require("portMapping", "a port mapping"), item + ".portMapping", ctx);
    YAML::Node hc = m.Get("healthCheck");
    if (hc.IsDefined()) l.health_check = ParseHealthCheck(hc, item + ".healthCheck", ctx);
    m.Finish();
    out.push_back(l);
  }
  return out;
}

std::vector<appmesh::Backend> ParseBackends(const YAML::Node& node, const std::string& what,
                                            ObjectReader& r) {
  std::vector<appmesh::Backend> out;
  std::vector<YAML::Node> items = ReadList(node, "backends", r.ctx);
  for (size_t i = 0; i < items.size(); ++i) {
    std::string item = Item(what + ".backends", i);
    MapReader m(items[i], item, r.ctx);
    MapReader vs(m.Require("virtualService", "a virtual service backend"), item + ".virtualService",
                 r.ctx, "VirtualServiceBackend");
    appmesh::Backend b;
    Assign(ParseRef(
               vs.Require("virtualServiceRef", "a virtual service reference"),
               item + ".virtualService.virtualServiceRef",
               "spec.backends[" + std::to_string(i) + "].virtualService.virtualServiceRef.name", r),
           b.virtual_service_ref);
    vs.Finish();
    m.Finish();
    out.push_back(b);
  }
  return out;
}

appmesh::AwsCloudMapServiceDiscovery ParseCloudMap(const YAML::Node& node, const std::string& what,
                                                   const ReadContext& ctx) {
  appmesh::AwsCloudMapServiceDiscovery cm;
  MapReader m(node, what, ctx, "AwsCloudMap");
  Assign(ReadString(m.Require("namespaceName", "a Cloud Map namespace name"), "namespaceName", ctx),
         cm.namespace_name);
  Assign(ReadString(m.Require("serviceName", "a Cloud Map service name"), "serviceName", ctx),
         cm.service_name);
  std::vector<YAML::Node> attrs = ReadList(m.Get("attributes"), "attributes", ctx);
  for (size_t i = 0; i < attrs.size(); ++i) {
    MapReader a(attrs[i], Item(what + ".attributes", i), ctx);
    appmesh::AwsCloudMapInstanceAttribute attr;
    Assign(ReadString(a.Require("key", "an attribute key"), "key", ctx), attr.key);
    Assign(ReadString(a.Require("value", "an attribute value"), "value", ctx), attr.value);
    a.Finish();
    cm.attributes.push_back(attr);
  }
  m.Finish();
  return cm;
}

std::optional<appmesh::ServiceDiscovery> ParseServiceDiscovery(const YAML::Node& node,
                                                               const std::string& what,
                                                               const ReadContext& ctx) {
  if (!node.IsDefined()) return std::nullopt;
  appmesh::ServiceDiscovery sd;
  MapReader m(node, what, ctx);
  YAML::Node cm = m.Get("awsCloudMap");
  YAML::Node dns = m.Get("dns");
  if (cm.IsDefined()) sd.aws_cloud_map = ParseCloudMap(cm, what + ".awsCloudMap", ctx);
  if (dns.IsDefined()) {
    MapReader d(dns, what + ".dns", ctx, "Dns");
    appmesh::DnsServiceDiscovery dd;
    Assign(ReadString(d.Require("hostname", "a DNS name"), "hostname", ctx), dd.hostname);
    d.Finish();
    sd.dns = dd;
  }
  if (m.valid() && cm.IsDefined() == dns.IsDefined()) {
    ctx.Error(node, "found " +
                        std::string(cm.IsDefined() ? "both awsCloudMap and dns" : "neither") +
                        " in " + what + "; expected exactly one of awsCloudMap, dns");
  }
  m.Finish();
  return sd;
}

}  // namespace

void ParseMeshSpec(const YAML::Node& node, ObjectReader& r, appmesh::MeshSpec& out) {
  const ReadContext& ctx = r.ctx;
  std::string what = r.what + ".spec";
  MapReader m(node, what, ctx, "Mesh.spec");
  Assign(ReadString(m.Get("awsName"), "awsName", ctx), out.aws_name);
  out.namespace_selector =
      ParseLabelSelector(m.Get("namespaceSelector"), what + ".namespaceSelector", ctx);
  MapReader ef(m.Get("egressFilter"), what + ".egressFilter", ctx);
  Assign(
      ReadEnum(ef.Require("type", "ALLOW_ALL or DROP_ALL"), "type", ctx, {"ALLOW_ALL", "DROP_ALL"}),
      out.egress_filter);
  ef.Finish();
  m.Finish();
}

void ParseVirtualNodeSpec(const YAML::Node& node, ObjectReader& r, appmesh::VirtualNodeSpec& out) {
  const ReadContext& ctx = r.ctx;
  std::string what = r.what + ".spec";
  MapReader m(node, what, ctx, "VirtualNode.spec");
  Assign(ReadString(m.Get("awsName"), "awsName", ctx), out.aws_name);
  out.mesh_ref = ParseMeshRef(m.Get("meshRef"), what + ".meshRef", ctx);
  out.pod_selector = ParseLabelSelector(m.Get("podSelector"), what + ".podSelector", ctx);
  out.listeners = ParseListeners(m.Get("listeners"), what, ctx);
  out.backends = ParseBackends(m.Get("backends"), what, r);
  out.service_discovery =
      ParseServiceDiscovery(m.Get("serviceDiscovery"), what + ".serviceDiscovery", ctx);
  m.Finish();
}

void ParseVirtualServiceSpec(const YAML::Node& node, ObjectReader& r,
                             appmesh::VirtualServiceSpec& out) {
  const ReadContext& ctx = r.ctx;
  std::string what = r.what + ".spec";
  MapReader m(node, what, ctx, "VirtualService.spec");
  Assign(ReadString(m.Get("awsName"), "awsName", ctx), out.aws_name);
  out.mesh_ref = ParseMeshRef(m.Get("meshRef"), what + ".meshRef", ctx);
  YAML::Node provider = m.Get("provider");
  if (provider.IsDefined()) {
    MapReader p(provider, what + ".provider", ctx);
    appmesh::VirtualServiceProvider pv;
    MapReader vn(p.Get("virtualNode"), what + ".provider.virtualNode", ctx);
    pv.virtual_node_ref = ParseRef(vn.Require("virtualNodeRef", "a virtual node reference"),
                                   what + ".provider.virtualNode.virtualNodeRef",
                                   "spec.provider.virtualNode.virtualNodeRef.name", r);
    MapReader vr(p.Get("virtualRouter"), what + ".provider.virtualRouter", ctx);
    pv.virtual_router_ref = ParseRef(vr.Require("virtualRouterRef", "a virtual router reference"),
                                     what + ".provider.virtualRouter.virtualRouterRef",
                                     "spec.provider.virtualRouter.virtualRouterRef.name", r);
    if (p.valid() && p.Has("virtualNode") == p.Has("virtualRouter")) {
      ctx.Error(
          provider,
          "found " +
              std::string(p.Has("virtualNode") ? "both virtualNode and virtualRouter" : "neither") +
              " in " + what +
              ".provider; expected exactly one of virtualNode, "
              "virtualRouter");
    }
    vn.Finish();
    vr.Finish();
    p.Finish();
    out.provider = pv;
  }
  m.Finish();
}

namespace {

std::vector<appmesh::WeightedTarget> ParseTargets(const YAML::Node& node, const std::string& what,
                                                  const std::string& path, ObjectReader& r) {
  std::vector<appmesh::WeightedTarget> out;
  std::vector<YAML::Node> items = ReadList(node, "weightedTargets", r.ctx);
  if (node.IsSequence() && items.empty()) {
    r.ctx.Error(node, "found no targets in " + what + "; expected at least one weighted target");
  }
  for (size_t i = 0; i < items.size(); ++i) {
    std::string item = Item(what, i);
    std::string item_path = path + "[" + std::to_string(i) + "]";
    MapReader m(items[i], item, r.ctx);
    appmesh::WeightedTarget t;
    Assign(ParseRef(m.Require("virtualNodeRef", "a virtual node reference"),
                    item + ".virtualNodeRef", item_path + ".virtualNodeRef.name", r),
           t.virtual_node_ref);
    Assign(ReadInt(m.Require("weight", "a weight from 0 to 100"), "weight", r.ctx, 0, 100),
           t.weight);
    Assign(ReadInt(m.Get("port"), "port", r.ctx, 1, 65535), t.port);
    m.Finish();
    out.push_back(t);
  }
  return out;
}

appmesh::Route ParseRoute(const YAML::Node& node, const std::string& what, const std::string& path,
                          ObjectReader& r) {
  const ReadContext& ctx = r.ctx;
  appmesh::Route route;
  MapReader m(node, what, ctx);
  Assign(ReadString(m.Require("name", "a route name"), "name", ctx), route.name);
  Assign(ReadInt(m.Get("priority"), "priority", ctx, 0, 1000), route.priority);
  int kinds = 0;
  for (const std::string& protocol : kProtocols) {
    std::string key = protocol + "Route";
    YAML::Node body = m.Get(key);
    if (!body.IsDefined()) continue;
    ++kinds;
    route.protocol = protocol;
    MapReader b(body, what + "." + key, ctx, "Route");
    MapReader match(b.Get("match"), what + "." + key + ".match", ctx, "RouteMatch");
    Assign(ReadString(match.Get("prefix"), "prefix", ctx), route.prefix);
    match.Finish();
    MapReader action(b.Require("action", "a route action"), what + "." + key + ".action", ctx);
    route.weighted_targets =
        ParseTargets(action.Require("weightedTargets", "a list of weighted targets"),
                     what + "." + key + ".action.weightedTargets",
                     path + "." + key + ".action.weightedTargets", r);
    action.Finish();
    b.Finish();
  }
  if (m.valid() && kinds != 1) {
    ctx.Error(node, "found " + std::to_string(kinds) + " route kinds in " + what +
                        "; expected exactly one of httpRoute, http2Route, grpcRoute, tcpRoute");
  }
  m.Finish();
  return route;
}

}  // namespace

void ParseVirtualRouterSpec(const YAML::Node& node, ObjectReader& r,
                            appmesh::VirtualRouterSpec& out) {
  const ReadContext& ctx = r.ctx;
  std::string what = r.what + ".spec";
  MapReader m(node, what, ctx, "VirtualRouter.spec");
  Assign(ReadString(m.Get("awsName"), "awsName", ctx), out.aws_name);
  out.mesh_ref = ParseMeshRef(m.Get("meshRef"), what + ".meshRef", ctx);
  out.listeners = ParseListeners(m.Get("listeners"), what, ctx);
  std::vector<YAML::Node> routes = ReadList(m.Get("routes"), "routes", ctx);
  for (size_t i = 0; i < routes.size(); ++i) {
    out.routes.push_back(ParseRoute(routes[i], Item(what + ".routes", i),
                                    "spec.routes[" + std::to_string(i) + "]", r));
  }
  m.Finish();
}

}  // namespace meshsim::scenario::internal
