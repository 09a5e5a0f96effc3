// File: fakes/cloudmap/store.h
//
// The in-memory state of the fake: namespaces, services with their instances, and operations.
// Only ordered containers, so every listing and every trace comes out in the same order for
// the same seed. Records keep the AWS shapes plus what the fake needs on the side (the
// instances revision, custom health and its pending change, in-flight operations).
//
// Example:
//   internal::Store store;
//   store.namespaces[id] = internal::NamespaceRecord{.ns = ns};
//   for (const auto& [id, service] : store.services) ...
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <unordered_set>
#include <utility>
#include <vector>

#include "controller/api/cloudmap_types.h"
#include "controller/api/time.h"

namespace meshsim::fakes::internal {

struct NamespaceRecord {
  cloudmap::Namespace ns;  // service_count is filled in on output
  std::optional<std::string> vpc;
};

// A custom health change waiting for custom_health_delay; `generation` tells a stale timer
// (cancelled by a reversal) from the live one.
struct PendingHealth {
  cloudmap::HealthStatus target = cloudmap::HealthStatus::kHealthy;
  uint64_t generation = 0;
};

struct InstanceRecord {
  cloudmap::Instance instance;
  // instance.attributes once more, immutable and shared: DiscoverInstances answers hand it out
  // instead of copying the map (set together with `instance`).
  cloudmap::SharedAttributes shared_attributes;
  // Meaningful for services with HealthCheckCustomConfig only.
  cloudmap::HealthStatus custom_health = cloudmap::HealthStatus::kHealthy;
  std::optional<PendingHealth> pending_health;
};

using InstanceMap = std::map<std::string, InstanceRecord>;

// The discoverable state of a service as of `at`: kept only while a propagation delay is on,
// so a lagging reader can be answered from the past (CallPolicy::ViewTime).
struct ServiceSnapshot {
  MonotonicTime at{};
  int64_t revision = 0;
  std::shared_ptr<const InstanceMap> instances;
};

// Every instance of a service as DiscoverInstances answers it (sorted by InstanceId, with its
// effective health and its namespace's HttpName), with the records they came from.
struct DiscoverableInstances {
  std::vector<cloudmap::HttpInstanceSummary> summaries;
  std::vector<const InstanceRecord*> records;  // records[i] gave summaries[i]
};

struct ServiceRecord {
  cloudmap::Service service;  // instance_count is filled in on output
  InstanceMap instances;
  int64_t revision = 0;  // InstancesRevision: bumped by every register/deregister
  std::deque<ServiceSnapshot> history;  // oldest first; empty while propagation is off
  // (attribute key, value) -> the registered instances that have it, so DiscoverInstances'
  // QueryParameters touch only matching instances. Pointers into `instances` (map nodes are
  // stable); only membership is used, never the (address) order.
  std::map<std::pair<std::string, std::string>, std::unordered_set<const InstanceRecord*>>
      by_attribute;
  // The current instances as DiscoverInstances answers them, built by the first call after a
  // change and reused by the calls until the next (the control plane polls every service every
  // few seconds, almost always unchanged). Reset by every change such an answer can show:
  // registrations, deregistrations, custom health, the service's health check.
  mutable std::shared_ptr<const DiscoverableInstances> discoverable;
};

// What an operation does when it reaches the end of PENDING; returns an ErrorCode and message
// to make it FAIL instead of SUCCESS.
struct OperationFailure {
  std::string error_code;
  std::string message;
};
using OperationEffect =
    std::function<std::optional<OperationFailure>(const std::string& operation_id)>;

struct OperationRecord {
  cloudmap::Operation op;
  std::string inflight_key;  // the resource the operation holds (DuplicateRequest)
  OperationEffect effect;
};

// Removes `id` from the set an index files under `key`, and the key once its set is empty.
template <class Index, class Key>
void EraseFromIndex(Index& index, const Key& key, const std::string& id) {
  auto entry = index.find(key);
  if (entry == index.end()) return;
  entry->second.erase(id);
  if (entry->second.empty()) index.erase(entry);
}

struct Store {
  std::map<std::string, NamespaceRecord> namespaces;
  // Namespaces whose CREATE_NAMESPACE operation has not succeeded yet, by id.
  std::map<std::string, NamespaceRecord> creating_namespaces;
  std::map<std::string, ServiceRecord> services;
  // Service ids by namespace id, and namespace ids by HttpName, kept with the two maps above
  // (Backend::AddService/EraseService, InsertNamespace/EraseNamespace): a lookup by name or a
  // per-namespace count must not walk every service of the account (scale-150k has 10,000 in
  // 100 namespaces and registers 150,000 instances).
  std::map<std::string, std::set<std::string>> services_by_namespace;
  // (namespace id, service name) -> service ids: DiscoverInstances' lookup of every poll.
  std::map<std::pair<std::string, std::string>, std::set<std::string>> services_by_name;
  // Registered instances per namespace id (the per-namespace quota of every RegisterInstance),
  // kept by ApplyRegister and ApplyDeregister.
  std::map<std::string, int32_t> instances_by_namespace;
  std::map<std::string, std::set<std::string>> namespaces_by_http_name;
  std::map<std::string, OperationRecord> operations;
  // CreatorRequestId of a namespace create -> its operation id (idempotent retries).
  std::map<std::string, std::string> namespace_requests;
  // Resource key ("ns-..." or "srv-.../instance") -> the operation in flight on it.
  std::map<std::string, std::string> inflight;
  uint64_t health_generation = 0;
};

}  // namespace meshsim::fakes::internal
