// File: tests/controller/runtime/fake_resource_client.h
//
// A tiny in-memory ResourceClient<T> for the informer's unit tests: objects keyed by
// namespace/name, a resourceVersion counter, watches delivered through the dispatcher, and
// switches to make the next List or Watch fail.
//
// Example:
//   FakeResourceClient<kube::Pod> pods(dispatcher);
//   pods.Put(MakePod("ns", "a"));
//   pods.fail_next_watch = Status(StatusCode::kNotFound, "Expired", "too old");
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>

#include "controller/api/dispatcher.h"
#include "controller/api/kube_client.h"

namespace meshsim::controller::testing {

template <class T>
class FakeResourceClient : public ResourceClient<T> {
 public:
  explicit FakeResourceClient(Dispatcher& d) : d_(d), alive_(std::make_shared<bool>(true)) {}
  ~FakeResourceClient() override { *alive_ = false; }

  std::optional<Status> fail_next_list;
  int conflicts_to_inject = 0;  // the next N Updates fail with kConflict
  int updates = 0;
  std::optional<Status> fail_next_watch;
  int lists = 0;
  int watches = 0;

  // Creates or replaces the object and notifies watchers.
  void Put(T obj) {
    std::string key = kube::KeyOf(obj.metadata);
    bool existed = objects_.count(key) > 0;
    obj.metadata.resource_version = ++rv_;
    objects_[key] = obj;
    Notify(existed ? WatchEvent<T>::Type::kModified : WatchEvent<T>::Type::kAdded, obj);
  }
  void Remove(const std::string& key) {
    auto it = objects_.find(key);
    if (it == objects_.end()) return;
    T last = it->second;
    objects_.erase(it);
    ++rv_;
    Notify(WatchEvent<T>::Type::kDeleted, last);
  }
  // Changes the stored object without telling watchers (a missed event).
  void PutSilently(T obj) {
    obj.metadata.resource_version = ++rv_;
    objects_[kube::KeyOf(obj.metadata)] = obj;
  }
  void RemoveSilently(const std::string& key) { objects_.erase(key), ++rv_; }
  // Drops every watch (as if the server closed them).
  void DropWatches() { ++generation_; }

  // ResourceClient
  Result<ObjectList<T>> List(const ListOptions&) override {
    ++lists;
    if (fail_next_list) return Take(fail_next_list);
    ObjectList<T> out;
    for (const auto& [k, v] : objects_) out.items.push_back(v);
    out.resource_version = rv_;
    return out;
  }
  Result<WatchPtr> Watch(int64_t, std::function<void(const WatchEvent<T>&)> handler) override {
    ++watches;
    if (fail_next_watch) return Take(fail_next_watch);
    auto w = std::make_unique<FakeWatch>();
    handlers_[w->token] = {generation_, std::move(handler)};
    w->owner = this;
    w->alive = alive_;
    return WatchPtr(std::move(w));
  }
  Result<T> Get(const std::string& ns, const std::string& name) override {
    auto it = objects_.find(ns.empty() ? name : ns + "/" + name);
    if (it == objects_.end()) return Status(StatusCode::kNotFound, "NotFound", name);
    return it->second;
  }
  Result<T> Update(const T& obj) override {
    ++updates;
    std::string key = kube::KeyOf(obj.metadata);
    auto it = objects_.find(key);
    if (it == objects_.end()) return Status(StatusCode::kNotFound, "NotFound", "gone");
    if (conflicts_to_inject > 0 ||
        it->second.metadata.resource_version != obj.metadata.resource_version) {
      if (conflicts_to_inject > 0) --conflicts_to_inject;
      return Status(StatusCode::kConflict, "Conflict", "stale");
    }
    Put(obj);
    T stored = objects_[key];
    // A terminating object goes away once its last finalizer is removed.
    if (stored.metadata.deletion_timestamp && stored.metadata.finalizers.empty()) Remove(key);
    return stored;
  }
  // Deletes as the API server does: terminating while finalizers remain, else gone.
  void Delete(const std::string& key, SystemTime now) {
    auto it = objects_.find(key);
    if (it == objects_.end()) return;
    if (it->second.metadata.finalizers.empty()) return Remove(key);
    T obj = it->second;
    obj.metadata.deletion_timestamp = now;
    Put(obj);
  }
  const T* Peek(const std::string& key) const {
    auto it = objects_.find(key);
    return it == objects_.end() ? nullptr : &it->second;
  }
  Result<T> UpdateStatus(const T& obj) override { return Update(obj); }

 private:
  struct FakeWatch : Watch {
    static inline int next = 0;
    int token = next++;
    FakeResourceClient* owner = nullptr;
    std::shared_ptr<bool> alive;
    ~FakeWatch() override {
      if (*alive) owner->handlers_.erase(token);
    }
  };
  struct Entry {
    int generation;
    std::function<void(const WatchEvent<T>&)> fn;
  };
  static Status Take(std::optional<Status>& s) {
    Status out = *s;
    s.reset();
    return out;
  }
  void Notify(typename WatchEvent<T>::Type type, const T& obj) {
    for (const auto& [token, entry] : handlers_) {
      if (entry.generation != generation_) continue;
      int t = token;
      std::weak_ptr<bool> alive = alive_;
      WatchEvent<T> e{type, obj};
      d_.Post([this, t, alive, e] {
        if (alive.expired()) return;
        auto it = handlers_.find(t);
        if (it != handlers_.end()) it->second.fn(e);
      });
    }
  }

  Dispatcher& d_;
  std::shared_ptr<bool> alive_;
  std::map<std::string, T> objects_;
  std::map<int, Entry> handlers_;
  int64_t rv_ = 0;
  int generation_ = 0;
};

}  // namespace meshsim::controller::testing
