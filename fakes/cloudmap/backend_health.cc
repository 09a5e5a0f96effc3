// Instance health: the effective status per service kind, GetInstancesHealthStatus and the
// delayed, cancellable UpdateInstanceCustomHealthStatus.
#include <algorithm>

#include "fakes/cloudmap/backend.h"
#include "fakes/cloudmap/errors.h"
#include "fakes/cloudmap/paging.h"
#include "fakes/cloudmap/validation.h"

namespace meshsim::fakes::internal {

using cloudmap::HealthStatus;

HealthStatus Backend::EffectiveHealth(const ServiceRecord& service,
                                      const InstanceRecord& instance) const {
  if (service.service.health_check_custom_config) return instance.custom_health;
  // Route 53 health checks are not probed in the fake: such instances count as healthy.
  if (service.service.health_check_config) return HealthStatus::kHealthy;
  return HealthStatus::kUnknown;
}

Result<cloudmap::GetInstancesHealthStatusResponse> Backend::GetInstancesHealthStatus(
    const cloudmap::GetInstancesHealthStatusRequest& req) {
  if (Status s = ValidateRequired("serviceId", req.service_id); !s.ok()) return s;
  Result<int32_t> max = ResolveMaxResults(req.max_results, 100);
  if (!max.ok()) return max.status();
  ServiceRecord* service = FindService(req.service_id);
  if (!service) return ServiceNotFound(req.service_id);
  std::vector<std::string> keys;
  for (const auto& id : req.instances) {
    if (!service->instances.count(id)) return InstanceNotFound(service->service.id, id);
    keys.push_back(id);
  }
  if (req.instances.empty()) {
    for (const auto& [id, instance] : service->instances) keys.push_back(id);
  }
  std::sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  std::string list = "GetInstancesHealthStatus:" + service->service.id;
  Result<Page> page = PageOf(keys, list, req.next_token, *max);
  if (!page.ok()) return page.status();
  cloudmap::GetInstancesHealthStatusResponse out;
  for (size_t i = page->begin; i < page->end; ++i) {
    out.status[keys[i]] = EffectiveHealth(*service, service->instances.at(keys[i]));
  }
  out.next_token = page->next_token;
  return out;
}

Result<Empty> Backend::UpdateInstanceCustomHealthStatus(
    const cloudmap::UpdateInstanceCustomHealthStatusRequest& req) {
  if (Status s = ValidateRequired("serviceId", req.service_id); !s.ok()) return s;
  if (Status s = ValidateRequired("instanceId", req.instance_id); !s.ok()) return s;
  ServiceRecord* service = FindService(req.service_id);
  if (!service) return ServiceNotFound(req.service_id);
  auto it = service->instances.find(req.instance_id);
  if (it == service->instances.end()) {
    return InstanceNotFound(service->service.id, req.instance_id);
  }
  if (!service->service.health_check_custom_config) {
    return CustomHealthNotFound(service->service.id, req.instance_id);
  }
  InstanceRecord& instance = it->second;
  HealthStatus target = req.status == cloudmap::CustomHealthStatus::kHealthy
                            ? HealthStatus::kHealthy
                            : HealthStatus::kUnhealthy;
  if (target == instance.custom_health) {
    instance.pending_health.reset();  // a reversal within the window cancels the change
    return Empty{};
  }
  // Repeating the pending value does not restart (or speed up) the delay.
  if (instance.pending_health && instance.pending_health->target == target) return Empty{};
  uint64_t generation = ++store_.health_generation;
  instance.pending_health = PendingHealth{target, generation};
  std::string service_id = service->service.id, instance_id = req.instance_id;
  After(options_.custom_health_delay, [this, service_id, instance_id, generation] {
    ApplyPendingHealth(service_id, instance_id, generation);
  });
  return Empty{};
}

void Backend::ApplyPendingHealth(const std::string& service_id, const std::string& instance_id,
                                 uint64_t generation) {
  ServiceRecord* service = FindService(service_id);
  if (!service) return;
  auto it = service->instances.find(instance_id);
  if (it == service->instances.end()) return;
  InstanceRecord& instance = it->second;
  if (!instance.pending_health || instance.pending_health->generation != generation) return;
  instance.custom_health = instance.pending_health->target;
  instance.pending_health.reset();
  DiscoverableStateChanged(*service);
  tracer_.Record(TraceEvent("cloudmap", "InstanceHealthChanged")
                     .With("service", service_id)
                     .With("instance", instance_id)
                     .With("status", ToString(instance.custom_health)));
}

}  // namespace meshsim::fakes::internal
