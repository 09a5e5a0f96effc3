// File: controller/cloudmap/instances_cache.h
//
// The per-service instances cache of instances_cache.go (spec B.6.1, B.6.3): ListInstances of a
// service is answered from a TTL cache (5 min, LRU 1024 services) and, on a miss, from all pages
// of the ListInstances API while ONE global lock is held (so cold reconciles of different
// services queue behind each other, as in Go). Register/DeregisterInstance send the call, then
// poll GetOperation every 3 s starting 3 s after the call, until SUCCESS (the cache is updated,
// unless the service entry expired meanwhile or a newer change was recorded) or FAIL.
// A cached listing is handed out as a shared immutable snapshot (the reconciler reads a
// 1,000-instance service after every completed operation; copying its attribute maps each time
// was most of the re-diff's cost); recording a change copies the entry only while a reader
// still holds the previous snapshot.
// Each listing also counts the changes recorded on it and keeps their instance ids, so a reader
// that diffed an earlier snapshot of the same listing can ask which instances changed since
// (ChangedBetween) instead of comparing all of them again; a new listing (TTL expiry, eviction,
// LRU) has no such history and answers "unknown".
//
// Example:
//   InstancesCache cache(caller);
//   Result<InstancesSnapshot> existing = co_await cache.ListInstances(service_id, ctx);
//   for (const auto& [id, attrs] : **existing) ...
//   Status s = co_await cache.RegisterInstance(service_id, ip, attrs, ctx);
//   Result<InstancesSnapshot> later = co_await cache.ListInstances(service_id, ctx, &now);
//   auto ids = cache.ChangedBetween(service_id, then, now);  // nullopt: compare everything
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "controller/api/cloudmap_types.h"
#include "controller/async/mutex.h"
#include "controller/async/task.h"
#include "controller/cloudmap/aws_caller.h"
#include "controller/cloudmap/ttl_cache.h"

namespace meshsim::controller {

using InstanceAttributes = std::map<std::string, cloudmap::Attributes>;  // instance id -> attrs
// A service's instances as listed at one moment; never changes (later changes make a new one).
using InstancesSnapshot = std::shared_ptr<const InstanceAttributes>;

// Where a snapshot stands in its service's history: which listing of the service it comes from
// (a number unique in this cache) and how many changes had been recorded on that listing.
struct ListingMark {
  uint64_t listing = 0;
  uint64_t changes = 0;
  friend bool operator==(const ListingMark&, const ListingMark&) = default;
};

class InstancesCache {
 public:
  explicit InstancesCache(CloudMapCaller& caller);

  // Returns every instance of the service: cached, or listed (all pages) under the global lock.
  // `mark`, when given, receives the snapshot's place in the service's history; it must outlive
  // the returned task.
  async::Task<Result<InstancesSnapshot>> ListInstances(std::string service_id, TraceContext ctx,
                                                       ListingMark* mark = nullptr);
  // The ids of the instances changed after the snapshot marked `from` up to the one marked `to`
  // (sorted), when both are of the service's current listing; nullopt when that is not known
  // (another listing, or the entry is gone): the caller must then look at every instance.
  // Does not refresh the entry's LRU position.
  std::optional<std::set<std::string>> ChangedBetween(const std::string& service_id,
                                                      ListingMark from, ListingMark to) const;
  // Registers (or re-registers) the instance and waits for its operation to finish.
  async::Task<Status> RegisterInstance(std::string service_id, std::string instance_id,
                                       cloudmap::Attributes attributes, TraceContext ctx);
  // Deregisters the instance and waits for its operation to finish.
  async::Task<Status> DeregisterInstance(std::string service_id, std::string instance_id,
                                         TraceContext ctx);
  // Drops the service's entry.
  void Evict(const std::string& service_id) { cache_.Erase(service_id); }

 private:
  struct Entry {
    // Shared with the snapshots handed out; Apply copies it first when one is still held.
    std::shared_ptr<InstanceAttributes> instances;
    std::map<std::string, SystemTime> last_change;  // instance id -> operation UpdateDate
    uint64_t listing = 0;                 // unique per ListAllPages result put in the cache
    std::vector<std::string> change_log;  // instance id of each change Apply recorded, in order
  };
  async::Task<Result<InstanceAttributes>> ListAllPages(std::string service_id, TraceContext ctx);
  // Polls GetOperation until it leaves SUBMITTED/PENDING. FAIL becomes an error Status.
  async::Task<Result<cloudmap::Operation>> WaitOperation(std::string operation_id,
                                                         TraceContext ctx);
  async::Task<Status> FinishOperation(Result<cloudmap::OperationIdResponse> sent,
                                      std::string service_id, std::string instance_id,
                                      std::optional<cloudmap::Attributes> attributes,
                                      TraceContext ctx);
  // Records a completed change unless the entry is gone or already newer.
  void Apply(const std::string& service_id, const std::string& instance_id,
             const std::optional<cloudmap::Attributes>& attributes, SystemTime update_date);

  CloudMapCaller& caller_;
  TtlCache<Entry> cache_;
  async::Mutex mutex_;
  uint64_t listings_ = 0;
};

}  // namespace meshsim::controller
