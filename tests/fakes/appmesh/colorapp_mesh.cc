#include "tests/fakes/appmesh/colorapp_mesh.h"

#include <utility>
#include <variant>

namespace meshsim::testing {

namespace {

kube::ObjectMeta Meta(const std::string& name) {
  kube::ObjectMeta meta;
  meta.name = name;
  meta.namespace_name = kNs;
  return meta;
}

appmesh::ObjectReference Ref(const std::string& name) {
  appmesh::ObjectReference ref;
  ref.name = name;
  return ref;
}

}  // namespace

appmesh::VirtualNode MakeVirtualNode(const std::string& name, kube::Labels selector,
                                     const std::string& service,
                                     std::vector<appmesh::AwsCloudMapInstanceAttribute> attrs,
                                     std::vector<std::string> backends) {
  appmesh::VirtualNode vn;
  vn.metadata = Meta(name);
  vn.spec.pod_selector.emplace().match_labels = std::move(selector);
  vn.spec.listeners.emplace_back().port_mapping = {8080, "http"};
  appmesh::AwsCloudMapServiceDiscovery& cm =
      vn.spec.service_discovery.emplace().aws_cloud_map.emplace();
  cm.namespace_name = kCloudMapNs;
  cm.service_name = service;
  cm.attributes = std::move(attrs);
  for (auto& b : backends) vn.spec.backends.emplace_back().virtual_service_ref = Ref(b);
  return vn;
}

appmesh::VirtualService MakeServiceToRouter(const std::string& name, const std::string& router) {
  appmesh::VirtualService vs;
  vs.metadata = Meta(name);
  vs.spec.provider.emplace().virtual_router_ref = Ref(router);
  return vs;
}

appmesh::VirtualService MakeServiceToNode(const std::string& name, const std::string& node) {
  appmesh::VirtualService vs;
  vs.metadata = Meta(name);
  vs.spec.provider.emplace().virtual_node_ref = Ref(node);
  return vs;
}

appmesh::VirtualRouter MakeRouter(const std::string& name, std::vector<std::string> targets) {
  appmesh::VirtualRouter vr;
  vr.metadata = Meta(name);
  appmesh::Route& route = vr.spec.routes.emplace_back();
  route.name = "color-route";
  route.prefix = "/";
  for (auto& t : targets) route.weighted_targets.emplace_back().virtual_node_ref = Ref(t);
  return vr;
}

kube::Pod MakePod(const std::string& name, kube::Labels labels, const std::string& ip,
                  bool with_envoy) {
  kube::Pod pod;
  pod.metadata = Meta(name);
  pod.metadata.labels = std::move(labels);
  pod.spec.containers.emplace_back().name = "app";
  if (with_envoy) pod.spec.containers.emplace_back().name = "envoy";
  pod.status.phase = kube::PodPhase::kRunning;
  pod.status.pod_ip = ip;
  return pod;
}

void TimedTracer::Record(const TraceEvent& event) {
  RecordingTracer::Record(event);
  text_ +=
      std::to_string(ToNanos(dispatcher_.Now())) + " " + event.component() + " " + event.name();
  for (const auto& f : event.fields()) {
    text_ += " " + f.key + "=";
    std::visit(
        [this](const auto& v) {
          if constexpr (std::is_same_v<std::decay_t<decltype(v)>, std::string>) {
            text_ += v;
          } else {
            text_ += std::to_string(v);
          }
        },
        f.value);
  }
  text_ += "\n";
}

std::vector<TraceEvent> TimedTracer::Find(const std::string& component,
                                          const std::string& name) const {
  std::vector<TraceEvent> out;
  for (const auto& e : events()) {
    if (e.component() == component && e.name() == name) out.push_back(e);
  }
  return out;
}

std::string Field(const TraceEvent& event, const std::string& key) {
  for (const auto& f : event.fields()) {
    if (f.key == key && std::holds_alternative<std::string>(f.value)) {
      return std::get<std::string>(f.value);
    }
  }
  return "";
}

ColorappMesh::ColorappMesh(uint64_t seed, fakes::ControlPlaneOptions options) : random(seed) {
  virtual_nodes.Put(MakeVirtualNode("front", {{"app", "front"}}, "front", {}, {"colorapp"}));
  virtual_nodes.Put(MakeVirtualNode("colorapp-blue", {{"app", "colorapp"}, {"version", "blue"}},
                                    "colorapp", {{"color", "blue"}}, {}));
  virtual_nodes.Put(MakeVirtualNode("colorapp-red", {{"app", "colorapp"}, {"version", "red"}},
                                    "colorapp", {{"color", "red"}}, {}));
  virtual_services.Put(MakeServiceToRouter("colorapp", "colorapp-router"));
  virtual_services.Put(MakeServiceToRouter("front", "front-router"));
  virtual_routers.Put(MakeRouter("colorapp-router", {"colorapp-red", "colorapp-blue"}));
  virtual_routers.Put(MakeRouter("front-router", {"front"}));
  cloudmap.Register(kCloudMapNs, "colorapp", "10.0.1.1", {{"color", "blue"}});
  cloudmap.Register(kCloudMapNs, "colorapp", "10.0.2.1", {{"color", "red"}});
  cloudmap.Register(kCloudMapNs, "front", "10.0.0.1", {});
  control_plane_ = std::make_unique<fakes::AppMeshControlPlane>(
      dispatcher, random, tracer, cloudmap, virtual_nodes, virtual_services, virtual_routers, pods,
      options);
}

void ColorappMesh::AddPod(const std::string& name, kube::Labels labels, const std::string& ip,
                          bool with_envoy) {
  pods.Put(MakePod(name, std::move(labels), ip, with_envoy));
}

}  // namespace meshsim::testing
