#include "controller/cloudmap/attributes.h"

namespace meshsim::controller {


std::map<std::string, NodeInfo> BuildNodeInfo(const std::vector<kube::Node>& nodes) {
  std::map<std::string, NodeInfo> out;
  for (const kube::Node& node : nodes) {
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
    out[node.metadata.name] = info;
  }
  return out;
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
