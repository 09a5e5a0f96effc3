#include "fakes/k8s/sidecar_injector.h"

#include <algorithm>

namespace meshsim::fakes {
namespace {

bool HasContainer(const std::vector<kube::Container>& containers, const std::string& name) {
  return std::any_of(containers.begin(), containers.end(),
                     [&](const kube::Container& c) { return c.name == name; });
}

}  // namespace

const appmesh::VirtualNode* SidecarInjector::MatchVirtualNode(const kube::Pod& pod) const {
  const appmesh::VirtualNode* match = nullptr;
  int matches = 0;
  const std::string& ns = pod.metadata.namespace_name;
  // Visited in place: copying the namespace's virtual nodes for every pod admitted was
  // quadratic at scale-150k (5,000 virtual nodes per namespace, 150,000 pods).
  virtual_nodes_.ForEach(ns, [&](const appmesh::VirtualNode& vn) {
    // A nil podSelector selects nothing (the webhook's pod -> VirtualNode lookup).
    if (!vn.spec.pod_selector || !vn.spec.pod_selector->Matches(pod.metadata.labels)) return;
    ++matches;
    match = &vn;  // the stored object, valid until the next write to the store
  });
  return matches == 1 ? match : nullptr;
}

Status SidecarInjector::Admit(kube::Pod& pod) const {
  const kube::Namespace* ns = namespaces_.Find("", pod.metadata.namespace_name);
  if (ns == nullptr) return Status::Ok();
  auto label = ns->metadata.labels.find(kSidecarInjectorLabel);
  if (label == ns->metadata.labels.end() || label->second != "enabled") return Status::Ok();
  if (HasContainer(pod.spec.containers, kEnvoyContainerName)) return Status::Ok();
  const appmesh::VirtualNode* vn = MatchVirtualNode(pod);
  if (vn == nullptr) return Status::Ok();
  std::string mesh = vn->spec.mesh_ref ? vn->spec.mesh_ref->name : "";
  if (const appmesh::Mesh* m = meshes_.Find("", mesh)) mesh = m->AwsName();
  kube::Container init;
  init.name = kProxyInitContainerName;
  init.image = kProxyInitImage;
  init.env = {{"APPMESH_IGNORE_UID", "1337"},
              {"APPMESH_ENVOY_INGRESS_PORT", "15000"},
              {"APPMESH_ENVOY_EGRESS_PORT", "15001"}};
  kube::Container envoy;
  envoy.name = kEnvoyContainerName;
  envoy.image = kEnvoyImage;
  envoy.ports = {kube::ContainerPort{"stats", 9901, "TCP"}};
  envoy.env = {{"APPMESH_VIRTUAL_NODE_NAME", "mesh/" + mesh + "/virtualNode/" + vn->AwsName()},
               {"AWS_REGION", region_},
               {"ENVOY_ADMIN_ACCESS_PORT", "9901"}};
  pod.spec.init_containers.insert(pod.spec.init_containers.begin(), std::move(init));
  pod.spec.containers.push_back(std::move(envoy));
  const auto& discovery = vn->spec.service_discovery;
  const auto& gates = pod.spec.readiness_gates;
  if (discovery && discovery->aws_cloud_map &&
      std::find(gates.begin(), gates.end(), kCloudMapHealthyReadinessGate) == gates.end()) {
    pod.spec.readiness_gates.push_back(kCloudMapHealthyReadinessGate);
  }
  return Status::Ok();
}

}  // namespace meshsim::fakes
