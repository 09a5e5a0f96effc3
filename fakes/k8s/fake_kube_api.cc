#include "fakes/k8s/fake_kube_api.h"

#include <chrono>

namespace meshsim::fakes {

FakeKubeApi::FakeKubeApi(Dispatcher& dispatcher, Random& random, Tracer& tracer,
                         KubeOptions options)
    : core_(dispatcher, random, tracer, std::move(options)),
      injector_(namespaces_, virtual_nodes_, meshes_, core_.options().region),
      mesh_webhook_(namespaces_, meshes_) {
  virtual_nodes_.SetAdmission([this](appmesh::VirtualNode& vn) { return mesh_webhook_.Admit(vn); });
  virtual_services_.SetAdmission(
      [this](appmesh::VirtualService& vs) { return mesh_webhook_.Admit(vs); });
  virtual_routers_.SetAdmission(
      [this](appmesh::VirtualRouter& vr) { return mesh_webhook_.Admit(vr); });
  pods_.SetAdmission([this](kube::Pod& pod) { return injector_.Admit(pod); });
  pods_.SetGracePolicy(&FakeKubeApi::PodGrace);
}

Duration FakeKubeApi::PodGrace(const kube::Pod& pod, std::optional<Duration> requested) {
  if (pod.spec.node_name.empty()) return Duration(0);  // nothing runs yet: delete at once
  if (pod.status.phase == kube::PodPhase::kSucceeded ||
      pod.status.phase == kube::PodPhase::kFailed) {
    return Duration(0);
  }
  return requested.value_or(std::chrono::seconds(pod.spec.termination_grace_period_seconds));
}

}  // namespace meshsim::fakes
