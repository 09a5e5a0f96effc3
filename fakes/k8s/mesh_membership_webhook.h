// File: fakes/k8s/mesh_membership_webhook.h
//
// Stands for the App Mesh controller's mutating webhooks for VirtualNode, VirtualService and
// VirtualRouter (webhooks/appmesh/*_mutator.go and the mesh membership designator): on create,
// an object without spec.meshRef gets the one Mesh whose namespaceSelector matches its
// namespace's labels ({name, uid}); no or several matching meshes reject the object, as the
// webhook does. A VirtualNode also gets its default awsName "<name>_<namespace>".
//
// Example:
//   MeshMembershipWebhook webhook(api.Namespaces(), api.Meshes());
//   api.VirtualNodes().SetAdmission([&](appmesh::VirtualNode& vn) { return webhook.Admit(vn); });
#pragma once

#include "controller/api/appmesh_types.h"
#include "controller/api/kube_types.h"
#include "controller/api/status.h"
#include "fakes/k8s/object_store.h"

namespace meshsim::fakes {

class MeshMembershipWebhook {
 public:
  MeshMembershipWebhook(const ObjectStore<kube::Namespace>& namespaces,
                        const ObjectStore<appmesh::Mesh>& meshes)
      : namespaces_(namespaces), meshes_(meshes) {}

  Status Admit(appmesh::VirtualNode& vn) const;
  Status Admit(appmesh::VirtualService& vs) const { return Designate(vs.metadata, vs.spec.mesh_ref); }
  Status Admit(appmesh::VirtualRouter& vr) const { return Designate(vr.metadata, vr.spec.mesh_ref); }

 private:
  // Fills `mesh_ref` when unset, or rejects the object.
  Status Designate(const kube::ObjectMeta& meta, std::optional<appmesh::MeshReference>& mesh_ref) const;

  const ObjectStore<kube::Namespace>& namespaces_;
  const ObjectStore<appmesh::Mesh>& meshes_;
};

}  // namespace meshsim::fakes
