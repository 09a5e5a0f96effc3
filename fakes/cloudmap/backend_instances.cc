// RegisterInstance (an upsert), DeregisterInstance, GetInstance and ListInstances.
#include "fakes/cloudmap/backend.h"
#include "fakes/cloudmap/errors.h"
#include "fakes/cloudmap/paging.h"
#include "fakes/cloudmap/validation.h"

namespace meshsim::fakes::internal {
namespace {

std::string InflightKey(const std::string& service_id, const std::string& instance_id) {
  return service_id + "/" + instance_id;
}

OperationFailure ServiceGone(const std::string& service_id) {
  return {"INTERNAL_FAILURE", "Service " + service_id + " no longer exists."};
}

}  // namespace

int32_t Backend::InstancesInNamespace(const std::string& namespace_id) const {
  auto it = store_.instances_by_namespace.find(namespace_id);
  return it == store_.instances_by_namespace.end() ? 0 : it->second;
}

Result<cloudmap::OperationIdResponse> Backend::RegisterInstance(
    const cloudmap::RegisterInstanceRequest& req) {
  if (Status s = ValidateRequired("serviceId", req.service_id); !s.ok()) return s;
  if (Status s = ValidateRegisterInstanceId(req.instance_id); !s.ok()) return s;
  if (Status s = ValidateMaxLength("creatorRequestId", req.creator_request_id, 64); !s.ok())
    return s;
  if (Status s = ValidateAttributes(req.attributes, options_); !s.ok()) return s;
  ServiceRecord* record = FindService(req.service_id);
  if (!record) return ServiceNotFound(req.service_id);
  const cloudmap::Service& service = record->service;
  if (Status s = ValidateReservedAttributes(req.attributes, service); !s.ok()) return s;
  std::string key = InflightKey(service.id, req.instance_id);
  if (auto op = store_.inflight.find(key); op != store_.inflight.end()) {
    return DuplicateRequest(op->second);
  }
  if (!record->instances.count(req.instance_id)) {
    if (record->instances.size() >= static_cast<size_t>(options_.max_instances_per_service)) {
      return ResourceLimitExceeded("Service " + service.id + " has reached the maximum of " +
                                   std::to_string(options_.max_instances_per_service) +
                                   " instances.");
    }
    if (InstancesInNamespace(*service.namespace_id) >= options_.max_instances_per_namespace) {
      return ResourceLimitExceeded("Namespace " + *service.namespace_id +
                                   " has reached the maximum number of instances.");
    }
  }
  cloudmap::Instance instance{.id = req.instance_id,
                              .creator_request_id = req.creator_request_id,
                              .attributes = req.attributes,
                              .created_by_account = options_.account_id};
  std::string service_id = service.id;
  std::string op_id =
      StartOperation(cloudmap::OperationType::kRegisterInstance,
                     {{"INSTANCE", req.instance_id},
                      {"NAMESPACE", *service.namespace_id},
                      {"SERVICE", service_id}},
                     key, [this, service_id, instance](const std::string& operation_id) {
                       return ApplyRegister(service_id, instance, operation_id);
                     });
  return cloudmap::OperationIdResponse{op_id};
}

std::optional<OperationFailure> Backend::ApplyRegister(const std::string& service_id,
                                                       const cloudmap::Instance& instance,
                                                       const std::string& operation_id) {
  ServiceRecord* service = FindService(service_id);
  if (!service) return ServiceGone(service_id);
  auto [it, created] = service->instances.try_emplace(instance.id);
  if (!created) IndexAttributes(*service, it->second, /*add=*/false);
  it->second.instance = instance;
  it->second.shared_attributes = cloudmap::SharedAttributes(instance.attributes);
  IndexAttributes(*service, it->second, /*add=*/true);
  if (created) {
    ++store_.instances_by_namespace[*service->service.namespace_id];
    // Custom health starts at AWS_INIT_HEALTH_STATUS (default HEALTHY); an update keeps the
    // current health, as the App Mesh controller expects when it re-registers.
    auto init = instance.attributes.find("AWS_INIT_HEALTH_STATUS");
    bool unhealthy = init != instance.attributes.end() && init->second == "UNHEALTHY";
    it->second.custom_health =
        unhealthy ? cloudmap::HealthStatus::kUnhealthy : cloudmap::HealthStatus::kHealthy;
  }
  ++service->revision;
  DiscoverableStateChanged(*service);
  tracer_.Record(TraceEvent("cloudmap", "InstanceRegistered")
                     .With("service", service_id)
                     .With("instance", instance.id)
                     .With("operation", operation_id)
                     .With("created", created)
                     .With("revision", service->revision));
  return std::nullopt;
}

Result<cloudmap::OperationIdResponse> Backend::DeregisterInstance(
    const cloudmap::DeregisterInstanceRequest& req) {
  if (Status s = ValidateRequired("serviceId", req.service_id); !s.ok()) return s;
  if (Status s = ValidateRequired("instanceId", req.instance_id); !s.ok()) return s;
  if (Status s = ValidateMaxLength("instanceId", req.instance_id, 64); !s.ok()) return s;
  ServiceRecord* record = FindService(req.service_id);
  if (!record) return ServiceNotFound(req.service_id);
  const cloudmap::Service& service = record->service;
  std::string key = InflightKey(service.id, req.instance_id);
  if (auto op = store_.inflight.find(key); op != store_.inflight.end()) {
    return DuplicateRequest(op->second);
  }
  if (!record->instances.count(req.instance_id)) {
    return InstanceNotFound(service.id, req.instance_id);
  }
  std::string service_id = service.id, instance_id = req.instance_id;
  std::string op_id = StartOperation(
      cloudmap::OperationType::kDeregisterInstance,
      {{"INSTANCE", instance_id}, {"NAMESPACE", *service.namespace_id}, {"SERVICE", service_id}},
      key, [this, service_id, instance_id](const std::string& operation_id) {
        return ApplyDeregister(service_id, instance_id, operation_id);
      });
  return cloudmap::OperationIdResponse{op_id};
}

std::optional<OperationFailure> Backend::ApplyDeregister(const std::string& service_id,
                                                         const std::string& instance_id,
                                                         const std::string& operation_id) {
  ServiceRecord* service = FindService(service_id);
  if (!service) return ServiceGone(service_id);
  if (auto it = service->instances.find(instance_id); it != service->instances.end()) {
    IndexAttributes(*service, it->second, /*add=*/false);
  }
  if (service->instances.erase(instance_id) == 0) {
    return OperationFailure{"INTERNAL_FAILURE", "Instance " + instance_id + " is not registered."};
  }
  --store_.instances_by_namespace[*service->service.namespace_id];
  ++service->revision;
  DiscoverableStateChanged(*service);
  tracer_.Record(TraceEvent("cloudmap", "InstanceDeregistered")
                     .With("service", service_id)
                     .With("instance", instance_id)
                     .With("operation", operation_id)
                     .With("revision", service->revision));
  return std::nullopt;
}

Result<cloudmap::GetInstanceResponse> Backend::GetInstance(
    const cloudmap::GetInstanceRequest& req) {
  if (Status s = ValidateRequired("serviceId", req.service_id); !s.ok()) return s;
  if (Status s = ValidateRequired("instanceId", req.instance_id); !s.ok()) return s;
  if (Status s = ValidateMaxLength("instanceId", req.instance_id, 64); !s.ok()) return s;
  ServiceRecord* record = FindService(req.service_id);
  if (!record) return ServiceNotFound(req.service_id);
  auto it = record->instances.find(req.instance_id);
  if (it == record->instances.end()) return InstanceNotFound(record->service.id, req.instance_id);
  return cloudmap::GetInstanceResponse{options_.account_id, it->second.instance};
}

Result<cloudmap::ListInstancesResponse> Backend::ListInstances(
    const cloudmap::ListInstancesRequest& req) {
  if (Status s = ValidateRequired("serviceId", req.service_id); !s.ok()) return s;
  Result<int32_t> max = ResolveMaxResults(req.max_results, 100);
  if (!max.ok()) return max.status();
  ServiceRecord* record = FindService(req.service_id);
  if (!record) return ServiceNotFound(req.service_id);
  Result<MapPage<InstanceMap>> page =
      PageOfMap(record->instances, "ListInstances:" + record->service.id, req.next_token, *max);
  if (!page.ok()) return page.status();
  cloudmap::ListInstancesResponse out;
  out.resource_owner = options_.account_id;
  for (auto it = page->begin; it != page->end; ++it) {
    cloudmap::Instance summary = it->second.instance;
    summary.creator_request_id.reset();
    out.instances.push_back(std::move(summary));
  }
  out.next_token = page->next_token;
  return out;
}

Result<std::vector<cloudmap::Instance>> Backend::AllInstances(const std::string& service_id) {
  ServiceRecord* record = FindService(service_id);
  if (!record) return ServiceNotFound(service_id);
  std::vector<cloudmap::Instance> out;
  for (const auto& [id, instance] : record->instances) out.push_back(instance.instance);
  return out;
}

}  // namespace meshsim::fakes::internal
