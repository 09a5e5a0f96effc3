// DiscoverInstances and DiscoverInstancesRevision, per the spec's section 6: namespace by
// HttpName, health filter (ignored without a health check), QueryParameters (AND),
// OptionalParameters (all or nothing), HEALTHY_OR_ELSE_ALL failing open after the attribute
// filters, then a random subset of at most MaxResults.
#include <algorithm>
#include <cstdint>
#include <iterator>

#include "fakes/cloudmap/backend.h"
#include "fakes/cloudmap/errors.h"
#include "fakes/cloudmap/validation.h"

namespace meshsim::fakes::internal {
namespace {

using cloudmap::HealthStatus;
using cloudmap::HealthStatusFilter;

// An instance still in the running: its position in the DiscoverableInstances and its health.
struct Candidate {
  uint32_t index;
  HealthStatus health;
};

bool HasAll(const cloudmap::Attributes& attributes, const cloudmap::Attributes& wanted) {
  for (const auto& [key, value] : wanted) {
    auto it = attributes.find(key);
    if (it == attributes.end() || it->second != value) return false;
  }
  return true;
}

// Steps 1-3 of section 6 for a service with a health check; `filter` defaults to HEALTHY.
// `query_applied`: the pool already holds only instances matching the QueryParameters.
// Filters `pool` in place: a discover call allocates nothing here.
void Select(std::vector<Candidate>& pool, const DiscoverableInstances& all,
            const cloudmap::DiscoverInstancesRequest& req, bool has_check, bool query_applied) {
  HealthStatusFilter filter = req.health_status.value_or(HealthStatusFilter::kHealthy);
  if (!has_check) filter = HealthStatusFilter::kAll;  // AWS ignores it and returns everything
  auto health_is = [](HealthStatus h) { return [h](const Candidate& c) { return c.health == h; }; };
  auto has_all = [&all](const cloudmap::Attributes& wanted) {
    return [&all, &wanted](const Candidate& c) {
      return HasAll(all.records[c.index]->instance.attributes, wanted);
    };
  };
  // Keeps the candidates matching `pred`; with `or_else_all`, keeps all when none match.
  auto keep = [&pool](auto pred, bool or_else_all) {
    if (or_else_all && std::none_of(pool.begin(), pool.end(), pred)) return;
    std::erase_if(pool, [&pred](const Candidate& c) { return !pred(c); });
  };
  if (!query_applied) keep(has_all(req.query_parameters), false);
  if (filter == HealthStatusFilter::kHealthy) keep(health_is(HealthStatus::kHealthy), false);
  if (filter == HealthStatusFilter::kUnhealthy) keep(health_is(HealthStatus::kUnhealthy), false);
  if (!req.optional_parameters.empty()) keep(has_all(req.optional_parameters), true);
  // HEALTHY_OR_ELSE_ALL fails open when nothing is healthy.
  if (filter == HealthStatusFilter::kHealthyOrElseAll) {
    keep(health_is(HealthStatus::kHealthy), true);
  }
}

// The instances having every QueryParameter, by InstanceId, from the service's attribute index:
// the smallest posting set, filtered by membership in the others.
std::vector<const InstanceRecord*> MatchQuery(const ServiceRecord& service,
                                              const cloudmap::Attributes& query) {
  std::vector<const std::unordered_set<const InstanceRecord*>*> sets;
  for (const auto& kv : query) {
    auto it = service.by_attribute.find(kv);
    if (it == service.by_attribute.end()) return {};
    sets.push_back(&it->second);
  }
  std::sort(sets.begin(), sets.end(), [](auto* a, auto* b) { return a->size() < b->size(); });
  std::vector<const InstanceRecord*> out;
  for (const InstanceRecord* r : *sets[0]) {
    bool all = std::all_of(sets.begin() + 1, sets.end(), [r](auto* s) { return s->count(r) > 0; });
    if (all) out.push_back(r);
  }
  // Set order is by address: sort by InstanceId so the result (and its shuffle) is reproducible.
  std::sort(out.begin(), out.end(), [](const InstanceRecord* a, const InstanceRecord* b) {
    return a->instance.id < b->instance.id;
  });
  return out;
}

}  // namespace

Result<cloudmap::DiscoverInstancesResponse> Backend::DiscoverInstances(
    const cloudmap::DiscoverInstancesRequest& req, bool randomize,
    std::optional<MonotonicTime> as_of) {
  if (Status s = ValidateDiscoverNamespaceName(req.namespace_name); !s.ok()) return s;
  if (Status s = ValidateServiceName(req.service_name); !s.ok()) return s;
  Result<int32_t> max = ResolveMaxResults(req.max_results, 1000);
  if (!max.ok()) return max.status();
  if (req.owner_account && req.owner_account->size() != 12) {
    return InvalidInput("OwnerAccount must be 12 characters long.");
  }
  const ServiceRecord* service = FindDiscoverable(req.namespace_name, req.service_name);
  if (!service) {
    bool ns_found = store_.namespaces_by_http_name.count(req.namespace_name) > 0;
    return ns_found ? ServiceNotFound(req.service_name) : NamespaceNotFound(req.namespace_name);
  }
  DiscoverView view = ViewOf(*service, as_of);
  bool current = view.instances == &service->instances;
  // The present is answered from the service's cached answer; a past state (propagation
  // delay) is rare and built for the call.
  std::shared_ptr<const DiscoverableInstances> all =
      current ? Discoverable(*service, req.namespace_name)
              : std::make_shared<const DiscoverableInstances>(
                    BuildDiscoverable(*service, *view.instances, req.namespace_name));
  bool has_check =
      service->service.health_check_config || service->service.health_check_custom_config;
  std::vector<Candidate> pool;
  bool indexed = current && !req.query_parameters.empty();
  if (indexed) {
    // MatchQuery's records are sorted by InstanceId, as the summaries are.
    auto next = all->records.begin();
    for (const InstanceRecord* r : MatchQuery(*service, req.query_parameters)) {
      next = std::lower_bound(next, all->records.end(), r,
                              [](const InstanceRecord* a, const InstanceRecord* b) {
                                return a->instance.id < b->instance.id;
                              });
      auto index = static_cast<uint32_t>(next - all->records.begin());
      pool.push_back({index, all->summaries[index].health_status});
    }
  } else {
    pool.reserve(all->summaries.size());
    for (uint32_t i = 0; i < all->summaries.size(); ++i) {
      pool.push_back({i, all->summaries[i].health_status});
    }
  }
  Select(pool, *all, req, has_check, /*query_applied=*/indexed);
  if (randomize) {
    for (size_t i = pool.size(); i > 1; --i) std::swap(pool[i - 1], pool[random_.Uniform(i)]);
  }
  if (pool.size() > static_cast<size_t>(*max)) pool.resize(*max);
  cloudmap::DiscoverInstancesResponse out;
  out.instances_revision = view.revision;
  out.instances.reserve(pool.size());
  for (const auto& c : pool) out.instances.push_back(all->summaries[c.index]);
  return out;
}

DiscoverableInstances Backend::BuildDiscoverable(const ServiceRecord& service,
                                                 const InstanceMap& instances,
                                                 const std::string& http_name) const {
  DiscoverableInstances all;
  all.summaries.reserve(instances.size());
  all.records.reserve(instances.size());
  for (const auto& [id, instance] : instances) {
    all.summaries.push_back({instance.instance.id, http_name, service.service.name,
                             EffectiveHealth(service, instance), instance.shared_attributes});
    all.records.push_back(&instance);
  }
  return all;
}

std::shared_ptr<const DiscoverableInstances> Backend::Discoverable(
    const ServiceRecord& service, const std::string& http_name) const {
  // The namespace's HttpName never changes, so a cached answer's names are still right.
  if (!service.discoverable) {
    service.discoverable = std::make_shared<const DiscoverableInstances>(
        BuildDiscoverable(service, service.instances, http_name));
  }
  return service.discoverable;
}

Result<cloudmap::DiscoverInstancesRevisionResponse> Backend::DiscoverInstancesRevision(
    const cloudmap::DiscoverInstancesRevisionRequest& req, std::optional<MonotonicTime> as_of) {
  if (Status s = ValidateDiscoverNamespaceName(req.namespace_name); !s.ok()) return s;
  if (Status s = ValidateServiceName(req.service_name); !s.ok()) return s;
  if (req.owner_account && req.owner_account->size() != 12) {
    return InvalidInput("OwnerAccount must be 12 characters long.");
  }
  const ServiceRecord* service = FindDiscoverable(req.namespace_name, req.service_name);
  if (service) return cloudmap::DiscoverInstancesRevisionResponse{ViewOf(*service, as_of).revision};
  if (store_.namespaces_by_http_name.count(req.namespace_name) > 0) {
    return ServiceNotFound(req.service_name);
  }
  return NamespaceNotFound(req.namespace_name);
}

const ServiceRecord* Backend::FindDiscoverable(const std::string& namespace_name,
                                               const std::string& service_name) const {
  // The last namespace (by id) with that HttpName, then its first service (by id) of that
  // name, as a walk over the sorted stores would find them.
  auto ns = store_.namespaces_by_http_name.find(namespace_name);
  if (ns == store_.namespaces_by_http_name.end()) return nullptr;
  auto service = store_.services_by_name.find({*ns->second.rbegin(), service_name});
  if (service == store_.services_by_name.end()) return nullptr;
  return &store_.services.at(*service->second.begin());
}

Backend::DiscoverView Backend::ViewOf(const ServiceRecord& service,
                                      std::optional<MonotonicTime> as_of) const {
  if (!as_of || service.history.empty()) return {service.revision, &service.instances};
  // The last state recorded at or before as_of; the oldest kept one when as_of predates it.
  auto it = std::upper_bound(
      service.history.begin(), service.history.end(), *as_of,
      [](MonotonicTime t, const ServiceSnapshot& s) { return t < s.at; });
  const ServiceSnapshot& snap = it == service.history.begin() ? *it : *std::prev(it);
  return {snap.revision, snap.instances.get()};
}

void Backend::IndexAttributes(ServiceRecord& service, const InstanceRecord& instance, bool add) {
  for (const auto& kv : instance.instance.attributes) {
    if (add) {
      service.by_attribute[kv].insert(&instance);
      continue;
    }
    auto it = service.by_attribute.find(kv);
    if (it == service.by_attribute.end()) continue;
    it->second.erase(&instance);
    if (it->second.empty()) service.by_attribute.erase(it);
  }
}

void Backend::DiscoverableStateChanged(ServiceRecord& service) {
  service.discoverable.reset();
  RecordSnapshot(service);
}

void Backend::RecordSnapshot(ServiceRecord& service) {
  if (!policy_.propagating()) return;
  MonotonicTime now = dispatcher_.Now();
  auto& h = service.history;
  auto instances = std::make_shared<const InstanceMap>(service.instances);
  if (!h.empty() && h.back().at == now) {
    h.back() = {now, service.revision, std::move(instances)};
  } else {
    h.push_back({now, service.revision, std::move(instances)});
  }
  // Keep one state older than the longest possible lag, drop the ones before it.
  while (h.size() > 1 && h[1].at <= now - CallPolicy::kMaxPropagationDelay) h.pop_front();
}

void Backend::SetPropagationDelay(Distribution delay) {
  bool was = policy_.propagating();
  policy_.SetPropagationDelay(delay);
  if (was == policy_.propagating()) return;
  for (auto& [id, service] : store_.services) {
    service.history.clear();
    RecordSnapshot(service);  // no-op when turned off
  }
}

}  // namespace meshsim::fakes::internal
