// File: tests/controller/cloudmap/test_objects.h
//
// Builders for the Kubernetes and App Mesh objects the reconcile tests use, shaped like the
// howto-k8s-cloudmap walkthrough (namespace howto-k8s-cloudmap, mesh of the same name, Cloud Map
// namespace howto-k8s-cloudmap.pvt.aws.local).
//
// Example:
//   kube::Pod pod = ReadyPod("colorapp-blue-1", "192.168.10.38", {{"app", "colorapp"}});
//   appmesh::VirtualNode vn = CloudMapVn("colorapp-blue", {{"app", "colorapp"}}, "colorapp");
#pragma once

#include <string>

#include "controller/api/appmesh_types.h"
#include "controller/api/kube_types.h"

namespace meshsim::controller::testing {

inline constexpr char kNs[] = "howto-k8s-cloudmap";
inline constexpr char kMesh[] = "howto-k8s-cloudmap";
inline constexpr char kCloudMapNs[] = "howto-k8s-cloudmap.pvt.aws.local";

inline kube::Pod MakePod(const std::string& name, const std::string& ip, kube::Labels labels,
                         bool containers_ready) {
  kube::Pod p;
  p.metadata.name = name;
  p.metadata.namespace_name = kNs;
  p.metadata.uid = "uid-" + name;
  p.metadata.labels = std::move(labels);
  p.spec.node_name = "node-a";
  p.status.phase = kube::PodPhase::kRunning;
  p.status.pod_ip = ip;
  p.status.conditions.push_back(
      {kube::kContainersReady,
       containers_ready ? kube::ConditionStatus::kTrue : kube::ConditionStatus::kFalse});
  return p;
}

inline kube::Pod ReadyPod(const std::string& name, const std::string& ip, kube::Labels labels) {
  return MakePod(name, ip, std::move(labels), true);
}

inline appmesh::Mesh MakeMesh() {
  appmesh::Mesh m;
  m.metadata.name = kMesh;
  m.metadata.uid = "mesh-uid";
  return m;
}

inline appmesh::VirtualNode CloudMapVn(const std::string& name, kube::Labels selector,
                                       const std::string& service,
                                       std::vector<appmesh::AwsCloudMapInstanceAttribute> attrs = {}) {
  appmesh::VirtualNode vn;
  vn.metadata.name = name;
  vn.metadata.namespace_name = kNs;
  vn.metadata.uid = "vn-uid-" + name;
  vn.spec.mesh_ref = appmesh::MeshReference{kMesh, "mesh-uid"};
  vn.spec.pod_selector = kube::LabelSelector{.match_labels = std::move(selector)};
  vn.spec.listeners.push_back({.port_mapping = {8080, "http"}});
  appmesh::ServiceDiscovery sd;
  sd.aws_cloud_map = appmesh::AwsCloudMapServiceDiscovery{kCloudMapNs, service, std::move(attrs)};
  vn.spec.service_discovery = sd;
  return vn;
}

// The walkthrough's two colorapp versions: their pod labels, their VirtualNodes (both registering
// into Cloud Map service "colorapp" with a `color` attribute) and the controller's work-queue key
// of the blue one.
inline const kube::Labels kBlue = {{"app", "colorapp"}, {"version", "blue"}};
inline const kube::Labels kRed = {{"app", "colorapp"}, {"version", "red"}};
inline constexpr char kBlueKey[] = "howto-k8s-cloudmap/colorapp-blue";

inline appmesh::VirtualNode BlueVn() {
  return CloudMapVn("colorapp-blue", kBlue, "colorapp", {{"color", "blue"}});
}
inline appmesh::VirtualNode RedVn() {
  return CloudMapVn("colorapp-red", kRed, "colorapp", {{"color", "red"}});
}

inline kube::Node MakeNode(const std::string& name, const std::string& region,
                           const std::string& zone) {
  kube::Node n;
  n.metadata.name = name;
  n.metadata.labels = {{"topology.kubernetes.io/region", region},
                       {"topology.kubernetes.io/zone", zone}};
  return n;
}

}  // namespace meshsim::controller::testing
