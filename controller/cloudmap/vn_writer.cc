#include "controller/cloudmap/vn_writer.h"

#include <algorithm>

#include "controller/async/sleep.h"

namespace meshsim::controller {

using async::Task;

Task<Result<appmesh::VirtualNode>> VirtualNodeWriter::Mutate(std::string namespace_name,
                                                             std::string name, std::string what,
                                                             Mutation mutate) {
  const ControllerOptions& o = env_.options();
  Duration backoff = o.conflict_retry_initial;
  for (int step = 0;; ++step) {
    Result<appmesh::VirtualNode> current = client_.Get(namespace_name, name);
    if (!current.ok()) co_return current.status();
    appmesh::VirtualNode vn = *current;
    if (!mutate(vn)) co_return vn;
    Result<appmesh::VirtualNode> written = client_.Update(vn);
    env_.tracer().Record(TraceEvent("controller", "KubeUpdate")
                             .With("vn", namespace_name + "/" + name).With("what", what)
                             .With("attempt", step).With("ok", written.ok())
                             .With("error", written.ok() ? "" : written.status().ToString()));
    if (written.ok() || written.status().code() != StatusCode::kConflict) co_return written;
    if (step + 1 >= o.conflict_retry_steps) co_return written;
    co_await async::Sleep(env_.dispatcher(), backoff);
    backoff *= o.conflict_retry_factor;
  }
}

Task<Result<appmesh::VirtualNode>> VirtualNodeWriter::AddFinalizer(appmesh::VirtualNode vn,
                                                                   std::string finalizer) {
  // Named locals only: g++ 12 destroys converted prvalue arguments of a co_awaited coroutine
  // twice (a std::function built from a lambda here), so no temporaries in co_await calls.
  Mutation mutate = [finalizer](appmesh::VirtualNode& v) {
    auto& f = v.metadata.finalizers;
    if (std::find(f.begin(), f.end(), finalizer) != f.end()) return false;
    f.push_back(finalizer);
    return true;
  };
  std::string what = "add-finalizer";
  Result<appmesh::VirtualNode> r = co_await Mutate(vn.metadata.namespace_name, vn.metadata.name,
                                                   std::move(what), std::move(mutate));
  co_return r;
}

Task<Result<appmesh::VirtualNode>> VirtualNodeWriter::RemoveFinalizer(appmesh::VirtualNode vn,
                                                                      std::string finalizer) {
  Mutation mutate = [finalizer](appmesh::VirtualNode& v) {
    auto& f = v.metadata.finalizers;
    auto it = std::find(f.begin(), f.end(), finalizer);
    if (it == f.end()) return false;
    f.erase(it);
    return true;
  };
  std::string what = "remove-finalizer";
  Result<appmesh::VirtualNode> r = co_await Mutate(vn.metadata.namespace_name, vn.metadata.name,
                                                   std::move(what), std::move(mutate));
  co_return r;
}

Task<Result<appmesh::VirtualNode>> VirtualNodeWriter::AddAnnotation(appmesh::VirtualNode vn,
                                                                    std::string key,
                                                                    std::string value) {
  Mutation mutate = [key, value](appmesh::VirtualNode& v) {
    if (v.metadata.annotations.count(key)) return false;
    v.metadata.annotations[key] = value;
    return true;
  };
  std::string what = "add-annotation";
  Result<appmesh::VirtualNode> r = co_await Mutate(vn.metadata.namespace_name, vn.metadata.name,
                                                   std::move(what), std::move(mutate));
  co_return r;
}

}  // namespace meshsim::controller
