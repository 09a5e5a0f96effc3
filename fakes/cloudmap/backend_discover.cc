// DiscoverInstances and DiscoverInstancesRevision, per the spec's section 6: namespace by
// HttpName, health filter (ignored without a health check), QueryParameters (AND),
// OptionalParameters (all or nothing), HEALTHY_OR_ELSE_ALL failing open after the attribute
// filters, then a random subset of at most MaxResults.
#include "controller/api/check.h"
#include "fakes/cloudmap/backend.h"
#include "fakes/cloudmap/errors.h"
#include "fakes/cloudmap/validation.h"

namespace meshsim::fakes::internal {
namespace {

using cloudmap::HealthStatus;
using cloudmap::HealthStatusFilter;

struct Candidate {
  const InstanceRecord* record;
  HealthStatus health;
};

bool HasAll(const cloudmap::Attributes& attributes, const cloudmap::Attributes& wanted) {
  for (const auto& [key, value] : wanted) {
    auto it = attributes.find(key);
    if (it == attributes.end() || it->second != value) return false;
  }
  return true;
}

std::vector<Candidate> Keep(const std::vector<Candidate>& in,
                            const std::function<bool(const Candidate&)>& pred) {
  std::vector<Candidate> out;
  for (const auto& c : in) {
    if (pred(c)) out.push_back(c);
  }
  return out;
}

// Steps 1-3 of section 6 for a service with a health check; `filter` defaults to HEALTHY.
std::vector<Candidate> Select(std::vector<Candidate> pool,
                              const cloudmap::DiscoverInstancesRequest& req, bool has_check) {
  HealthStatusFilter filter = req.health_status.value_or(HealthStatusFilter::kHealthy);
  if (!has_check) filter = HealthStatusFilter::kAll;  // AWS ignores it and returns everything
  auto healthy = [](const Candidate& c) { return c.health == HealthStatus::kHealthy; };
  pool = Keep(pool, [&](const Candidate& c) {
    return HasAll(c.record->instance.attributes, req.query_parameters);
  });
  if (filter == HealthStatusFilter::kHealthy) pool = Keep(pool, healthy);
  if (filter == HealthStatusFilter::kUnhealthy) {
    pool = Keep(pool, [](const Candidate& c) { return c.health == HealthStatus::kUnhealthy; });
  }
  if (!req.optional_parameters.empty()) {
    std::vector<Candidate> preferred = Keep(pool, [&](const Candidate& c) {
      return HasAll(c.record->instance.attributes, req.optional_parameters);
    });
    if (!preferred.empty()) pool = std::move(preferred);
  }
  if (filter == HealthStatusFilter::kHealthyOrElseAll) {
    std::vector<Candidate> ok = Keep(pool, healthy);
    if (!ok.empty()) pool = std::move(ok);  // fail open when nothing is healthy
  }
  return pool;
}

}  // namespace

Result<cloudmap::DiscoverInstancesResponse> Backend::DiscoverInstances(
    const cloudmap::DiscoverInstancesRequest& req, bool randomize) {
  if (Status s = ValidateDiscoverNamespaceName(req.namespace_name); !s.ok()) return s;
  if (Status s = ValidateServiceName(req.service_name); !s.ok()) return s;
  Result<int32_t> max = ResolveMaxResults(req.max_results, 1000);
  if (!max.ok()) return max.status();
  if (req.owner_account && req.owner_account->size() != 12) {
    return InvalidInput("OwnerAccount must be 12 characters long.");
  }
  Result<cloudmap::DiscoverInstancesRevisionResponse> revision = DiscoverInstancesRevision(
      {.namespace_name = req.namespace_name, .service_name = req.service_name});
  if (!revision.ok()) return revision.status();
  const ServiceRecord* service = nullptr;
  for (const auto& [id, s] : store_.services) {
    auto ns = store_.namespaces.find(*s.service.namespace_id);
    if (ns != store_.namespaces.end() && s.service.name == req.service_name &&
        ns->second.ns.properties.http_name == req.namespace_name) {
      service = &s;
    }
  }
  MESHSIM_CHECK(service != nullptr) << "revision found a service discovery did not";
  bool has_check =
      service->service.health_check_config || service->service.health_check_custom_config;
  std::vector<Candidate> pool;
  for (const auto& [id, instance] : service->instances) {
    pool.push_back({&instance, EffectiveHealth(*service, instance)});
  }
  pool = Select(std::move(pool), req, has_check);
  if (randomize) {
    for (size_t i = pool.size(); i > 1; --i) std::swap(pool[i - 1], pool[random_.Uniform(i)]);
  }
  if (pool.size() > static_cast<size_t>(*max)) pool.resize(*max);
  cloudmap::DiscoverInstancesResponse out;
  out.instances_revision = revision->instances_revision;
  const std::string& http_name = req.namespace_name;
  for (const auto& c : pool) {
    out.instances.push_back({c.record->instance.id, http_name, service->service.name, c.health,
                             c.record->instance.attributes});
  }
  return out;
}

Result<cloudmap::DiscoverInstancesRevisionResponse> Backend::DiscoverInstancesRevision(
    const cloudmap::DiscoverInstancesRevisionRequest& req) {
  if (Status s = ValidateDiscoverNamespaceName(req.namespace_name); !s.ok()) return s;
  if (Status s = ValidateServiceName(req.service_name); !s.ok()) return s;
  if (req.owner_account && req.owner_account->size() != 12) {
    return InvalidInput("OwnerAccount must be 12 characters long.");
  }
  const NamespaceRecord* ns = nullptr;
  for (const auto& [id, record] : store_.namespaces) {
    if (record.ns.properties.http_name == req.namespace_name) ns = &record;
  }
  if (!ns) return NamespaceNotFound(req.namespace_name);
  for (const auto& [id, s] : store_.services) {
    if (s.service.namespace_id == ns->ns.id && s.service.name == req.service_name) {
      return cloudmap::DiscoverInstancesRevisionResponse{s.revision};
    }
  }
  return ServiceNotFound(req.service_name);
}

}  // namespace meshsim::fakes::internal
