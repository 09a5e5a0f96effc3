// File: controller/api/kube_client.h
//
// The Kubernetes API as the controller sees it: for each kind it reads, a ResourceClient with
// list, watch, get and update, the verbs client-go's informers and clients use. Watches
// deliver events on the caller's Dispatcher after the API server's and the network's delay,
// in resourceVersion order; destroying the returned Watch stops delivery.
// Implementations: fakes::FakeKubeApi (in memory, resourceVersions, watch lag).
//
// Example:
//   auto list = kube.Pods().List({});
//   WatchPtr w = kube.Pods().Watch(list->resource_version,
//                                  [this](const WatchEvent<kube::Pod>& e) { OnPod(e); });
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "controller/api/appmesh_types.h"
#include "controller/api/kube_types.h"
#include "controller/api/status.h"

namespace meshsim {

template <class T>
struct WatchEvent {
  enum class Type { kAdded, kModified, kDeleted };
  Type type = Type::kAdded;
  T object;  // for kDeleted: the last state of the object
};

template <class T>
struct ObjectList {
  std::vector<T> items;          // sorted by namespace, then name
  int64_t resource_version = 0;  // watch from here to miss nothing
};

struct ListOptions {
  std::string namespace_name;  // empty: all namespaces
};

// Destroying a Watch stops its deliveries, including ones already in flight.
class Watch {
 public:
  virtual ~Watch() = default;
};
using WatchPtr = std::unique_ptr<Watch>;

template <class T>
class ResourceClient {
 public:
  virtual ~ResourceClient() = default;
  // Returns the current objects and the list's resourceVersion.
  virtual Result<ObjectList<T>> List(const ListOptions& options) = 0;
  // Delivers every change after `resource_version` to `handler`, in order. Fails with
  // kNotFound (error_name "Expired", as HTTP 410 Gone) when that version is older than the
  // history the server keeps; the caller then relists.
  virtual Result<WatchPtr> Watch(int64_t resource_version,
                                 std::function<void(const WatchEvent<T>&)> handler) = 0;
  // Returns the object, or kNotFound.
  virtual Result<T> Get(const std::string& namespace_name, const std::string& name) = 0;
  // Calls `read` with the object, in place when the client holds it, and returns Ok; or
  // returns what Get fails with, without calling `read`. `read` must not call the client. The
  // default reads a copy from Get; a store of the objects overrides it (a health-probe round
  // read every ready pod of a subset, a whole Pod copy each).
  virtual Status Read(const std::string& namespace_name, const std::string& name,
                      const std::function<void(const T&)>& read) {
    Result<T> obj = Get(namespace_name, name);
    if (!obj.ok()) return obj.status();
    read(*obj);
    return Status::Ok();
  }
  // Replaces the object (metadata and spec, as kubectl replace; status for pods is kept from
  // the stored copy unless `UpdateStatus` is used). Fails with kConflict when
  // object.metadata.resource_version is not the stored one. Returns the stored object.
  virtual Result<T> Update(const T& object) = 0;
  // Replaces only the status subresource, with the same optimistic-concurrency rule.
  virtual Result<T> UpdateStatus(const T& object) = 0;
};

class KubeClient {
 public:
  virtual ~KubeClient() = default;
  virtual ResourceClient<kube::Pod>& Pods() = 0;
  virtual ResourceClient<kube::Node>& Nodes() = 0;
  virtual ResourceClient<appmesh::Mesh>& Meshes() = 0;
  virtual ResourceClient<appmesh::VirtualNode>& VirtualNodes() = 0;
};

}  // namespace meshsim
