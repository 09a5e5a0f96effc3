// File: tests/support/fake_resource_client.h
//
// A small in-memory ResourceClient<T> for unit tests of controller/ and fakes/ that must not
// link fakes/k8s: objects keyed by namespace/name, a resourceVersion counter, watches that
// replay the history after the watched resourceVersion and get every later change (posted
// after the current callback, or `watch_lag` later), optimistic-lock Updates (a stale
// resourceVersion is a conflict), API-server deletion with finalizers, and switches that make
// the next List or Watch fail, inject update conflicts, hide changes from watchers (a missed
// event) or drop every watch.
//
// Example:
//   FakeResourceClient<kube::Pod> pods(dispatcher);               // events posted
//   FakeResourceClient<kube::Pod> lagging(dispatcher, 1ms);       // events 1 ms later
//   pods.Put(MakePod("ns", "a"));                                  // kAdded
//   pods.Remove("ns", "a");                                        // kDeleted
//   pods.fail_next_watch = Status(StatusCode::kNotFound, "Expired", "too old");
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "controller/api/dispatcher.h"
#include "controller/api/kube_client.h"

namespace meshsim::testing {

template <class T>
class FakeResourceClient : public ResourceClient<T> {
 public:
  explicit FakeResourceClient(Dispatcher& dispatcher, Duration watch_lag = Duration(0))
      : dispatcher_(dispatcher), watch_lag_(watch_lag) {}
  ~FakeResourceClient() override {
    for (const auto& w : watchers_) w->alive = false;
  }

  std::optional<Status> fail_next_list;
  std::optional<Status> fail_next_watch;
  int conflicts_to_inject = 0;  // the next N Updates fail with kConflict
  int updates = 0;
  int lists = 0;
  int watches = 0;  // Watch calls, failed ones included

  // Creates or replaces the object (kAdded or kModified) and returns the stored copy.
  T Put(T obj) {
    std::string key = kube::KeyOf(obj.metadata);
    bool existed = objects_.count(key) > 0;
    obj.metadata.resource_version = ++rv_;
    objects_[key] = obj;
    Emit(existed ? WatchEvent<T>::Type::kModified : WatchEvent<T>::Type::kAdded, obj);
    return obj;
  }
  // Deletes the object now (kDeleted); a no-op when absent.
  void Remove(const std::string& key) {
    auto it = objects_.find(key);
    if (it == objects_.end()) return;
    T last = it->second;
    objects_.erase(it);
    last.metadata.resource_version = ++rv_;
    Emit(WatchEvent<T>::Type::kDeleted, last);
  }
  void Remove(const std::string& namespace_name, const std::string& name) {
    Remove(namespace_name + "/" + name);
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
  // Changes the stored object without telling watchers (a missed event).
  void PutSilently(T obj) {
    obj.metadata.resource_version = ++rv_;
    objects_[kube::KeyOf(obj.metadata)] = obj;
  }
  void RemoveSilently(const std::string& key) { objects_.erase(key), ++rv_; }
  // Drops every watch (as if the server closed them without telling).
  void DropWatches() {
    for (const auto& w : watchers_) w->alive = false;
    watchers_.clear();
  }
  // Makes the next Watch fail with kNotFound "Expired" (HTTP 410 Gone).
  void FailNextWatch() {
    fail_next_watch = Status(StatusCode::kNotFound, "Expired", "too old resource version");
  }
  // Watches that started (failed Watch calls excluded).
  int watch_count() const { return watches_started_; }
  const T* Peek(const std::string& key) const {
    auto it = objects_.find(key);
    return it == objects_.end() ? nullptr : &it->second;
  }

  // ResourceClient
  Result<ObjectList<T>> List(const ListOptions&) override {
    ++lists;
    if (fail_next_list) return Take(fail_next_list);
    ObjectList<T> out;
    for (const auto& [key, obj] : objects_) out.items.push_back(obj);
    out.resource_version = rv_;
    return out;
  }
  Result<WatchPtr> Watch(int64_t resource_version,
                         std::function<void(const WatchEvent<T>&)> handler) override {
    ++watches;
    if (fail_next_watch) return Take(fail_next_watch);
    auto watcher = std::make_shared<Watcher>(Watcher{std::move(handler), true});
    for (const auto& [rv, event] : history_) {
      if (rv > resource_version) Deliver(watcher, event);
    }
    watchers_.push_back(watcher);
    ++watches_started_;
    return WatchPtr(std::make_unique<Handle>(watcher));
  }
  Result<T> Get(const std::string& namespace_name, const std::string& name) override {
    auto it = objects_.find(namespace_name.empty() ? name : namespace_name + "/" + name);
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
    T stored = Put(obj);
    // A terminating object goes away once its last finalizer is removed.
    if (stored.metadata.deletion_timestamp && stored.metadata.finalizers.empty()) Remove(key);
    return stored;
  }
  Result<T> UpdateStatus(const T& obj) override { return Update(obj); }

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
  static Status Take(std::optional<Status>& s) {
    Status out = *s;
    s.reset();
    return out;
  }
  void Emit(typename WatchEvent<T>::Type type, const T& obj) {
    WatchEvent<T> event{type, obj};
    history_.emplace_back(rv_, event);
    for (const auto& w : watchers_) Deliver(w, event);
  }
  // The watcher shares ownership of its state, so a delivery after the client or the watch
  // is gone is dropped safely.
  void Deliver(const std::shared_ptr<Watcher>& w, const WatchEvent<T>& event) {
    auto run = [w, event] {
      if (w->alive) w->handler(event);
    };
    if (watch_lag_ > Duration(0)) {
      dispatcher_.Schedule(watch_lag_, std::move(run));
    } else {
      dispatcher_.Post(std::move(run));
    }
  }

  Dispatcher& dispatcher_;
  Duration watch_lag_;
  int64_t rv_ = 0;
  int watches_started_ = 0;
  std::map<std::string, T> objects_;
  std::vector<std::pair<int64_t, WatchEvent<T>>> history_;
  std::vector<std::shared_ptr<Watcher>> watchers_;
};

}  // namespace meshsim::testing
