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

#include <cstdint>
#include <map>
#include <optional>
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
  friend bool operator==(const NodeInfo&, const NodeInfo&) = default;
};

// Region and zone of every node, from topology.kubernetes.io/{region,zone} or the deprecated
// failure-domain.beta.kubernetes.io/{region,zone}. Go's random map order decides when a node has
// both; here labels are visited in sorted order, so the topology.* key wins.
std::map<std::string, NodeInfo> BuildNodeInfo(const std::vector<kube::Node>& nodes);
// The region and zone of one node, as BuildNodeInfo files it under the node's name.
NodeInfo NodeInfoOf(const kube::Node& node);

// REQUIRES: vn has at least one listener (the caller reports the Go panic otherwise).
// `nodes` may be null (the node list failed): no REGION/AVAILABILITY_ZONE then.
cloudmap::Attributes BuildInstanceAttributes(
    const kube::Pod& pod, const appmesh::VirtualNode& vn, const std::string& mesh_aws_name,
    const std::map<std::string, NodeInfo>* nodes, bool ipv6);

// BuildInstanceAttributes for the pods of one VN reconcile after another, reusing the map the
// previous reconcile of the VN built for a pod (same IP) whose inputs are all the same: the
// pod's name, namespace, labels and node's region/zone, and the VN's Cloud Map attributes,
// first listener port and AWS name, the mesh's AWS name, the IP family and whether nodes are
// known. BuildInstanceAttributes reads nothing else, so the map is the one it would build.
// A reconcile of a 1,000-pod VN built 1,000 maps (and freed the previous 1,000) when one pod
// had changed. A map not asked for in a round is dropped at the end of it.
// A pod of the same uid and (non-zero) resource_version as last time is the same write of the
// same object (the API server bumps the version on every change), so its name, namespace,
// labels and node name are not compared again; nor is its node's region/zone when the node
// info is of the same `nodes_version` (>= 0; the node cache version it was built from).
// Comparing the labels and names of 1,000 pods was a tenth of day-1k's CPU.
//
// Example:
//   InstanceAttributesMemo::Round round = memo.Begin(vn, mesh_aws_name, &nodes, ipv6);
//   for (const kube::Pod* p : ready) want[p->status.pod_ip].attributes = round.Get(*p);
//   // the round's destructor keeps the maps asked for, drops the others
class InstanceAttributesMemo {
 public:
  class Round;
  // REQUIRES: `vn`, `nodes` and the memo outlive the round; at most one round at a time;
  // `nodes_version` names the content of `*nodes` (-1: unknown, compare the node info).
  Round Begin(const appmesh::VirtualNode& vn, const std::string& mesh_aws_name,
              const std::map<std::string, NodeInfo>* nodes, bool ipv6,
              int64_t nodes_version = -1);
  // Drops what is kept for the VN (it is gone).
  void Forget(const std::string& vn_key) { vns_.erase(vn_key); }
  size_t pods_kept(const std::string& vn_key) const;

 private:
  // What BuildInstanceAttributes reads from the VN, the mesh and the options.
  struct VnInputs {
    std::vector<appmesh::AwsCloudMapInstanceAttribute> attributes;
    std::optional<int32_t> port;
    std::string vn_aws_name;
    std::string mesh_aws_name;
    bool ipv6 = false;
    bool have_nodes = false;
    friend bool operator==(const VnInputs&, const VnInputs&) = default;
  };
  // What it reads from the pod and its node, and what it built from them.
  struct PodEntry {
    std::string name;
    std::string namespace_name;
    kube::Labels labels;
    std::optional<NodeInfo> node;  // nullopt: node unknown (or no node list)
    cloudmap::SharedAttributes attributes;
    // The pod write and node info version the inputs above were last checked against.
    std::string uid;
    int64_t resource_version = 0;  // 0: none
    int64_t nodes_version = -1;    // -1: none
  };
  using PodEntries = std::map<std::string, PodEntry>;  // pod IP -> entry
  struct VnEntry {
    VnInputs inputs;
    PodEntries pods;
  };
  std::map<std::string, VnEntry> vns_;  // VN key (namespace/name)

 public:
  class Round {
   public:
    Round(Round&&) = delete;
    ~Round();
    // The pod's attributes, as BuildInstanceAttributes(pod, vn, mesh, nodes, ipv6) builds them.
    cloudmap::SharedAttributes Get(const kube::Pod& pod);
    int64_t built() const { return built_; }

   private:
    friend class InstanceAttributesMemo;
    Round(VnEntry& entry, const appmesh::VirtualNode& vn, const std::string& mesh_aws_name,
          const std::map<std::string, NodeInfo>* nodes, bool ipv6, int64_t nodes_version);
    std::optional<NodeInfo> NodeOf(const kube::Pod& pod) const;
    // Returns true when `kept` was built from the same inputs as `pod` would be (and notes
    // the pod's write and the node info version in it).
    bool StillValid(PodEntry& kept, const kube::Pod& pod) const;
    VnEntry& entry_;
    const appmesh::VirtualNode& vn_;
    const std::string mesh_aws_name_;  // a copy: a caller may pass a temporary
    const std::map<std::string, NodeInfo>* nodes_;
    bool ipv6_;
    int64_t nodes_version_;
    PodEntries previous_;  // last round's maps not asked for yet
    int64_t built_ = 0;
  };
};

// Compares two attribute maps ignoring AWS_INIT_HEALTH_STATUS on both sides.
bool SameAttributesIgnoringInitHealth(const cloudmap::Attributes& a,
                                      const cloudmap::Attributes& b);

// Returns true when `attrs` marks the instance as owned by this mesh/VN subset (spec B.5).
bool InSubset(const cloudmap::Attributes& attrs, const std::string& mesh_aws_name,
              const std::string& vn_aws_name);

}  // namespace meshsim::controller
