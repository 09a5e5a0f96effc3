#include "controller/cloudmap/attributes.h"

namespace meshsim::controller {


std::map<std::string, NodeInfo> BuildNodeInfo(const std::vector<kube::Node>& nodes) {
  std::map<std::string, NodeInfo> out;
  for (const kube::Node& node : nodes) out[node.metadata.name] = NodeInfoOf(node);
  return out;
}

NodeInfo NodeInfoOf(const kube::Node& node) {
  NodeInfo info;
  for (const auto& [key, value] : node.metadata.labels) {
    if (key == "topology.kubernetes.io/region" ||
        key == "failure-domain.beta.kubernetes.io/region") {
      info.region = value;
    } else if (key == "topology.kubernetes.io/zone" ||
               key == "failure-domain.beta.kubernetes.io/zone") {
      info.zone = value;
    }
  }
  return info;
}

cloudmap::Attributes BuildInstanceAttributes(const kube::Pod& pod, const appmesh::VirtualNode& vn,
                                       const std::string& mesh_aws_name,
                                       const std::map<std::string, NodeInfo>* nodes, bool ipv6) {
  cloudmap::Attributes attrs;
  for (const auto& [k, v] : pod.metadata.labels) attrs[k] = v;
  if (const auto* sd = vn.CloudMap()) {
    for (const auto& a : sd->attributes) attrs[a.key] = a.value;
  }
  attrs[ipv6 ? kAttrIpv6 : kAttrIpv4] = pod.status.pod_ip;
  if (!vn.spec.listeners.empty()) {
    attrs[kAttrPort] = std::to_string(vn.spec.listeners[0].port_mapping.port);
  }
  attrs[kAttrPod] = pod.metadata.name;
  attrs[kAttrNamespace] = pod.metadata.namespace_name;
  attrs[kAttrMesh] = mesh_aws_name;
  attrs[kAttrVirtualNode] = vn.AwsName();
  if (nodes) {
    auto it = nodes->find(pod.spec.node_name);
    if (it != nodes->end()) {
      if (!it->second.region.empty()) attrs[kAttrRegion] = it->second.region;
      if (!it->second.zone.empty()) attrs[kAttrZone] = it->second.zone;
    }
  }
  return attrs;
}

InstanceAttributesMemo::Round InstanceAttributesMemo::Begin(
    const appmesh::VirtualNode& vn, const std::string& mesh_aws_name,
    const std::map<std::string, NodeInfo>* nodes, bool ipv6, int64_t nodes_version) {
  return Round(vns_[kube::KeyOf(vn.metadata)], vn, mesh_aws_name, nodes, ipv6,
               nodes == nullptr ? -1 : nodes_version);
}

size_t InstanceAttributesMemo::pods_kept(const std::string& vn_key) const {
  auto it = vns_.find(vn_key);
  return it == vns_.end() ? 0 : it->second.pods.size();
}

InstanceAttributesMemo::Round::Round(VnEntry& entry, const appmesh::VirtualNode& vn,
                                     const std::string& mesh_aws_name,
                                     const std::map<std::string, NodeInfo>* nodes, bool ipv6,
                                     int64_t nodes_version)
    : entry_(entry), vn_(vn), mesh_aws_name_(mesh_aws_name), nodes_(nodes), ipv6_(ipv6),
      nodes_version_(nodes_version) {
  VnInputs inputs{.vn_aws_name = vn.AwsName(), .mesh_aws_name = mesh_aws_name, .ipv6 = ipv6,
                  .have_nodes = nodes != nullptr};
  if (const auto* sd = vn.CloudMap()) inputs.attributes = sd->attributes;
  if (!vn.spec.listeners.empty()) inputs.port = vn.spec.listeners[0].port_mapping.port;
  if (inputs == entry_.inputs) {
    previous_ = std::move(entry_.pods);
  } else {
    entry_.inputs = std::move(inputs);  // every pod's map depends on them: build all again
  }
  entry_.pods.clear();
}

InstanceAttributesMemo::Round::~Round() = default;  // entry_.pods holds what was asked for

std::optional<NodeInfo> InstanceAttributesMemo::Round::NodeOf(const kube::Pod& pod) const {
  if (nodes_ == nullptr) return std::nullopt;
  auto it = nodes_->find(pod.spec.node_name);
  if (it == nodes_->end()) return std::nullopt;
  return it->second;
}

bool InstanceAttributesMemo::Round::StillValid(PodEntry& kept, const kube::Pod& pod) const {
  const kube::ObjectMeta& m = pod.metadata;
  bool same_write = m.resource_version != 0 && kept.resource_version == m.resource_version &&
                    kept.uid == m.uid;
  if (!same_write &&
      (kept.name != m.name || kept.namespace_name != m.namespace_name || kept.labels != m.labels)) {
    return false;
  }
  // The same write names the same node; the same node info version gives it the same values.
  if (same_write && nodes_version_ >= 0 && kept.nodes_version == nodes_version_) return true;
  if (NodeOf(pod) != kept.node) return false;
  kept.uid = m.uid;
  kept.resource_version = m.resource_version;
  kept.nodes_version = nodes_version_;
  return true;
}

cloudmap::SharedAttributes InstanceAttributesMemo::Round::Get(const kube::Pod& pod) {
  // Moves the last round's entry of this IP over (no allocation) when it is still right.
  auto kept = previous_.extract(pod.status.pod_ip);
  if (kept && StillValid(kept.mapped(), pod)) {
    cloudmap::SharedAttributes attributes = kept.mapped().attributes;
    entry_.pods.insert(std::move(kept));  // a second pod of the same IP keeps the first's
    return attributes;
  }
  ++built_;
  cloudmap::SharedAttributes attributes(
      BuildInstanceAttributes(pod, vn_, mesh_aws_name_, nodes_, ipv6_));
  entry_.pods.insert_or_assign(
      pod.status.pod_ip,
      PodEntry{pod.metadata.name, pod.metadata.namespace_name, pod.metadata.labels, NodeOf(pod),
               attributes, pod.metadata.uid, pod.metadata.resource_version, nodes_version_});
  return attributes;
}

bool SameAttributesIgnoringInitHealth(const cloudmap::Attributes& a, const cloudmap::Attributes& b) {
  // Walks both sorted maps in step instead of copying them: the reconciler compares every
  // instance of a subset after each completed operation.
  auto x = a.begin(), y = b.begin();
  while (true) {
    if (x != a.end() && x->first == kAttrInitHealth) ++x;
    if (y != b.end() && y->first == kAttrInitHealth) ++y;
    if (x == a.end() || y == b.end()) return x == a.end() && y == b.end();
    if (x->first != y->first || x->second != y->second) return false;
    ++x;
    ++y;
  }
}

bool InSubset(const cloudmap::Attributes& attrs, const std::string& mesh_aws_name,
              const std::string& vn_aws_name) {
  auto m = attrs.find(kAttrMesh);
  auto v = attrs.find(kAttrVirtualNode);
  return m != attrs.end() && v != attrs.end() && m->second == mesh_aws_name &&
         v->second == vn_aws_name;
}

}  // namespace meshsim::controller
