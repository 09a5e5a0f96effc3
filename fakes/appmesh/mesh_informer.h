// File: fakes/appmesh/mesh_informer.h
//
// internal::MeshInformer<T>: a minimal client-go informer over a ResourceClient<T>. It lists,
// hands every listed object to the handler as kAdded (and, on a relist, every cached object that is
// gone as kDeleted), then watches from the list's resourceVersion. The handler also gets the
// cached object the event replaces or removes (nullptr for a new one), so it can tell what
// changed. When the watch cannot start
// (kNotFound "Expired", as HTTP 410) or the list fails, it retries the relist after one second.
// The cache is a std::map keyed "namespace/name", so iteration order is deterministic.
//
// Example:
//   internal::MeshInformer<kube::Pod> pods(dispatcher, tracer, client, "Pod",
//       [this](const WatchEvent<kube::Pod>& e, const kube::Pod* previous) { OnPod(e); });
//   pods.Start();
//   for (const auto& [key, pod] : pods.objects()) ...
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <utility>

#include "controller/api/dispatcher.h"
#include "controller/api/kube_client.h"
#include "controller/api/tracer.h"

namespace meshsim::fakes::internal {

template <class T>
class MeshInformer {
 public:
  using Handler = std::function<void(const WatchEvent<T>& event, const T* previous)>;

  MeshInformer(Dispatcher& dispatcher, Tracer& tracer, ResourceClient<T>& client, std::string kind,
               Handler handler)
      : tracer_(tracer),
        client_(client),
        kind_(std::move(kind)),
        handler_(std::move(handler)),
        retry_(dispatcher.CreateTimer([this] { Relist(); })) {}

  // Lists and starts watching. Handler calls for the listed objects happen inside this call.
  void Start() { Relist(); }
  // Stops the watch and any pending retry; the cache keeps its last contents.
  void Stop() {
    watch_.reset();
    retry_->Disable();
  }

  const std::map<std::string, T>& objects() const { return objects_; }

 private:
  static constexpr std::chrono::seconds kRetryDelay{1};

  void Relist() {
    watch_.reset();
    Result<ObjectList<T>> list = client_.List({});
    if (!list.ok()) return Fail("List", list.status());
    std::map<std::string, T> fresh;
    for (auto& item : list->items) fresh.emplace(kube::KeyOf(item.metadata), std::move(item));
    std::map<std::string, T> old = std::move(objects_);
    objects_ = fresh;
    for (auto& [key, obj] : old) {
      if (!fresh.count(key)) handler_({WatchEvent<T>::Type::kDeleted, obj}, &obj);
    }
    for (const auto& [key, obj] : fresh) {
      auto it = old.find(key);
      if (it == old.end()) {
        handler_({WatchEvent<T>::Type::kAdded, obj}, nullptr);
      } else if (!(it->second == obj)) {
        handler_({WatchEvent<T>::Type::kModified, obj}, &it->second);
      }
    }
    Result<WatchPtr> watch =
        client_.Watch(list->resource_version, [this](const WatchEvent<T>& e) { OnEvent(e); });
    if (!watch.ok()) return Fail("Watch", watch.status());
    watch_ = std::move(*watch);
  }

  void OnEvent(const WatchEvent<T>& e) {
    std::string key = kube::KeyOf(e.object.metadata);
    auto it = objects_.find(key);
    std::optional<T> previous;  // moved out of the cache, not copied
    if (it != objects_.end()) previous = std::move(it->second);
    if (e.type == WatchEvent<T>::Type::kDeleted) {
      if (it != objects_.end()) objects_.erase(it);
    } else if (it != objects_.end()) {
      it->second = e.object;
    } else {
      objects_.emplace(std::move(key), e.object);
    }
    handler_(e, previous ? &*previous : nullptr);
  }

  void Fail(const char* verb, const Status& status) {
    tracer_.Record(TraceEvent("controlplane", "InformerError")
                       .With("kind", kind_)
                       .With("verb", verb)
                       .With("error", status.ToString()));
    retry_->Enable(kRetryDelay);
  }

  Tracer& tracer_;
  ResourceClient<T>& client_;
  std::string kind_;
  Handler handler_;
  std::map<std::string, T> objects_;
  WatchPtr watch_;
  TimerPtr retry_;
};

}  // namespace meshsim::fakes::internal
