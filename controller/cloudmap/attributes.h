// File: controller/cloudmap/attributes.h
//
// The attribute map of a pod's Cloud Map instance, built exactly as instances_reconciler.go
// does (spec B.5), in this order, later writes winning on a key collision:
//   pod labels; the VN's awsCloudMap.attributes; AWS_INSTANCE_IPV4 (IPV6 for the ipv6 family);
//   AWS_INSTANCE_PORT (first listener); k8s.io/pod; k8s.io/namespace; appmesh.k8s.aws/mesh;
//   appmesh.k8s.aws/virtualNode; REGION and AVAILABILITY_ZONE (only when the pod's node is known
//   and the value is non-empty). AWS_INIT_HEALTH_STATUS is added only on (re)registration.
//
// Example:
//   auto nodes = BuildNodeInfo(node_informer.List());
//   cloudmap::Attributes attrs = BuildInstanceAttributes(pod, vn, mesh.AwsName(), &nodes, false);
#pragma once

#include <map>
#include <string>
#include <vector>

#include "controller/api/appmesh_types.h"
#include "controller/api/cloudmap_types.h"
#include "controller/api/kube_types.h"

namespace meshsim::controller {

inline constexpr char kAttrIpv4[] = "AWS_INSTANCE_IPV4";
inline constexpr char kAttrIpv6[] = "AWS_INSTANCE_IPV6";
inline constexpr char kAttrPort[] = "AWS_INSTANCE_PORT";
inline constexpr char kAttrInitHealth[] = "AWS_INIT_HEALTH_STATUS";
inline constexpr char kAttrPod[] = "k8s.io/pod";
inline constexpr char kAttrNamespace[] = "k8s.io/namespace";
inline constexpr char kAttrMesh[] = "appmesh.k8s.aws/mesh";
inline constexpr char kAttrVirtualNode[] = "appmesh.k8s.aws/virtualNode";
inline constexpr char kAttrRegion[] = "REGION";
inline constexpr char kAttrZone[] = "AVAILABILITY_ZONE";

struct NodeInfo {
  std::string region;
  std::string zone;
};

// Region and zone of every node, from topology.kubernetes.io/{region,zone} or the deprecated
// failure-domain.beta.kubernetes.io/{region,zone}. Go's random map order decides when a node has
// both; here labels are visited in sorted order, so the topology.* key wins.
std::map<std::string, NodeInfo> BuildNodeInfo(const std::vector<kube::Node>& nodes);

// REQUIRES: vn has at least one listener (the caller reports the Go panic otherwise).
// `nodes` may be null (the node list failed): no REGION/AVAILABILITY_ZONE then.
cloudmap::Attributes BuildInstanceAttributes(
    const kube::Pod& pod, const appmesh::VirtualNode& vn, const std::string& mesh_aws_name,
    const std::map<std::string, NodeInfo>* nodes, bool ipv6);

// Compares two attribute maps ignoring AWS_INIT_HEALTH_STATUS on both sides.
bool SameAttributesIgnoringInitHealth(const cloudmap::Attributes& a,
                                      const cloudmap::Attributes& b);

// Returns true when `attrs` marks the instance as owned by this mesh/VN subset (spec B.5).
bool InSubset(const cloudmap::Attributes& attrs, const std::string& mesh_aws_name,
              const std::string& vn_aws_name);

}  // namespace meshsim::controller
