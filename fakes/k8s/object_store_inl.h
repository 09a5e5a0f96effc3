// File: fakes/k8s/object_store_inl.h
//
// Template definitions of ObjectStore<T>; include object_store.h instead.
//
// Example:
//   #include "fakes/k8s/object_store.h"  // pulls this file in
#pragma once

#include <algorithm>
#include <chrono>

#include "controller/api/check.h"

namespace meshsim::fakes {
namespace internal {

template <class T>
concept HasStatus = requires(T t) {
  t.status;
};
template <class T>
concept HasSpec = requires(T t) {
  t.spec;
};

inline int64_t CeilSeconds(Duration d) {
  return std::chrono::ceil<std::chrono::seconds>(d).count();
}

}  // namespace internal

template <class T>
Result<ObjectList<T>> ObjectStore<T>::List(const ListOptions& options) {
  return ObjectList<T>{Items(options.namespace_name), core_.CurrentResourceVersion()};
}

template <class T>
std::vector<T> ObjectStore<T>::Items(const std::string& namespace_name) const {
  std::vector<T> items;
  for (const auto& [key, obj] : objects_) {
    if (namespace_name.empty() || key.first == namespace_name) items.push_back(obj);
  }
  return items;
}

template <class T>
void ObjectStore<T>::ForEach(const std::string& namespace_name,
                             const std::function<void(const T&)>& visit) const {
  auto it = namespace_name.empty() ? objects_.begin() : objects_.lower_bound({namespace_name, ""});
  for (; it != objects_.end(); ++it) {
    if (!namespace_name.empty() && it->first.first != namespace_name) break;
    visit(it->second);
  }
}

template <class T>
void ObjectStore<T>::ForEachControlledBy(const std::string& namespace_name,
                                         const std::string& owner_uid,
                                         const std::function<void(const T&)>& visit) const {
  auto owned = by_controller_.find(owner_uid);
  if (owned == by_controller_.end()) return;
  for (auto it = owned->second.lower_bound(Key{namespace_name, ""});
       it != owned->second.end() && (*it)->first.first == namespace_name; ++it) {
    visit((*it)->second);
  }
}

template <class T>
void ObjectStore<T>::ForEachWithNamePrefix(const std::string& namespace_name,
                                           const std::string& prefix,
                                           const std::function<void(const T&)>& visit) const {
  for (auto it = objects_.lower_bound({namespace_name, prefix});
       it != objects_.end() && it->first.first == namespace_name &&
       it->first.second.compare(0, prefix.size(), prefix) == 0;
       ++it) {
    visit(it->second);
  }
}

template <class T>
void ObjectStore<T>::IndexOwner(ObjectIt it, bool add) {
  const kube::OwnerReference* owner = ControllerOf(it->second.metadata);
  if (owner == nullptr) return;
  if (add) {
    by_controller_[owner->uid].insert(it);
    return;
  }
  auto owned = by_controller_.find(owner->uid);
  if (owned == by_controller_.end()) return;
  owned->second.erase(it);
  if (owned->second.empty()) by_controller_.erase(owned);
}

template <class T>
const T* ObjectStore<T>::Find(const std::string& namespace_name, const std::string& name) const {
  auto it = objects_.find({namespace_name, name});
  return it == objects_.end() ? nullptr : &it->second;
}

template <class T>
Result<WatchPtr> ObjectStore<T>::Watch(int64_t resource_version,
                                       std::function<void(const WatchEvent<T>&)> handler) {
  return WatchSelected(resource_version, nullptr, std::move(handler));
}

template <class T>
Result<WatchPtr> ObjectStore<T>::WatchSelected(int64_t resource_version,
                                               std::function<bool(const T&)> selects,
                                               std::function<void(const WatchEvent<T>&)> handler) {
  if (resource_version < compacted_rv_) {
    return Status(StatusCode::kNotFound, "Expired",
                  "too old resource version: " + std::to_string(resource_version) + " (" +
                      std::to_string(compacted_rv_) + ")");
  }
  auto watcher = std::make_shared<Watcher>();
  watcher->handler = std::move(handler);
  watcher->selects = std::move(selects);
  watcher->last_delivery = core_.dispatcher().Now();
  if (resource_version == 0) {
    // "Any version": the current state as synthetic ADDED events, then changes.
    for (const auto& [key, obj] : objects_) {
      Deliver(watcher, std::make_shared<const WatchEvent<T>>(
                           WatchEvent<T>{WatchEvent<T>::Type::kAdded, obj}));
    }
  } else {
    for (const auto& e : history_) {
      if (e->object.metadata.resource_version > resource_version) Deliver(watcher, e);
    }
  }
  watchers_.push_back(watcher);
  return WatchPtr(std::make_unique<WatchHandle>(watcher));
}

template <class T>
Result<T> ObjectStore<T>::Get(const std::string& namespace_name, const std::string& name) {
  const T* obj = Find(namespace_name, name);
  if (obj == nullptr) {
    return Status(StatusCode::kNotFound, "NotFound",
                  kind_ + " \"" + name + "\" not found in namespace \"" + namespace_name + "\"");
  }
  return *obj;
}

template <class T>
Status ObjectStore<T>::Read(const std::string& namespace_name, const std::string& name,
                            const std::function<void(const T&)>& read) {
  const T* obj = Find(namespace_name, name);
  if (obj == nullptr) return Get(namespace_name, name).status();  // its kNotFound
  read(*obj);
  return Status::Ok();
}

template <class T>
Status ObjectStore<T>::CheckVersion(const T& object, const T& stored) const {
  int64_t rv = object.metadata.resource_version;
  if (rv != 0 && rv != stored.metadata.resource_version) {
    return Status(StatusCode::kConflict, "Conflict",
                  "Operation cannot be fulfilled on " + kind_ + " \"" + object.metadata.name +
                      "\": the object has been modified; please apply your changes to the "
                      "latest version and try again");
  }
  return Status::Ok();
}

template <class T>
Result<T> ObjectStore<T>::Update(const T& object) {
  auto stored = Get(object.metadata.namespace_name, object.metadata.name);
  if (!stored.ok()) return stored.status();
  if (Status s = CheckVersion(object, *stored); !s.ok()) return s;
  T next = object;
  if constexpr (internal::HasStatus<T>) next.status = stored->status;
  // deletionTimestamp and its grace are owned by Delete, never by Update.
  next.metadata.deletion_timestamp = stored->metadata.deletion_timestamp;
  next.metadata.deletion_grace_period_seconds = stored->metadata.deletion_grace_period_seconds;
  return Commit(std::move(next), *stored, "Update");
}

template <class T>
Result<T> ObjectStore<T>::UpdateStatus(const T& object) {
  auto stored = Get(object.metadata.namespace_name, object.metadata.name);
  if (!stored.ok()) return stored.status();
  if (Status s = CheckVersion(object, *stored); !s.ok()) return s;
  T next = *stored;
  if constexpr (internal::HasStatus<T>) {
    next.status = object.status;
  } else {
    next = object;  // kinds without a status block (Node): everything but metadata
    next.metadata = stored->metadata;
  }
  return Commit(std::move(next), *stored, "UpdateStatus");
}

template <class T>
Result<T> ObjectStore<T>::Mutate(const std::string& namespace_name, const std::string& name,
                                 std::string_view verb, const std::function<void(T&)>& mutate) {
  const T* stored = Find(namespace_name, name);
  if (stored == nullptr) return Get(namespace_name, name).status();  // its kNotFound
  // One copy, not two: Commit reads `prev` (the stored object) only before it overwrites it.
  T next = *stored;
  mutate(next);
  return Commit(std::move(next), *stored, verb);
}

template <class T>
Result<T> ObjectStore<T>::Create(T object) {
  if (object.metadata.name.empty()) {
    return Status(StatusCode::kInvalidArgument, "Invalid", kind_ + ": metadata.name is required");
  }
  if (admit_) {
    if (Status s = admit_(object); !s.ok()) return s;
  }
  Key key = KeyFor(object.metadata);
  if (objects_.count(key) != 0) {
    return Status(StatusCode::kAlreadyExists, "AlreadyExists",
                  kind_ + " \"" + object.metadata.name + "\" already exists");
  }
  kube::ObjectMeta& m = object.metadata;
  m.uid = core_.NewUid();
  m.resource_version = core_.NextResourceVersion();
  m.generation = 1;
  m.creation_timestamp = core_.dispatcher().WallNow();
  m.deletion_timestamp.reset();
  m.deletion_grace_period_seconds.reset();
  IndexOwner(objects_.emplace(key, object).first, true);
  for (const auto& listener : listeners_) listener(nullptr, &object);
  core_.TraceWrite("Create", kind_, kube::KeyOf(m), m.resource_version);
  Emit(WatchEvent<T>::Type::kAdded, object);
  return object;
}

template <class T>
Status ObjectStore<T>::Delete(const std::string& namespace_name, const std::string& name,
                              std::optional<Duration> grace) {
  auto stored = Get(namespace_name, name);
  if (!stored.ok()) return stored.status();
  Duration g = grace_ ? grace_(*stored, grace) : Duration(0);
  kube::ObjectMeta m = stored->metadata;
  int64_t seconds = internal::CeilSeconds(std::max(g, Duration(0)));
  if (seconds == 0 && m.finalizers.empty()) {
    // The DELETED event carries the last state at the deletion's own resourceVersion.
    T last = *stored;
    last.metadata.resource_version = core_.NextResourceVersion();
    Remove(std::move(last), "Delete");
    return Status::Ok();
  }
  // A later delete may shorten a grace period but never lengthen it.
  if (m.deletion_grace_period_seconds && *m.deletion_grace_period_seconds <= seconds) {
    return Status::Ok();
  }
  T next = *stored;
  next.metadata.deletion_timestamp = core_.dispatcher().WallNow() + std::chrono::seconds(seconds);
  next.metadata.deletion_grace_period_seconds = seconds;
  auto r = Commit(std::move(next), *stored, "Delete");
  return r.status();
}

template <class T>
Result<T> ObjectStore<T>::Commit(T next, const T& prev, std::string_view verb) {
  kube::ObjectMeta& m = next.metadata;
  m.name = prev.metadata.name;
  m.namespace_name = prev.metadata.namespace_name;
  m.uid = prev.metadata.uid;
  m.creation_timestamp = prev.metadata.creation_timestamp;
  m.resource_version = prev.metadata.resource_version;
  m.generation = prev.metadata.generation;
  if (next == prev) return prev;  // a no-op write bumps nothing, as in the real API server
  if constexpr (internal::HasSpec<T>) {
    if (!(next.spec == prev.spec)) ++m.generation;
  }
  m.resource_version = core_.NextResourceVersion();
  if (m.deletion_timestamp && m.finalizers.empty() && m.deletion_grace_period_seconds == 0) {
    Remove(next, "Delete");
    return next;
  }
  auto it = objects_.find(KeyFor(m));
  MESHSIM_CHECK(it != objects_.end());
  // Most writes keep the controller owner (status updates): the index entry, which points at
  // the node, stays valid and in place.
  const kube::OwnerReference* was = ControllerOf(it->second.metadata);
  const kube::OwnerReference* will = ControllerOf(m);
  bool same_owner = was == nullptr ? will == nullptr : will != nullptr && was->uid == will->uid;
  if (!same_owner) IndexOwner(it, false);
  for (const auto& listener : listeners_) listener(&prev, &next);
  it->second = next;
  if (!same_owner) IndexOwner(it, true);
  core_.TraceWrite(verb, kind_, kube::KeyOf(m), m.resource_version);
  Emit(WatchEvent<T>::Type::kModified, next);
  return next;
}

template <class T>
void ObjectStore<T>::Remove(const T& last, std::string_view verb) {
  auto it = objects_.find(KeyFor(last.metadata));
  if (it != objects_.end()) {
    IndexOwner(it, false);
    for (const auto& listener : listeners_) listener(&it->second, nullptr);
    objects_.erase(it);
  }
  core_.TraceWrite(verb, kind_, kube::KeyOf(last.metadata), last.metadata.resource_version);
  Emit(WatchEvent<T>::Type::kDeleted, last);
}

template <class T>
void ObjectStore<T>::Emit(typename WatchEvent<T>::Type type, const T& object) {
  auto event = std::make_shared<const WatchEvent<T>>(WatchEvent<T>{type, object});
  history_.push_back(event);
  while (history_.size() > core_.options().watch_history) {
    compacted_rv_ = history_.front()->object.metadata.resource_version;
    history_.pop_front();
  }
  std::erase_if(watchers_, [](const auto& w) { return !w->alive; });
  for (const auto& w : watchers_) Deliver(w, event);
}

template <class T>
void ObjectStore<T>::Deliver(const std::shared_ptr<Watcher>& w, EventPtr event) {
  Dispatcher& d = core_.dispatcher();
  MonotonicTime at =
      std::max(w->last_delivery, d.Now() + core_.options().watch_delay.Sample(core_.random()));
  w->last_delivery = at;
  // An unselected event still takes its delay draw and holds back the watcher's next
  // delivery, as if delivered and ignored, so a field selector changes no timing.
  if (w->selects && !w->selects(event->object)) return;
  d.Schedule(at - d.Now(), [w, event = std::move(event)] {
    if (w->alive) w->handler(*event);
  });
}

}  // namespace meshsim::fakes
