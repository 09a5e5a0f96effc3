// File: fakes/k8s/sidecar_injector.h
//
// Stands for the App Mesh controller's mutating webhook (pkg/inject, mpod.appmesh.k8s.aws):
// when a pod is created in a namespace labelled appmesh.k8s.aws/sidecarInjectorWebhook=enabled
// and exactly one VirtualNode of that namespace selects the pod, it adds the "proxyinit" init
// container and the "envoy" sidecar, so the pod shows 2/2 containers. When that VirtualNode uses
// Cloud Map service discovery it also adds the readiness gate
// conditions.appmesh.k8s.aws/aws-cloudmap-healthy (pkg/inject/cloudmap_healthy_readiness_gate.go),
// so the pod becomes Ready only once the controller's health prober sets that condition True.
//
// Example:
//   SidecarInjector injector(api.Namespaces(), api.VirtualNodes(), api.Meshes(), "us-west-2");
//   api.Pods().SetAdmission([&](kube::Pod& pod) { return injector.Admit(pod); });
#pragma once

#include <string>

#include "controller/api/appmesh_types.h"
#include "controller/api/kube_types.h"
#include "controller/api/status.h"
#include "fakes/k8s/object_store.h"

namespace meshsim::fakes {

inline constexpr char kSidecarInjectorLabel[] = "appmesh.k8s.aws/sidecarInjectorWebhook";
inline constexpr char kEnvoyContainerName[] = "envoy";
inline constexpr char kProxyInitContainerName[] = "proxyinit";
inline constexpr char kCloudMapHealthyReadinessGate[] =
    "conditions.appmesh.k8s.aws/aws-cloudmap-healthy";
// The injector's default images (controller v1.13 Helm values).
inline constexpr char kEnvoyImage[] = "public.ecr.aws/appmesh/aws-appmesh-envoy:v1.34.13.3-prod";
inline constexpr char kProxyInitImage[] =
    "public.ecr.aws/appmesh/aws-appmesh-proxy-route-manager:v7-prod";

class SidecarInjector {
 public:
  SidecarInjector(const ObjectStore<kube::Namespace>& namespaces,
                  const ObjectStore<appmesh::VirtualNode>& virtual_nodes,
                  const ObjectStore<appmesh::Mesh>& meshes, std::string region)
      : namespaces_(namespaces),
        virtual_nodes_(virtual_nodes),
        meshes_(meshes),
        region_(std::move(region)) {}

  // Admission hook for pod creation: injects the sidecar when the rules above hold, and
  // leaves the pod untouched otherwise (the webhook never rejects a pod here).
  Status Admit(kube::Pod& pod) const;

 private:
  // Returns the single VirtualNode selecting `pod`, or nullptr when none or several do.
  const appmesh::VirtualNode* MatchVirtualNode(const kube::Pod& pod) const;

  const ObjectStore<kube::Namespace>& namespaces_;
  const ObjectStore<appmesh::VirtualNode>& virtual_nodes_;
  const ObjectStore<appmesh::Mesh>& meshes_;
  std::string region_;
};

}  // namespace meshsim::fakes
