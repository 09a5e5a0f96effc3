// File: controller/live/cloudmap_json_requests.cc
//
// Request bodies of every Cloud Map operation, both directions.
#include "controller/live/cloudmap_json.h"
#include "controller/live/json_parts.h"

namespace meshsim::live {

using nlohmann::json;
namespace cm = cloudmap;

namespace {

void PutTags(json& j, const std::vector<cm::Tag>& tags) {
  if (!tags.empty()) j["Tags"] = PartList(tags);
}

void PutPaging(json& j, const std::optional<int32_t>& max, const std::optional<std::string>& tok) {
  PutOpt(j, "MaxResults", max);
  PutOpt(j, "NextToken", tok);
}

template <class T>
void PutListRequest(json& j, const T& v) {
  PutPaging(j, v.max_results, v.next_token);
  if (!v.filters.empty()) j["Filters"] = PartList(v.filters);
}

template <class T>
Status ReadListRequest(const json& j, const char* where, T* out) {
  JsonReader r(j, where);
  r.OptInt("MaxResults", &out->max_results);
  r.OptStr("NextToken", &out->next_token);
  r.List("Filters", &out->filters, PartReader{});
  return r.status();
}

}  // namespace

json ToJson(const cm::CreateHttpNamespaceRequest& v) {
  json j{{"Name", v.name}};
  PutOpt(j, "CreatorRequestId", v.creator_request_id);
  PutOpt(j, "Description", v.description);
  PutTags(j, v.tags);
  return j;
}
Status FromJson(const json& j, cm::CreateHttpNamespaceRequest* out) {
  JsonReader r(j, "CreateHttpNamespaceRequest");
  r.Str("Name", &out->name);
  r.OptStr("CreatorRequestId", &out->creator_request_id);
  r.OptStr("Description", &out->description);
  r.List("Tags", &out->tags, PartReader{});
  return r.status();
}

json ToJson(const cm::CreatePrivateDnsNamespaceRequest& v) {
  json j{{"Name", v.name}, {"Vpc", v.vpc}};
  PutOpt(j, "CreatorRequestId", v.creator_request_id);
  PutOpt(j, "Description", v.description);
  PutTags(j, v.tags);
  PutSoaTtl(j, v.soa_ttl);
  return j;
}
Status FromJson(const json& j, cm::CreatePrivateDnsNamespaceRequest* out) {
  JsonReader r(j, "CreatePrivateDnsNamespaceRequest");
  r.Str("Name", &out->name);
  r.Str("Vpc", &out->vpc);
  r.OptStr("CreatorRequestId", &out->creator_request_id);
  r.OptStr("Description", &out->description);
  r.List("Tags", &out->tags, PartReader{});
  ReadSoaTtl(r, &out->soa_ttl);
  return r.status();
}

json ToJson(const cm::CreatePublicDnsNamespaceRequest& v) {
  json j{{"Name", v.name}};
  PutOpt(j, "CreatorRequestId", v.creator_request_id);
  PutOpt(j, "Description", v.description);
  PutTags(j, v.tags);
  PutSoaTtl(j, v.soa_ttl);
  return j;
}
Status FromJson(const json& j, cm::CreatePublicDnsNamespaceRequest* out) {
  JsonReader r(j, "CreatePublicDnsNamespaceRequest");
  r.Str("Name", &out->name);
  r.OptStr("CreatorRequestId", &out->creator_request_id);
  r.OptStr("Description", &out->description);
  r.List("Tags", &out->tags, PartReader{});
  ReadSoaTtl(r, &out->soa_ttl);
  return r.status();
}

#define MESHSIM_ID_REQUEST(T, Member, field)              \
  json ToJson(const cm::T& v) { return json{{Member, v.field}}; } \
  Status FromJson(const json& j, cm::T* out) {            \
    JsonReader r(j, #T);                                  \
    r.Str(Member, &out->field);                           \
    return r.status();                                    \
  }
MESHSIM_ID_REQUEST(GetNamespaceRequest, "Id", id)
MESHSIM_ID_REQUEST(DeleteNamespaceRequest, "Id", id)
MESHSIM_ID_REQUEST(GetServiceRequest, "Id", id)
MESHSIM_ID_REQUEST(DeleteServiceRequest, "Id", id)
#undef MESHSIM_ID_REQUEST

json ToJson(const cm::ListNamespacesRequest& v) {
  json j = json::object();
  PutListRequest(j, v);
  return j;
}
Status FromJson(const json& j, cm::ListNamespacesRequest* out) {
  return ReadListRequest(j, "ListNamespacesRequest", out);
}
json ToJson(const cm::ListServicesRequest& v) {
  json j = json::object();
  PutListRequest(j, v);
  return j;
}
Status FromJson(const json& j, cm::ListServicesRequest* out) {
  return ReadListRequest(j, "ListServicesRequest", out);
}
json ToJson(const cm::ListOperationsRequest& v) {
  json j = json::object();
  PutListRequest(j, v);
  return j;
}
Status FromJson(const json& j, cm::ListOperationsRequest* out) {
  return ReadListRequest(j, "ListOperationsRequest", out);
}

json ToJson(const cm::CreateServiceRequest& v) {
  json j{{"Name", v.name}};
  PutOpt(j, "NamespaceId", v.namespace_id);
  PutOpt(j, "CreatorRequestId", v.creator_request_id);
  PutOpt(j, "Description", v.description);
  if (v.dns_config) j["DnsConfig"] = ToJsonPart(*v.dns_config);
  if (v.health_check_config) j["HealthCheckConfig"] = ToJsonPart(*v.health_check_config);
  if (v.health_check_custom_config) {
    j["HealthCheckCustomConfig"] = ToJsonPart(*v.health_check_custom_config);
  }
  PutTags(j, v.tags);
  PutOpt(j, "Type", v.type);
  return j;
}
Status FromJson(const json& j, cm::CreateServiceRequest* out) {
  JsonReader r(j, "CreateServiceRequest");
  r.Str("Name", &out->name);
  r.OptStr("NamespaceId", &out->namespace_id);
  r.OptStr("CreatorRequestId", &out->creator_request_id);
  r.OptStr("Description", &out->description);
  r.OptObj("DnsConfig", &out->dns_config, PartReader{});
  r.OptObj("HealthCheckConfig", &out->health_check_config, PartReader{});
  r.OptObj("HealthCheckCustomConfig", &out->health_check_custom_config, PartReader{});
  r.List("Tags", &out->tags, PartReader{});
  r.OptStr("Type", &out->type);
  return r.status();
}

json ToJson(const cm::UpdateServiceRequest& v) {
  json svc = json::object();
  PutOpt(svc, "Description", v.description);
  if (v.dns_records) svc["DnsConfig"]["DnsRecords"] = PartList(*v.dns_records);
  if (v.health_check_config) svc["HealthCheckConfig"] = ToJsonPart(*v.health_check_config);
  return json{{"Id", v.id}, {"Service", svc}};
}

namespace {
Status ReadDnsConfigChange(const json& j, std::vector<cm::DnsRecord>* out) {
  JsonReader r(j, "DnsConfigChange");
  if (r.ok() && !r.Member("DnsRecords", /*required=*/true)) return r.status();
  r.List("DnsRecords", out, PartReader{});
  return r.status();
}
Status ReadServiceChange(const json& j, cm::UpdateServiceRequest* out) {
  JsonReader r(j, "ServiceChange");
  r.OptStr("Description", &out->description);
  r.OptObj("DnsConfig", &out->dns_records, ReadDnsConfigChange);
  r.OptObj("HealthCheckConfig", &out->health_check_config, PartReader{});
  return r.status();
}
}  // namespace

Status FromJson(const json& j, cm::UpdateServiceRequest* out) {
  JsonReader r(j, "UpdateServiceRequest");
  r.Str("Id", &out->id);
  r.Obj("Service", out, ReadServiceChange);
  return r.status();
}

json ToJson(const cm::RegisterInstanceRequest& v) {
  json j{{"ServiceId", v.service_id}, {"InstanceId", v.instance_id}};
  PutOpt(j, "CreatorRequestId", v.creator_request_id);
  j["Attributes"] = v.attributes;
  return j;
}
Status FromJson(const json& j, cm::RegisterInstanceRequest* out) {
  JsonReader r(j, "RegisterInstanceRequest");
  r.Str("ServiceId", &out->service_id);
  r.Str("InstanceId", &out->instance_id);
  r.OptStr("CreatorRequestId", &out->creator_request_id);
  if (r.ok() && !r.Member("Attributes", /*required=*/true)) return r.status();
  r.StrMap("Attributes", &out->attributes);
  return r.status();
}

#define MESHSIM_INSTANCE_REQUEST(T)                                                  \
  json ToJson(const cm::T& v) {                                                      \
    return json{{"ServiceId", v.service_id}, {"InstanceId", v.instance_id}};        \
  }                                                                                  \
  Status FromJson(const json& j, cm::T* out) {                                       \
    JsonReader r(j, #T);                                                             \
    r.Str("ServiceId", &out->service_id);                                            \
    r.Str("InstanceId", &out->instance_id);                                          \
    return r.status();                                                               \
  }
MESHSIM_INSTANCE_REQUEST(DeregisterInstanceRequest)
MESHSIM_INSTANCE_REQUEST(GetInstanceRequest)
#undef MESHSIM_INSTANCE_REQUEST

json ToJson(const cm::ListInstancesRequest& v) {
  json j{{"ServiceId", v.service_id}};
  PutPaging(j, v.max_results, v.next_token);
  return j;
}
Status FromJson(const json& j, cm::ListInstancesRequest* out) {
  JsonReader r(j, "ListInstancesRequest");
  r.Str("ServiceId", &out->service_id);
  r.OptInt("MaxResults", &out->max_results);
  r.OptStr("NextToken", &out->next_token);
  return r.status();
}

json ToJson(const cm::DiscoverInstancesRequest& v) {
  json j{{"NamespaceName", v.namespace_name}, {"ServiceName", v.service_name}};
  PutOpt(j, "MaxResults", v.max_results);
  if (!v.query_parameters.empty()) j["QueryParameters"] = v.query_parameters;
  if (!v.optional_parameters.empty()) j["OptionalParameters"] = v.optional_parameters;
  if (v.health_status) j["HealthStatus"] = cm::ToString(*v.health_status);
  PutOpt(j, "OwnerAccount", v.owner_account);
  return j;
}
Status FromJson(const json& j, cm::DiscoverInstancesRequest* out) {
  JsonReader r(j, "DiscoverInstancesRequest");
  r.Str("NamespaceName", &out->namespace_name);
  r.Str("ServiceName", &out->service_name);
  r.OptInt("MaxResults", &out->max_results);
  r.StrMap("QueryParameters", &out->query_parameters);
  r.StrMap("OptionalParameters", &out->optional_parameters);
  r.OptEnum("HealthStatus", &out->health_status, &cm::ParseHealthStatusFilter);
  r.OptStr("OwnerAccount", &out->owner_account);
  return r.status();
}

json ToJson(const cm::DiscoverInstancesRevisionRequest& v) {
  json j{{"NamespaceName", v.namespace_name}, {"ServiceName", v.service_name}};
  PutOpt(j, "OwnerAccount", v.owner_account);
  return j;
}
Status FromJson(const json& j, cm::DiscoverInstancesRevisionRequest* out) {
  JsonReader r(j, "DiscoverInstancesRevisionRequest");
  r.Str("NamespaceName", &out->namespace_name);
  r.Str("ServiceName", &out->service_name);
  r.OptStr("OwnerAccount", &out->owner_account);
  return r.status();
}

json ToJson(const cm::GetOperationRequest& v) {
  json j{{"OperationId", v.operation_id}};
  PutOpt(j, "OwnerAccount", v.owner_account);
  return j;
}
Status FromJson(const json& j, cm::GetOperationRequest* out) {
  JsonReader r(j, "GetOperationRequest");
  r.Str("OperationId", &out->operation_id);
  r.OptStr("OwnerAccount", &out->owner_account);
  return r.status();
}

json ToJson(const cm::GetInstancesHealthStatusRequest& v) {
  json j{{"ServiceId", v.service_id}};
  if (!v.instances.empty()) j["Instances"] = v.instances;
  PutPaging(j, v.max_results, v.next_token);
  return j;
}
Status FromJson(const json& j, cm::GetInstancesHealthStatusRequest* out) {
  JsonReader r(j, "GetInstancesHealthStatusRequest");
  r.Str("ServiceId", &out->service_id);
  r.StrList("Instances", &out->instances);
  r.OptInt("MaxResults", &out->max_results);
  r.OptStr("NextToken", &out->next_token);
  return r.status();
}

json ToJson(const cm::UpdateInstanceCustomHealthStatusRequest& v) {
  return json{{"ServiceId", v.service_id},
              {"InstanceId", v.instance_id},
              {"Status", cm::ToString(v.status)}};
}
Status FromJson(const json& j, cm::UpdateInstanceCustomHealthStatusRequest* out) {
  JsonReader r(j, "UpdateInstanceCustomHealthStatusRequest");
  r.Str("ServiceId", &out->service_id);
  r.Str("InstanceId", &out->instance_id);
  r.Enum("Status", &out->status, &cm::ParseCustomHealthStatus);
  return r.status();
}

}  // namespace meshsim::live
