#include "fakes/k8s/mesh_membership_webhook.h"

namespace meshsim::fakes {

Status MeshMembershipWebhook::Admit(appmesh::VirtualNode& vn) const {
  if (!vn.spec.aws_name) vn.spec.aws_name = vn.metadata.name + "_" + vn.metadata.namespace_name;
  return Designate(vn.metadata, vn.spec.mesh_ref);
}

Status MeshMembershipWebhook::Designate(const kube::ObjectMeta& meta,
                                        std::optional<appmesh::MeshReference>& mesh_ref) const {
  if (mesh_ref) return Status::Ok();
  const kube::Namespace* ns = namespaces_.Find("", meta.namespace_name);
  kube::Labels labels = ns ? ns->metadata.labels : kube::Labels{};
  std::vector<appmesh::Mesh> meshes = meshes_.Items("");
  const appmesh::Mesh* found = nullptr;
  for (const appmesh::Mesh& mesh : meshes) {
    // A Mesh without a namespaceSelector selects no namespace (webhook's designator).
    if (!mesh.spec.namespace_selector || !mesh.spec.namespace_selector->Matches(labels)) continue;
    if (found != nullptr) {
      return Status(StatusCode::kInvalidArgument, "AdmissionDenied",
                    "found multiple matching meshes for namespace: " + meta.namespace_name +
                        ", expecting 1 but found 2");
    }
    found = &mesh;
  }
  if (found == nullptr) {
    return Status(StatusCode::kInvalidArgument, "AdmissionDenied",
                  "failed to find matching mesh for namespace: " + meta.namespace_name +
                      ", expecting 1 but found 0");
  }
  mesh_ref = appmesh::MeshReference{.name = found->metadata.name, .uid = found->metadata.uid};
  return Status::Ok();
}

}  // namespace meshsim::fakes
