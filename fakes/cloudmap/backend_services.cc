// CreateService, GetService, ListServices, UpdateService and DeleteService.
#include <algorithm>
#include <cctype>

#include "fakes/cloudmap/backend.h"
#include "fakes/cloudmap/errors.h"
#include "fakes/cloudmap/ids.h"
#include "fakes/cloudmap/paging.h"
#include "fakes/cloudmap/validation.h"

namespace meshsim::fakes::internal {
namespace {

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

// In DNS-visible namespaces two services may not differ only by case; in HTTP ones they may.
bool SameServiceName(const std::string& a, const std::string& b, cloudmap::NamespaceType type) {
  return type == cloudmap::NamespaceType::kHttp ? a == b : Lower(a) == Lower(b);
}

Result<bool> MatchesFilter(const cloudmap::Service& service, const cloudmap::Filter& f) {
  std::string cond = f.condition.value_or("EQ");
  if (cond != "EQ" || f.values.size() != 1) {
    return InvalidInput("Invalid filter: " + f.name + " " + cond + ".");
  }
  if (f.name == "NAMESPACE_ID") {
    return service.namespace_id == IdFromIdOrArn(f.values[0], "namespace");
  }
  if (f.name == "RESOURCE_OWNER") {
    if (f.values[0] == "SELF") return true;
    if (f.values[0] == "OTHER_ACCOUNTS") return false;
    return InvalidInput("RESOURCE_OWNER must be SELF or OTHER_ACCOUNTS.");
  }
  return InvalidInput("Invalid filter: " + f.name + " " + cond + ".");
}

}  // namespace

ServiceRecord* Backend::FindService(const std::string& id_or_arn) {
  auto it = store_.services.find(IdFromIdOrArn(id_or_arn, "service"));
  return it == store_.services.end() ? nullptr : &it->second;
}

cloudmap::Service Backend::ServiceOut(const ServiceRecord& record, bool summary) const {
  cloudmap::Service s = record.service;
  s.instance_count = static_cast<int32_t>(record.instances.size());
  if (summary) {
    s.namespace_id.reset();
    s.creator_request_id.reset();
  }
  return s;
}

Result<cloudmap::Service> Backend::CreateService(const cloudmap::CreateServiceRequest& req) {
  if (Status s = ValidateServiceName(req.name); !s.ok()) return s;
  if (Status s = ValidateMaxLength("creatorRequestId", req.creator_request_id, 64); !s.ok())
    return s;
  if (Status s = ValidateMaxLength("description", req.description, 1024); !s.ok()) return s;
  std::optional<std::string> ns_ref = req.namespace_id;
  if (!ns_ref && req.dns_config) ns_ref = req.dns_config->namespace_id;
  if (!ns_ref || ns_ref->empty()) return InvalidInput("NamespaceId is required.");
  const NamespaceRecord* ns = FindNamespace(*ns_ref);
  if (!ns) return NamespaceNotFound(*ns_ref);
  if (Status s = ValidateServiceConfig(req, ns->ns.type); !s.ok()) return s;
  for (const auto& other_id : ServicesOf(ns->ns.id)) {
    const ServiceRecord& other = store_.services.at(other_id);
    if (!SameServiceName(other.service.name, req.name, ns->ns.type)) continue;
    // The same CreatorRequestId is a retry of the request that created it.
    if (req.creator_request_id && other.service.creator_request_id == req.creator_request_id) {
      return ServiceOut(other, false);
    }
    return ServiceAlreadyExists(req.name, other_id, other.service.arn,
                                other.service.creator_request_id.value_or(""));
  }
  ServiceRecord record;
  cloudmap::Service& s = record.service;
  s.id = NewServiceId(random_);
  s.arn = ServiceArn(options_, arn_region(), s.id);
  s.resource_owner = s.created_by_account = options_.account_id;
  s.name = req.name;
  s.namespace_id = ns->ns.id;
  s.description = req.description;
  s.dns_config = req.dns_config;
  if (s.dns_config) s.dns_config->namespace_id.reset();
  s.type = s.dns_config ? "DNS_HTTP" : "HTTP";
  s.health_check_config = req.health_check_config;
  s.health_check_custom_config = req.health_check_custom_config;
  if (s.health_check_custom_config) s.health_check_custom_config->failure_threshold = 1;
  s.create_date = dispatcher_.WallNow();
  s.creator_request_id = req.creator_request_id;
  std::string id = s.id;
  tracer_.Record(TraceEvent("cloudmap", "ServiceCreated")
                     .With("namespace", ns->ns.id)
                     .With("service", id)
                     .With("name", req.name));
  ServiceRecord& stored = AddService(std::move(record));
  RecordSnapshot(stored);
  return ServiceOut(stored, false);
}

ServiceRecord& Backend::AddService(ServiceRecord record) {
  std::string id = record.service.id;
  if (const auto& ns = record.service.namespace_id) {
    store_.services_by_namespace[*ns].insert(id);
    store_.services_by_name[{*ns, record.service.name}].insert(id);
  }
  return store_.services[id] = std::move(record);
}

void Backend::EraseService(const std::string& id) {
  auto it = store_.services.find(id);
  if (it == store_.services.end()) return;
  if (const auto& ns = it->second.service.namespace_id) {
    EraseFromIndex(store_.services_by_namespace, *ns, id);
    EraseFromIndex(store_.services_by_name, std::make_pair(*ns, it->second.service.name), id);
  }
  store_.services.erase(it);
}

const std::set<std::string>& Backend::ServicesOf(const std::string& namespace_id) const {
  static const std::set<std::string> kNone;
  auto it = store_.services_by_namespace.find(namespace_id);
  return it == store_.services_by_namespace.end() ? kNone : it->second;
}

Result<cloudmap::Service> Backend::GetService(const cloudmap::GetServiceRequest& req) {
  if (Status s = ValidateRequired("id", req.id); !s.ok()) return s;
  if (Status s = ValidateMaxLength("id", req.id, 255); !s.ok()) return s;
  ServiceRecord* record = FindService(req.id);
  if (!record) return ServiceNotFound(req.id);
  return ServiceOut(*record, false);
}

Result<cloudmap::ListServicesResponse> Backend::ListServices(
    const cloudmap::ListServicesRequest& req) {
  Result<int32_t> max = ResolveMaxResults(req.max_results, 100);
  if (!max.ok()) return max.status();
  for (const auto& f : req.filters) {  // report a bad filter even when nothing is listed
    if (Result<bool> m = MatchesFilter(cloudmap::Service{}, f); !m.ok()) return m.status();
  }
  // A NAMESPACE_ID filter (valid: checked above) names the only services that can match; the
  // filters still decide each one, so the index only narrows the walk.
  const std::set<std::string>* candidates = nullptr;
  for (const auto& f : req.filters) {
    if (f.name == "NAMESPACE_ID") candidates = &ServicesOf(IdFromIdOrArn(f.values[0], "namespace"));
  }
  std::vector<std::string> keys;
  auto consider = [&](const std::string& id, const ServiceRecord& record) -> Status {
    for (const auto& f : req.filters) {
      Result<bool> m = MatchesFilter(record.service, f);
      if (!m.ok()) return m.status();
      if (!*m) return Status::Ok();
    }
    keys.push_back(id);
    return Status::Ok();
  };
  if (candidates != nullptr) {
    for (const auto& id : *candidates) {
      if (Status s = consider(id, store_.services.at(id)); !s.ok()) return s;
    }
  } else {
    for (const auto& [id, record] : store_.services) {
      if (Status s = consider(id, record); !s.ok()) return s;
    }
  }
  Result<Page> page = PageOf(keys, "ListServices", req.next_token, *max);
  if (!page.ok()) return page.status();
  cloudmap::ListServicesResponse out;
  for (size_t i = page->begin; i < page->end; ++i) {
    out.services.push_back(ServiceOut(store_.services.at(keys[i]), true));
  }
  out.next_token = page->next_token;
  return out;
}

Result<std::vector<cloudmap::Service>> Backend::AllServices(const std::string& namespace_id) const {
  const NamespaceRecord* ns = FindNamespace(namespace_id);
  if (!ns) return NamespaceNotFound(namespace_id);
  std::vector<cloudmap::Service> out;
  for (const auto& id : ServicesOf(ns->ns.id)) out.push_back(ServiceOut(store_.services.at(id), false));
  return out;
}

Result<cloudmap::OperationIdResponse> Backend::UpdateService(
    const cloudmap::UpdateServiceRequest& req) {
  if (Status s = ValidateRequired("id", req.id); !s.ok()) return s;
  if (Status s = ValidateMaxLength("description", req.description, 1024); !s.ok()) return s;
  ServiceRecord* record = FindService(req.id);
  if (!record) return ServiceNotFound(req.id);
  const cloudmap::Service& s = record->service;
  if (!s.dns_config) return InvalidInput("UpdateService is not supported for HTTP services.");
  if (req.dns_records) {
    if (Status st = ValidateDnsRecords(*req.dns_records); !st.ok()) return st;
  }
  if (req.health_check_config) {
    if (s.health_check_custom_config) {
      return InvalidInput("A service with HealthCheckCustomConfig cannot get a HealthCheckConfig.");
    }
    if (Status st = ValidateHealthCheckConfig(*req.health_check_config); !st.ok()) return st;
  }
  if (auto op = store_.inflight.find(s.id); op != store_.inflight.end()) {
    return DuplicateRequest(op->second);
  }
  std::string id = s.id;
  std::string op_id = StartOperation(
      cloudmap::OperationType::kUpdateService, {{"NAMESPACE", *s.namespace_id}, {"SERVICE", id}},
      id, [this, id, req](const std::string&) -> std::optional<OperationFailure> {
        ServiceRecord* target = FindService(id);
        if (!target) return OperationFailure{"INTERNAL_FAILURE", "The service no longer exists."};
        if (req.description) target->service.description = req.description;
        if (req.dns_records) target->service.dns_config->dns_records = *req.dns_records;
        // Omitted HealthCheckConfig is deleted; HealthCheckCustomConfig is never touched.
        target->service.health_check_config = req.health_check_config;
        target->discoverable.reset();  // an instance's effective health may follow it
        tracer_.Record(TraceEvent("cloudmap", "ServiceUpdated").With("service", id));
        return std::nullopt;
      });
  return cloudmap::OperationIdResponse{op_id};
}

Result<Empty> Backend::DeleteService(const cloudmap::DeleteServiceRequest& req) {
  if (Status s = ValidateRequired("id", req.id); !s.ok()) return s;
  if (Status s = ValidateMaxLength("id", req.id, 255); !s.ok()) return s;
  ServiceRecord* record = FindService(req.id);
  if (!record) return ServiceNotFound(req.id);
  std::string id = record->service.id;
  // Instances, and registrations still in flight (they would land in a deleted service).
  auto inflight = store_.inflight.lower_bound(id);
  bool busy = inflight != store_.inflight.end() && inflight->first.rfind(id, 0) == 0;
  if (!record->instances.empty() || busy) {
    return ResourceInUse("Service " + id + " still contains one or more registered instances.");
  }
  EraseService(id);
  tracer_.Record(TraceEvent("cloudmap", "ServiceDeleted").With("service", id));
  return Empty{};
}

}  // namespace meshsim::fakes::internal
