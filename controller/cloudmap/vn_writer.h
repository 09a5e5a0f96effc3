// File: controller/cloudmap/vn_writer.h
//
// Writes to VirtualNode objects the way the Go controller patches them: GET the current object,
// change it, write it with its resourceVersion (optimistic lock), and on a kConflict retry with
// client-go's DefaultBackoff (4 steps, 10 ms, x5; no jitter here). Used for the
// finalizers.appmesh.k8s.aws/aws-cloudmap-resources finalizer (pkg/k8s/finalizers.go) and the
// cloudMapServiceARN annotation (RM). Each write is traced as ("controller", "KubeUpdate").
//
// Example:
//   Result<appmesh::VirtualNode> vn = co_await writer.AddFinalizer(vn, kCloudMapFinalizer);
#pragma once

#include <functional>
#include <string>

#include "controller/api/kube_client.h"
#include "controller/async/task.h"
#include "controller/cloudmap/aws_caller.h"

namespace meshsim::controller {

class VirtualNodeWriter {
 public:
  // Changes the object in place; returns false when no write is needed.
  using Mutation = std::function<bool(appmesh::VirtualNode&)>;

  VirtualNodeWriter(CloudMapCaller& env, ResourceClient<appmesh::VirtualNode>& client)
      : env_(env), client_(client) {}

  // Applies `mutate` to the stored object and writes it, retrying conflicts. Returns the
  // stored object (unchanged when `mutate` returned false).
  async::Task<Result<appmesh::VirtualNode>> Mutate(std::string namespace_name, std::string name,
                                                   std::string what, Mutation mutate);
  async::Task<Result<appmesh::VirtualNode>> AddFinalizer(appmesh::VirtualNode vn,
                                                         std::string finalizer);
  async::Task<Result<appmesh::VirtualNode>> RemoveFinalizer(appmesh::VirtualNode vn,
                                                            std::string finalizer);
  // Adds the annotation unless the object already has one with that key.
  async::Task<Result<appmesh::VirtualNode>> AddAnnotation(appmesh::VirtualNode vn,
                                                          std::string key, std::string value);

 private:
  CloudMapCaller& env_;  // for the dispatcher, tracer and retry options
  ResourceClient<appmesh::VirtualNode>& client_;
};

}  // namespace meshsim::controller
