// File: tests/fakes/appmesh/fake_resource_client.h
//
// A small in-test ResourceClient<T>: a map, a resourceVersion counter and watchers that get
// every change after `watch_lag` on the given Dispatcher. Enough to drive the App Mesh control
// plane's informers without linking fakes/k8s.
//
// Example:
//   FakeResourceClient<kube::Pod> pods(dispatcher);
//   pods.Put(MakePod("front-1", ...));   // kAdded, delivered 1 ms later
//   pods.Remove("ns", "front-1");         // kDeleted
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "controller/api/dispatcher.h"
#include "controller/api/kube_client.h"

namespace meshsim::testing {

template <class T>
class FakeResourceClient : public ResourceClient<T> {
 public:
  explicit FakeResourceClient(Dispatcher& dispatcher,
                              Duration watch_lag = std::chrono::milliseconds(1))
      : dispatcher_(dispatcher), watch_lag_(watch_lag) {}

  // Creates or replaces `object` (kAdded or kModified) and returns the stored copy.
  T Put(T object) {
    std::string key = kube::KeyOf(object.metadata);
    bool exists = objects_.count(key) > 0;
    object.metadata.resource_version = ++rv_;
    objects_[key] = object;
    Emit(exists ? WatchEvent<T>::Type::kModified : WatchEvent<T>::Type::kAdded, object);
    return object;
  }
  // Deletes the object (kDeleted); a no-op when absent.
  void Remove(const std::string& namespace_name, const std::string& name) {
    auto it = objects_.find(namespace_name + "/" + name);
    if (it == objects_.end()) return;
    T last = it->second;
    objects_.erase(it);
    last.metadata.resource_version = ++rv_;
    Emit(WatchEvent<T>::Type::kDeleted, last);
  }
  int watch_count() const { return watch_count_; }
  // Makes the next Watch fail with kNotFound "Expired" (HTTP 410 Gone).
  void FailNextWatch() { fail_next_watch_ = true; }

  // ResourceClient
  Result<ObjectList<T>> List(const ListOptions&) override {
    ObjectList<T> list;
    for (const auto& [key, obj] : objects_) list.items.push_back(obj);
    list.resource_version = rv_;
    return list;
  }
  Result<WatchPtr> Watch(int64_t resource_version,
                         std::function<void(const WatchEvent<T>&)> handler) override {
    if (fail_next_watch_) {
      fail_next_watch_ = false;
      return Status(StatusCode::kNotFound, "Expired", "too old resource version");
    }
    auto watcher = std::make_shared<Watcher>(Watcher{std::move(handler), true});
    for (const auto& [rv, event] : history_) {
      if (rv > resource_version) Deliver(watcher, event);
    }
    watchers_.push_back(watcher);
    ++watch_count_;
    return WatchPtr(std::make_unique<Handle>(watcher));
  }
  Result<T> Get(const std::string& namespace_name, const std::string& name) override {
    auto it = objects_.find(namespace_name + "/" + name);
    if (it == objects_.end()) return Status(StatusCode::kNotFound, "NotFound", name);
    return it->second;
  }
  Result<T> Update(const T& object) override { return Put(object); }
  Result<T> UpdateStatus(const T& object) override { return Put(object); }

 private:
  struct Watcher {
    std::function<void(const WatchEvent<T>&)> handler;
    bool alive;
  };
  struct Handle : public ::meshsim::Watch {
    explicit Handle(std::shared_ptr<Watcher> w) : watcher(std::move(w)) {}
    ~Handle() override { watcher->alive = false; }
    std::shared_ptr<Watcher> watcher;
  };

  void Emit(typename WatchEvent<T>::Type type, const T& object) {
    WatchEvent<T> event{type, object};
    history_.emplace_back(rv_, event);
    for (const auto& w : watchers_) Deliver(w, event);
  }
  void Deliver(const std::shared_ptr<Watcher>& w, const WatchEvent<T>& event) {
    dispatcher_.Schedule(watch_lag_, [w, event] {
      if (w->alive) w->handler(event);
    });
  }

  Dispatcher& dispatcher_;
  Duration watch_lag_;
  int64_t rv_ = 0;
  int watch_count_ = 0;
  bool fail_next_watch_ = false;
  std::map<std::string, T> objects_;
  std::vector<std::pair<int64_t, WatchEvent<T>>> history_;
  std::vector<std::shared_ptr<Watcher>> watchers_;
};

}  // namespace meshsim::testing
