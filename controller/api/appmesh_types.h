// File: controller/api/appmesh_types.h
//
// App Mesh custom resources (appmesh.k8s.aws/v1beta2) as value types: Mesh, VirtualNode,
// VirtualService, VirtualRouter, with the CRD's field names in snake_case. The controller reads
// Mesh and VirtualNode; the App Mesh control plane model reads all four.
//
// Example:
//   const auto& cm = vn.spec.service_discovery.aws_cloud_map;
//   if (cm) Register(cm->namespace_name, cm->service_name, cm->attributes);
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "controller/api/kube_types.h"

namespace meshsim::appmesh {

struct MeshReference {
  std::string name;
  std::string uid;
  friend bool operator==(const MeshReference&, const MeshReference&) = default;
};

struct MeshSpec {
  std::optional<std::string> aws_name;  // defaults to the Mesh's name
  std::optional<kube::LabelSelector> namespace_selector;
  std::string egress_filter = "DROP_ALL";
  friend bool operator==(const MeshSpec&, const MeshSpec&) = default;
};

struct Mesh {
  kube::ObjectMeta metadata;  // cluster-scoped
  MeshSpec spec;
  // Returns spec.aws_name or, when unset, the object's name (the webhook's default).
  std::string AwsName() const;
  friend bool operator==(const Mesh&, const Mesh&) = default;
};

struct PortMapping {
  int32_t port = 0;
  std::string protocol;  // "http", "http2", "grpc", "tcp"
  friend bool operator==(const PortMapping&, const PortMapping&) = default;
};

struct HealthCheckPolicy {
  int32_t healthy_threshold = 2;
  int32_t unhealthy_threshold = 2;
  int64_t interval_millis = 5000;
  int64_t timeout_millis = 2000;
  std::string protocol = "http";
  std::optional<std::string> path;
  std::optional<int32_t> port;
  friend bool operator==(const HealthCheckPolicy&, const HealthCheckPolicy&) = default;
};

struct Listener {
  PortMapping port_mapping;
  std::optional<HealthCheckPolicy> health_check;
  friend bool operator==(const Listener&, const Listener&) = default;
};

struct AwsCloudMapInstanceAttribute {
  std::string key;
  std::string value;
  friend bool operator==(const AwsCloudMapInstanceAttribute&,
                         const AwsCloudMapInstanceAttribute&) = default;
};

struct AwsCloudMapServiceDiscovery {
  std::string namespace_name;
  std::string service_name;
  std::vector<AwsCloudMapInstanceAttribute> attributes;
  friend bool operator==(const AwsCloudMapServiceDiscovery&,
                         const AwsCloudMapServiceDiscovery&) = default;
};

struct DnsServiceDiscovery {
  std::string hostname;
  friend bool operator==(const DnsServiceDiscovery&, const DnsServiceDiscovery&) = default;
};

struct ServiceDiscovery {
  std::optional<AwsCloudMapServiceDiscovery> aws_cloud_map;
  std::optional<DnsServiceDiscovery> dns;
  friend bool operator==(const ServiceDiscovery&, const ServiceDiscovery&) = default;
};

// A reference to a VirtualService, VirtualNode or VirtualRouter by name; namespace defaults to
// the referring object's.
struct ObjectReference {
  std::string name;
  std::optional<std::string> namespace_name;
  friend bool operator==(const ObjectReference&, const ObjectReference&) = default;
};

struct Backend {
  ObjectReference virtual_service_ref;
  friend bool operator==(const Backend&, const Backend&) = default;
};

struct VirtualNodeSpec {
  std::optional<std::string> aws_name;  // defaults to "<name>_<namespace>"
  std::optional<MeshReference> mesh_ref;  // set by the webhook from the namespace's mesh
  std::optional<kube::LabelSelector> pod_selector;
  std::vector<Listener> listeners;
  std::vector<Backend> backends;
  std::optional<ServiceDiscovery> service_discovery;
  friend bool operator==(const VirtualNodeSpec&, const VirtualNodeSpec&) = default;
};

struct VirtualNode {
  kube::ObjectMeta metadata;
  VirtualNodeSpec spec;
  // Returns spec.aws_name or "<name>_<namespace>".
  std::string AwsName() const;
  // Returns the Cloud Map service discovery block, or nullptr.
  const AwsCloudMapServiceDiscovery* CloudMap() const;
  friend bool operator==(const VirtualNode&, const VirtualNode&) = default;
};

struct WeightedTarget {
  ObjectReference virtual_node_ref;
  int32_t weight = 1;
  std::optional<int32_t> port;
  friend bool operator==(const WeightedTarget&, const WeightedTarget&) = default;
};

struct Route {
  std::string name;
  std::string protocol = "http";  // which of httpRoute/http2Route/grpcRoute/tcpRoute was given
  std::optional<std::string> prefix;  // httpRoute.match.prefix
  std::vector<WeightedTarget> weighted_targets;
  std::optional<int32_t> priority;
  friend bool operator==(const Route&, const Route&) = default;
};

struct VirtualRouterSpec {
  std::optional<std::string> aws_name;
  std::optional<MeshReference> mesh_ref;
  std::vector<Listener> listeners;
  std::vector<Route> routes;
  friend bool operator==(const VirtualRouterSpec&, const VirtualRouterSpec&) = default;
};

struct VirtualRouter {
  kube::ObjectMeta metadata;
  VirtualRouterSpec spec;
  friend bool operator==(const VirtualRouter&, const VirtualRouter&) = default;
};

struct VirtualServiceProvider {
  std::optional<ObjectReference> virtual_node_ref;
  std::optional<ObjectReference> virtual_router_ref;
  friend bool operator==(const VirtualServiceProvider&, const VirtualServiceProvider&) = default;
};

struct VirtualServiceSpec {
  std::optional<std::string> aws_name;  // defaults to "<name>.<namespace>"
  std::optional<MeshReference> mesh_ref;
  std::optional<VirtualServiceProvider> provider;
  friend bool operator==(const VirtualServiceSpec&, const VirtualServiceSpec&) = default;
};

struct VirtualService {
  kube::ObjectMeta metadata;
  VirtualServiceSpec spec;
  friend bool operator==(const VirtualService&, const VirtualService&) = default;
};

}  // namespace meshsim::appmesh
