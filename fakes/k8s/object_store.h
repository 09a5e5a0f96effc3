// File: fakes/k8s/object_store.h
//
// One in-memory store per kind, with the API server's semantics: a cluster-wide resourceVersion
// bumped on every write, UIDs, creationTimestamp, generation bumped on spec change, optimistic
// concurrency (kConflict "Conflict"), finalizers, graceful deletion, and watches delivered in
// resourceVersion order after the informer lag, replayable from a bounded history.
//
// Example:
//   ObjectStore<kube::Pod>& pods = api.Pods();
//   auto created = pods.Create(pod);
//   auto list = pods.List({});
//   WatchPtr w = *pods.Watch(list->resource_version, [](const WatchEvent<kube::Pod>& e) {});
//   pods.Delete("ns", "name", std::chrono::seconds(30));
#pragma once

#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "controller/api/kube_client.h"
#include "fakes/k8s/api_server_core.h"
#include "fakes/k8s/kube_util.h"

namespace meshsim::fakes {

template <class T>
class ObjectStore : public ResourceClient<T> {
 public:
  // A mutating/validating admission hook: may change the object before it is created, or
  // reject it with a non-OK Status.
  using AdmitFn = std::function<Status(T&)>;
  // Returns the grace period a Delete applies to `stored` given the caller's request; zero
  // deletes at once (or, with finalizers, marks for deletion). Only pods are graceful.
  using GraceFn = std::function<Duration(const T& stored, std::optional<Duration> requested)>;

  ObjectStore(ApiServerCore& core, std::string kind) : core_(core), kind_(std::move(kind)) {}
  ObjectStore(const ObjectStore&) = delete;
  ObjectStore& operator=(const ObjectStore&) = delete;

  // Called synchronously inside every write with the stored object before (nullptr on
  // create) and after (nullptr on removal): zero-lag indexes of omniscient components (the
  // scheduler's pods per node), unlike watches, which are delivered after the informer lag.
  using WriteListener = std::function<void(const T* before, const T* after)>;

  void SetAdmission(AdmitFn admit) { admit_ = std::move(admit); }
  // Adds a write listener; it sees only writes made after this call. REQUIRES: the listener
  // does not write to this store and outlives it (or the store is no longer written).
  void AddWriteListener(WriteListener listener) { listeners_.push_back(std::move(listener)); }
  void SetGracePolicy(GraceFn grace) { grace_ = std::move(grace); }
  const std::string& kind() const { return kind_; }

  // ResourceClient
  Result<ObjectList<T>> List(const ListOptions& options) override;
  Result<WatchPtr> Watch(int64_t resource_version,
                         std::function<void(const WatchEvent<T>&)> handler) override;
  // A watch of only the objects `selects` accepts: the API server's field selector (a
  // kubelet watches spec.nodeName=<its node>). Filtering at the source, not in the handler,
  // matters at scale: 1,600 kubelets each got a scheduled delivery per pod write, and
  // scale-150k's start-up overflowed the event queue (2^24 pending events). Delivery times
  // and random draws are exactly those of an unfiltered watch whose handler ignores the rest.
  Result<WatchPtr> WatchSelected(int64_t resource_version, std::function<bool(const T&)> selects,
                                 std::function<void(const WatchEvent<T>&)> handler);
  Result<T> Get(const std::string& namespace_name, const std::string& name) override;
  // Reads the stored object in place (no copy); the kNotFound status is Get's.
  Status Read(const std::string& namespace_name, const std::string& name,
              const std::function<void(const T&)>& read) override;
  // A resource_version of 0 means an unconditional update (as an empty resourceVersion does).
  Result<T> Update(const T& object) override;
  Result<T> UpdateStatus(const T& object) override;

  // Creates the object after admission: sets uid, resourceVersion, generation 1 and
  // creationTimestamp. Fails with kAlreadyExists or kInvalidArgument (empty name).
  Result<T> Create(T object);
  // Deletes the object. With a positive grace (see SetGracePolicy) or pending finalizers it only
  // sets deletionTimestamp; the object goes away on a later Delete with zero grace, or when an
  // Update clears the last finalizer of an object whose grace has run out. kNotFound if absent.
  Status Delete(const std::string& namespace_name, const std::string& name,
                std::optional<Duration> grace);
  // Read-modify-write of the whole stored object (spec and status) for the built-in
  // controllers and kubelets, which own the fields they change. Writes nothing when `mutate`
  // changed nothing. Traced with `verb`. kNotFound if absent.
  Result<T> Mutate(const std::string& namespace_name, const std::string& name,
                   std::string_view verb, const std::function<void(T&)>& mutate);
  // Current objects (of one namespace when non-empty), sorted by namespace then name.
  std::vector<T> Items(const std::string& namespace_name = "") const;
  // Calls `visit` with every current object (of one namespace when non-empty) in List order,
  // without copying: omniscient readers (assertions, views) of large clusters. `visit` must
  // not write to this store.
  void ForEach(const std::string& namespace_name,
               const std::function<void(const T&)>& visit) const;
  // Calls `visit` with every current object of `namespace_name` whose controller owner
  // reference (the one with controller: true) has UID `owner_uid`, in List order, without
  // copying: a ReplicaSet's pods, a Deployment's ReplicaSets. An index keeps this
  // proportional to the owner's objects, not the namespace's. `visit` must not write.
  void ForEachControlledBy(const std::string& namespace_name, const std::string& owner_uid,
                           const std::function<void(const T&)>& visit) const;
  // Calls `visit` with every current object of `namespace_name` whose name starts with
  // `prefix`, in List order, without copying: the objects a controller named
  // <owner>-<suffix> (a Deployment's ReplicaSets, a ReplicaSet's pods) are found among
  // them without scanning the namespace. `visit` must not write.
  void ForEachWithNamePrefix(const std::string& namespace_name, const std::string& prefix,
                             const std::function<void(const T&)>& visit) const;
  // Returns the stored object or nullptr; valid until the next write.
  const T* Find(const std::string& namespace_name, const std::string& name) const;

 private:
  using Key = std::pair<std::string, std::string>;  // namespace, name: the List order
  struct Watcher {
    std::function<void(const WatchEvent<T>&)> handler;
    std::function<bool(const T&)> selects;  // empty: every object
    bool alive = true;
    MonotonicTime last_delivery{};
  };
  class WatchHandle : public meshsim::Watch {
   public:
    explicit WatchHandle(std::shared_ptr<Watcher> w) : w_(std::move(w)) {}
    ~WatchHandle() override { w_->alive = false; }

   private:
    std::shared_ptr<Watcher> w_;
  };

  static Key KeyFor(const kube::ObjectMeta& m) { return {m.namespace_name, m.name}; }
  using Objects = std::map<Key, T>;
  using ObjectIt = typename Objects::const_iterator;
  // Orders the owner index's entries like List (by the key they point at); a Key also
  // compares, for lower_bound to a namespace.
  struct ByKey {
    using is_transparent = void;
    bool operator()(ObjectIt a, ObjectIt b) const { return a->first < b->first; }
    bool operator()(ObjectIt a, const Key& b) const { return a->first < b; }
    bool operator()(const Key& a, ObjectIt b) const { return a < b->first; }
  };
  // Adds the stored object at `it` to (or removes it from) the controller-owner index.
  void IndexOwner(ObjectIt it, bool add);
  Result<T> Commit(T next, const T& prev, std::string_view verb);
  // REQUIRES: last.metadata.resource_version is the deletion's, already bumped.
  void Remove(const T& last, std::string_view verb);
  // One immutable event per write, shared by the history and every watcher's pending
  // delivery: copying the object per watcher made a pod write cost one Pod copy per kubelet.
  using EventPtr = std::shared_ptr<const WatchEvent<T>>;
  void Emit(typename WatchEvent<T>::Type type, const T& object);
  void Deliver(const std::shared_ptr<Watcher>& w, EventPtr event);
  Status CheckVersion(const T& object, const T& stored) const;

  ApiServerCore& core_;
  std::string kind_;
  AdmitFn admit_;
  GraceFn grace_;
  Objects objects_;
  // Controller owner UID -> the objects it controls, in List order. The entries point at the
  // objects_ nodes (stable until the object is removed, which unindexes it first), so a visit
  // does not look every key up again: on a 1,000-pod ReplicaSet those lookups were a fifth of
  // day-1k's CPU.
  std::map<std::string, std::set<ObjectIt, ByKey>, std::less<>> by_controller_;
  std::deque<EventPtr> history_;
  int64_t compacted_rv_ = 0;  // the newest resourceVersion dropped from history_
  std::vector<std::shared_ptr<Watcher>> watchers_;
  std::vector<WriteListener> listeners_;
};

}  // namespace meshsim::fakes

#include "fakes/k8s/object_store_inl.h"  // IWYU pragma: export
