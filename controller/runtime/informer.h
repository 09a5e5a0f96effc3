// File: controller/runtime/informer.h
//
// A shared-informer port over ResourceClient<T>: List, then Watch from the list's
// resourceVersion; a local cache keyed by "namespace/name"; add/update/delete handlers that get
// the cached old object and the new one; a relist when the watch cannot start (kNotFound
// "Expired", HTTP 410) or the list fails (retried every `retry_period`); and a periodic resync
// that delivers an update with old == new for every cached object (controller-runtime's
// --sync-period; no jitter is modelled). Handlers run on the dispatcher, in event order.
// SetDeliveryDelay(d) makes the informer apply each watch event `d` after it arrives, still in
// order (a lagging informer: stale cache, late handlers); a relist drops the events still
// pending, since the list supersedes them.
// AddIndex files every cached object under the values an index function gives it (client-go's
// Indexers): ForEachIndexed visits the objects filed under one value in key order, so a caller
// that needs a few objects of a large cache (the pods one label selector selects, out of
// 10,000) need not visit them all. The index follows every change of the cache.
//
// Example:
//   Informer<kube::Pod> pods(dispatcher, kube.Pods(), tracer, "Pod", std::chrono::hours(10));
//   pods.AddHandlers({.on_add = [&](const kube::Pod& p) { ... }});
//   pods.Start();
//   if (const kube::Pod* p = pods.Get("ns/name")) ...
#pragma once

#include <deque>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "controller/api/dispatcher.h"
#include "controller/api/kube_client.h"
#include "controller/api/tracer.h"

namespace meshsim::controller::runtime {

template <class T>
struct InformerHandlers {
  std::function<void(const T&)> on_add;
  std::function<void(const T& old_obj, const T& new_obj)> on_update;
  std::function<void(const T&)> on_delete;
};

template <class T>
class Informer {
 public:
  Informer(Dispatcher& dispatcher, ResourceClient<T>& client, Tracer& tracer, std::string kind,
           Duration resync_period, Duration retry_period = std::chrono::seconds(1))
      : dispatcher_(dispatcher), client_(client), tracer_(tracer), kind_(std::move(kind)),
        resync_period_(resync_period), retry_period_(retry_period),
        retry_timer_(dispatcher.CreateTimer([this] { ListAndWatch(); })),
        resync_timer_(dispatcher.CreateTimer([this] { Resync(); })),
        delivery_timer_(dispatcher.CreateTimer([this] { DeliverDue(); })) {}
  Informer(const Informer&) = delete;
  Informer& operator=(const Informer&) = delete;

  // REQUIRES: called before Start().
  void AddHandlers(InformerHandlers<T> h) { handlers_.push_back(std::move(h)); }
  // The values an object is filed under in an index (none, one or several; duplicates are
  // filed once). It must depend only on the object.
  using IndexFunc = std::function<std::vector<std::string>(const T&)>;
  // REQUIRES: called before Start(); `name` is not an index yet.
  void AddIndex(const std::string& name, IndexFunc values) {
    indexes_[name].values = std::move(values);
  }
  bool HasIndex(const std::string& name) const { return indexes_.count(name) > 0; }
  // Visits the cached objects filed under `value` in index `name`, in key order (the order
  // ForEach visits them in), without copying them. `fn` must not change the informer.
  // REQUIRES: HasIndex(name).
  template <class Fn>
  void ForEachIndexed(const std::string& name, const std::string& value, Fn&& fn) const {
    const auto& buckets = indexes_.at(name).buckets;
    auto bucket = buckets.find(value);
    if (bucket == buckets.end()) return;
    for (const auto& [key, obj] : bucket->second) fn(*obj);
  }
  // How many cached objects are filed under `value`. REQUIRES: HasIndex(name).
  size_t IndexedCount(const std::string& name, const std::string& value) const {
    const auto& buckets = indexes_.at(name).buckets;
    auto bucket = buckets.find(value);
    return bucket == buckets.end() ? 0 : bucket->second.size();
  }
  // How many values of index `name` have objects filed under them (tests: emptied values are
  // dropped). REQUIRES: HasIndex(name).
  size_t IndexedValues(const std::string& name) const { return indexes_.at(name).buckets.size(); }
  // Lists and starts watching; handlers see an add for every listed object.
  void Start() {
    ListAndWatch();
    if (resync_period_ > Duration(0)) resync_timer_->Enable(resync_period_);
  }
  // Stops the watch and the timers; the cache is kept.
  void Stop() {
    watch_.reset();
    retry_timer_->Disable();
    resync_timer_->Disable();
    DropPending();
  }
  // Applies each later watch event `delay` after it arrives (0: at once). Events already
  // pending keep their time; order is always kept.
  void SetDeliveryDelay(Duration delay) { delivery_delay_ = delay; }
  Duration delivery_delay() const { return delivery_delay_; }
  size_t pending_events() const { return pending_.size(); }
  // Returns true once a list has been applied to the cache.
  bool HasSynced() const { return synced_; }
  // Returns the cached object with that "namespace/name" key, or nullptr.
  const T* Get(const std::string& key) const {
    auto it = cache_.find(key);
    return it == cache_.end() ? nullptr : &it->second;
  }
  // Visits the cached objects of one namespace (all when empty) in key order, as List returns
  // them, without copying them. `fn` must not change the informer.
  template <class Fn>
  void ForEach(const std::string& namespace_name, Fn&& fn) const {
    for (const auto& [key, obj] : cache_) {
      if (namespace_name.empty() || obj.metadata.namespace_name == namespace_name) fn(obj);
    }
  }
  // Returns the cached objects of one namespace (all when empty), sorted by key.
  std::vector<T> List(const std::string& namespace_name = "") const {
    std::vector<T> out;
    ForEach(namespace_name, [&](const T& obj) { out.push_back(obj); });
    return out;
  }
  int64_t relists() const { return relists_; }
  // Moves on every change applied to the cache (an add, an update, also of an unchanged object
  // by a relist, a delete), never otherwise: a caller that derives something from the whole
  // cache (the region/zone of every Node) rebuilds it only when this moved since it last did.
  int64_t cache_version() const { return cache_version_; }

 private:
  void ListAndWatch() {
    watch_.reset();
    DropPending();
    Result<ObjectList<T>> list = client_.List({});
    if (!list.ok()) return Retry("ListFailed", list.status());
    Replace(list->items);
    ++relists_;
    Result<WatchPtr> w =
        client_.Watch(list->resource_version, [this](const WatchEvent<T>& e) { OnEvent(e); });
    if (!w.ok()) return Retry("WatchFailed", w.status());
    watch_ = std::move(*w);
  }
  void Retry(const char* what, const Status& s) {
    tracer_.Record(TraceEvent("controller", std::string("Informer") + what)
                       .With("kind", kind_).With("error", s.ToString()));
    retry_timer_->Enable(retry_period_);
  }
  // Applies a full list: adds, updates (also for unchanged objects, as a Replace/Sync delta)
  // and deletes for cached objects that are gone.
  void Replace(const std::vector<T>& items) {
    std::map<std::string, T> fresh;
    for (const T& obj : items) fresh.emplace(kube::KeyOf(obj.metadata), obj);
    std::vector<T> gone;
    for (const auto& [key, obj] : cache_) {
      if (!fresh.count(key)) gone.push_back(obj);
    }
    for (const T& obj : gone) Apply(WatchEvent<T>{WatchEvent<T>::Type::kDeleted, obj});
    for (const auto& [key, obj] : fresh) Apply(WatchEvent<T>{WatchEvent<T>::Type::kModified, obj});
    synced_ = true;
  }
  void OnEvent(const WatchEvent<T>& e) {
    if (delivery_delay_ <= Duration(0) && pending_.empty()) return Apply(e);
    MonotonicTime due = dispatcher_.Now() + delivery_delay_;
    if (!pending_.empty() && pending_.back().first > due) due = pending_.back().first;
    pending_.emplace_back(due, e);
    if (!delivery_timer_->Enabled()) delivery_timer_->Enable(pending_.front().first - dispatcher_.Now());
  }
  void DeliverDue() {
    while (!pending_.empty() && pending_.front().first <= dispatcher_.Now()) {
      WatchEvent<T> e = std::move(pending_.front().second);
      pending_.pop_front();
      Apply(e);
    }
    if (!pending_.empty()) delivery_timer_->Enable(pending_.front().first - dispatcher_.Now());
  }
  void DropPending() {
    pending_.clear();
    delivery_timer_->Disable();
  }
  void Apply(const WatchEvent<T>& e) {
    std::string key = kube::KeyOf(e.object.metadata);
    auto it = cache_.find(key);
    if (e.type == WatchEvent<T>::Type::kDeleted) {
      if (it == cache_.end()) return;
      ++cache_version_;
      T last = e.object;
      Unindex(it);  // before the erase: the index holds the node's key and object
      cache_.erase(it);
      for (auto& h : handlers_) if (h.on_delete) h.on_delete(last);
      return;
    }
    ++cache_version_;
    if (it == cache_.end()) {
      it = cache_.emplace(key, e.object).first;
      Reindex(it, nullptr);
      for (auto& h : handlers_) if (h.on_add) h.on_add(e.object);
      return;
    }
    T old = std::move(it->second);
    it->second = e.object;
    Reindex(it, &old);
    for (auto& h : handlers_) if (h.on_update) h.on_update(old, e.object);
  }
  // Files the object at `it` under its values, after removing it from the values of `old` (its
  // previous state, or null for a new object) when they differ. The entries point at the
  // cache node's key and object, which stay put until the node is erased (Unindex first).
  void Reindex(typename std::map<std::string, T>::iterator it, const T* old) {
    for (auto& [name, index] : indexes_) {
      std::vector<std::string> values = index.values(it->second);
      if (old != nullptr) {
        std::vector<std::string> old_values = index.values(*old);
        if (old_values == values) continue;
        for (const std::string& v : old_values) index.Remove(v, it->first);
      }
      for (const std::string& v : values) index.buckets[v].emplace(it->first, &it->second);
    }
  }
  void Unindex(typename std::map<std::string, T>::iterator it) {
    for (auto& [name, index] : indexes_) {
      for (const std::string& v : index.values(it->second)) index.Remove(v, it->first);
    }
  }
  struct Index {
    IndexFunc values;
    // value -> (key -> object), the keys and objects being the cache's own nodes'.
    std::map<std::string, std::map<std::string_view, const T*>, std::less<>> buckets;
    void Remove(const std::string& value, std::string_view key) {
      auto bucket = buckets.find(value);
      if (bucket == buckets.end()) return;
      bucket->second.erase(key);
      if (bucket->second.empty()) buckets.erase(bucket);
    }
  };

  void Resync() {
    std::vector<T> all = List();
    for (const T& obj : all) {
      for (auto& h : handlers_) if (h.on_update) h.on_update(obj, obj);
    }
    resync_timer_->Enable(resync_period_);
  }

  Dispatcher& dispatcher_;
  ResourceClient<T>& client_;
  Tracer& tracer_;
  std::string kind_;
  Duration resync_period_;
  Duration retry_period_;
  std::vector<InformerHandlers<T>> handlers_;
  std::map<std::string, T> cache_;
  std::map<std::string, Index> indexes_;  // by name
  bool synced_ = false;
  int64_t relists_ = 0;
  int64_t cache_version_ = 0;
  WatchPtr watch_;
  Duration delivery_delay_{0};
  std::deque<std::pair<MonotonicTime, WatchEvent<T>>> pending_;  // (due, event), due ascending
  TimerPtr retry_timer_;
  TimerPtr resync_timer_;
  TimerPtr delivery_timer_;
};

}  // namespace meshsim::controller::runtime
