// File: tests/controller/cloudmap/fake_kube.h
//
// A KubeClient made of four FakeResourceClients, for reconcile tests that script pod states
// directly (conditions, IPs, deletion) instead of running kubelets.
//
// Example:
//   FakeKube kube(dispatcher);
//   kube.pods.Put(ReadyPod("p", "10.0.0.1", {{"app", "front"}}));
#pragma once

#include "controller/api/kube_client.h"
#include "tests/support/fake_resource_client.h"

namespace meshsim::controller::testing {

using meshsim::testing::FakeResourceClient;

class FakeKube : public KubeClient {
 public:
  explicit FakeKube(Dispatcher& d) : pods(d), nodes(d), meshes(d), vns(d) {}
  ResourceClient<kube::Pod>& Pods() override { return pods; }
  ResourceClient<kube::Node>& Nodes() override { return nodes; }
  ResourceClient<appmesh::Mesh>& Meshes() override { return meshes; }
  ResourceClient<appmesh::VirtualNode>& VirtualNodes() override { return vns; }

  FakeResourceClient<kube::Pod> pods;
  FakeResourceClient<kube::Node> nodes;
  FakeResourceClient<appmesh::Mesh> meshes;
  FakeResourceClient<appmesh::VirtualNode> vns;
};

}  // namespace meshsim::controller::testing
