// File: controller/live/cloudmap_json_responses.cc
//
// Response bodies of every Cloud Map operation, both directions.
#include "controller/live/cloudmap_json.h"
#include "controller/live/json_parts.h"

namespace meshsim::live {

using nlohmann::json;
namespace cm = cloudmap;

namespace {

void PutTime(json& j, const char* key, const std::optional<SystemTime>& t) {
  if (t) j[key] = TimeToJson(*t);
}

json NamespaceBody(const cm::Namespace& v) {
  json j{{"Id", v.id}, {"Arn", v.arn}};
  PutOpt(j, "ResourceOwner", v.resource_owner);
  j["Name"] = v.name;
  j["Type"] = cm::ToString(v.type);
  PutOpt(j, "Description", v.description);
  PutOpt(j, "ServiceCount", v.service_count);
  // AWS always answers both property groups, with SOA present even when empty.
  json dns{{"SOA", json::object()}};
  PutOpt(dns, "HostedZoneId", v.properties.hosted_zone_id);
  if (v.properties.soa_ttl) dns["SOA"]["TTL"] = *v.properties.soa_ttl;
  json http = json::object();
  PutOpt(http, "HttpName", v.properties.http_name);
  j["Properties"] = json{{"DnsProperties", dns}, {"HttpProperties", http}};
  PutTime(j, "CreateDate", v.create_date);
  PutOpt(j, "CreatorRequestId", v.creator_request_id);
  return j;
}

Status ReadHttpProperties(const json& j, cm::NamespaceProperties* out) {
  JsonReader r(j, "HttpProperties");
  r.OptStr("HttpName", &out->http_name);
  return r.status();
}
Status ReadSoa(const json& j, cm::NamespaceProperties* out) {
  JsonReader r(j, "SOA");
  r.OptInt("TTL", &out->soa_ttl);
  return r.status();
}
Status ReadDnsProperties(const json& j, cm::NamespaceProperties* out) {
  JsonReader r(j, "DnsProperties");
  r.OptStr("HostedZoneId", &out->hosted_zone_id);
  std::optional<cm::NamespaceProperties> soa;
  r.OptObj("SOA", &soa, ReadSoa);
  if (soa) out->soa_ttl = soa->soa_ttl;
  return r.status();
}
Status ReadProperties(const json& j, cm::NamespaceProperties* out) {
  JsonReader r(j, "NamespaceProperties");
  std::optional<cm::NamespaceProperties> dns, http;
  r.OptObj("DnsProperties", &dns, ReadDnsProperties);
  r.OptObj("HttpProperties", &http, ReadHttpProperties);
  if (dns) {
    out->hosted_zone_id = dns->hosted_zone_id;
    out->soa_ttl = dns->soa_ttl;
  }
  if (http) out->http_name = http->http_name;
  return r.status();
}

Status NamespaceFromBody(const json& j, cm::Namespace* out) {
  JsonReader r(j, "Namespace");
  r.Str("Id", &out->id);
  r.Str("Arn", &out->arn);
  r.OptStr("ResourceOwner", &out->resource_owner);
  r.Str("Name", &out->name);
  r.Enum("Type", &out->type, &cm::ParseNamespaceType);
  r.OptStr("Description", &out->description);
  r.OptInt("ServiceCount", &out->service_count);
  std::optional<cm::NamespaceProperties> props;
  r.OptObj("Properties", &props, ReadProperties);
  if (props) out->properties = *props;
  r.OptTime("CreateDate", &out->create_date);
  r.OptStr("CreatorRequestId", &out->creator_request_id);
  return r.status();
}

json ServiceBody(const cm::Service& v) {
  json j{{"Id", v.id}, {"Arn", v.arn}};
  PutOpt(j, "ResourceOwner", v.resource_owner);
  j["Name"] = v.name;
  PutOpt(j, "NamespaceId", v.namespace_id);
  PutOpt(j, "Description", v.description);
  PutOpt(j, "InstanceCount", v.instance_count);
  if (v.dns_config) j["DnsConfig"] = ToJsonPart(*v.dns_config);
  PutOpt(j, "Type", v.type);
  if (v.health_check_config) j["HealthCheckConfig"] = ToJsonPart(*v.health_check_config);
  if (v.health_check_custom_config) {
    j["HealthCheckCustomConfig"] = ToJsonPart(*v.health_check_custom_config);
  }
  PutTime(j, "CreateDate", v.create_date);
  PutOpt(j, "CreatorRequestId", v.creator_request_id);
  PutOpt(j, "CreatedByAccount", v.created_by_account);
  return j;
}

Status ServiceFromBody(const json& j, cm::Service* out) {
  JsonReader r(j, "Service");
  r.Str("Id", &out->id);
  r.Str("Arn", &out->arn);
  r.OptStr("ResourceOwner", &out->resource_owner);
  r.Str("Name", &out->name);
  r.OptStr("NamespaceId", &out->namespace_id);
  r.OptStr("Description", &out->description);
  r.OptInt("InstanceCount", &out->instance_count);
  r.OptObj("DnsConfig", &out->dns_config, PartReader{});
  r.OptStr("Type", &out->type);
  r.OptObj("HealthCheckConfig", &out->health_check_config, PartReader{});
  r.OptObj("HealthCheckCustomConfig", &out->health_check_custom_config, PartReader{});
  r.OptTime("CreateDate", &out->create_date);
  r.OptStr("CreatorRequestId", &out->creator_request_id);
  r.OptStr("CreatedByAccount", &out->created_by_account);
  return r.status();
}

json InstanceBody(const cm::Instance& v) {
  json j{{"Id", v.id}};
  PutOpt(j, "CreatorRequestId", v.creator_request_id);
  j["Attributes"] = v.attributes;
  PutOpt(j, "CreatedByAccount", v.created_by_account);
  return j;
}

Status InstanceFromBody(const json& j, cm::Instance* out) {
  JsonReader r(j, "Instance");
  r.Str("Id", &out->id);
  r.OptStr("CreatorRequestId", &out->creator_request_id);
  r.StrMap("Attributes", &out->attributes);
  r.OptStr("CreatedByAccount", &out->created_by_account);
  return r.status();
}

json SummaryBody(const cm::HttpInstanceSummary& v) {
  return json{{"InstanceId", v.instance_id},       {"NamespaceName", v.namespace_name},
              {"ServiceName", v.service_name},     {"HealthStatus", cm::ToString(v.health_status)},
              {"Attributes", v.attributes.get()}};
}

Status SummaryFromBody(const json& j, cm::HttpInstanceSummary* out) {
  JsonReader r(j, "HttpInstanceSummary");
  r.Str("InstanceId", &out->instance_id);
  r.Str("NamespaceName", &out->namespace_name);
  r.Str("ServiceName", &out->service_name);
  std::optional<cm::HealthStatus> health;
  r.OptEnum("HealthStatus", &health, &cm::ParseHealthStatus);
  if (health) out->health_status = *health;
  cm::Attributes attributes;
  r.StrMap("Attributes", &attributes);
  out->attributes = std::move(attributes);
  return r.status();
}

}  // namespace

json ToJson(const cm::OperationIdResponse& v) { return json{{"OperationId", v.operation_id}}; }
Status FromJson(const json& j, cm::OperationIdResponse* out) {
  JsonReader r(j, "OperationIdResponse");
  r.Str("OperationId", &out->operation_id);
  return r.status();
}

json ToJson(const cm::Namespace& v) { return json{{"Namespace", NamespaceBody(v)}}; }
Status FromJson(const json& j, cm::Namespace* out) {
  JsonReader r(j, "GetNamespaceResponse");
  r.Obj("Namespace", out, NamespaceFromBody);
  return r.status();
}

json ToJson(const cm::Service& v) { return json{{"Service", ServiceBody(v)}}; }
Status FromJson(const json& j, cm::Service* out) {
  JsonReader r(j, "GetServiceResponse");
  r.Obj("Service", out, ServiceFromBody);
  return r.status();
}

namespace {
template <class T, class F>
json ListOf(const std::vector<T>& v, F to) {
  json a = json::array();
  for (const T& e : v) a.push_back(to(e));
  return a;
}
template <class R, class F>
json Page(const char* key, const R& v, const std::optional<std::string>& tok, F to) {
  json j{{key, ListOf(v, to)}};
  PutOpt(j, "NextToken", tok);
  return j;
}
}  // namespace

json ToJson(const cm::ListNamespacesResponse& v) {
  return Page("Namespaces", v.namespaces, v.next_token, NamespaceBody);
}
Status FromJson(const json& j, cm::ListNamespacesResponse* out) {
  JsonReader r(j, "ListNamespacesResponse");
  r.List("Namespaces", &out->namespaces, NamespaceFromBody);
  r.OptStr("NextToken", &out->next_token);
  return r.status();
}

json ToJson(const cm::ListServicesResponse& v) {
  return Page("Services", v.services, v.next_token, ServiceBody);
}
Status FromJson(const json& j, cm::ListServicesResponse* out) {
  JsonReader r(j, "ListServicesResponse");
  r.List("Services", &out->services, ServiceFromBody);
  r.OptStr("NextToken", &out->next_token);
  return r.status();
}

json ToJson(const cm::GetInstanceResponse& v) {
  json j = json::object();
  PutOpt(j, "ResourceOwner", v.resource_owner);
  j["Instance"] = InstanceBody(v.instance);
  return j;
}
Status FromJson(const json& j, cm::GetInstanceResponse* out) {
  JsonReader r(j, "GetInstanceResponse");
  r.OptStr("ResourceOwner", &out->resource_owner);
  r.Obj("Instance", &out->instance, InstanceFromBody);
  return r.status();
}

json ToJson(const cm::ListInstancesResponse& v) {
  json j = json::object();
  PutOpt(j, "ResourceOwner", v.resource_owner);
  j["Instances"] = ListOf(v.instances, InstanceBody);
  PutOpt(j, "NextToken", v.next_token);
  return j;
}
Status FromJson(const json& j, cm::ListInstancesResponse* out) {
  JsonReader r(j, "ListInstancesResponse");
  r.OptStr("ResourceOwner", &out->resource_owner);
  r.List("Instances", &out->instances, InstanceFromBody);
  r.OptStr("NextToken", &out->next_token);
  return r.status();
}

json ToJson(const cm::DiscoverInstancesResponse& v) {
  json j{{"Instances", ListOf(v.instances, SummaryBody)}};
  PutOpt(j, "InstancesRevision", v.instances_revision);
  return j;
}
Status FromJson(const json& j, cm::DiscoverInstancesResponse* out) {
  JsonReader r(j, "DiscoverInstancesResponse");
  r.List("Instances", &out->instances, SummaryFromBody);
  r.OptInt("InstancesRevision", &out->instances_revision);
  return r.status();
}

json ToJson(const cm::DiscoverInstancesRevisionResponse& v) {
  return json{{"InstancesRevision", v.instances_revision}};
}
Status FromJson(const json& j, cm::DiscoverInstancesRevisionResponse* out) {
  JsonReader r(j, "DiscoverInstancesRevisionResponse");
  std::optional<int64_t> rev;
  r.OptInt("InstancesRevision", &rev);
  if (rev) out->instances_revision = *rev;
  return r.status();
}

namespace {
json OperationBody(const cm::Operation& v) {
  json j{{"Id", v.id}};
  PutOpt(j, "OwnerAccount", v.owner_account);
  j["Type"] = cm::ToString(v.type);
  j["Status"] = cm::ToString(v.status);
  PutOpt(j, "ErrorMessage", v.error_message);
  PutOpt(j, "ErrorCode", v.error_code);
  PutTime(j, "CreateDate", v.create_date);
  PutTime(j, "UpdateDate", v.update_date);
  if (!v.targets.empty()) j["Targets"] = v.targets;
  return j;
}
Status OperationFromBody(const json& j, cm::Operation* out) {
  JsonReader r(j, "Operation");
  r.Str("Id", &out->id);
  r.OptStr("OwnerAccount", &out->owner_account);
  r.Enum("Type", &out->type, &cm::ParseOperationType);
  r.Enum("Status", &out->status, &cm::ParseOperationStatus);
  r.OptStr("ErrorMessage", &out->error_message);
  r.OptStr("ErrorCode", &out->error_code);
  r.OptTime("CreateDate", &out->create_date);
  r.OptTime("UpdateDate", &out->update_date);
  r.StrMap("Targets", &out->targets);
  return r.status();
}
json OperationSummaryBody(const cm::OperationSummary& v) {
  return json{{"Id", v.id}, {"Status", cm::ToString(v.status)}};
}
Status OperationSummaryFromBody(const json& j, cm::OperationSummary* out) {
  JsonReader r(j, "OperationSummary");
  r.Str("Id", &out->id);
  r.Enum("Status", &out->status, &cm::ParseOperationStatus);
  return r.status();
}
}  // namespace

json ToJson(const cm::Operation& v) { return json{{"Operation", OperationBody(v)}}; }
Status FromJson(const json& j, cm::Operation* out) {
  JsonReader r(j, "GetOperationResponse");
  r.Obj("Operation", out, OperationFromBody);
  return r.status();
}

json ToJson(const cm::ListOperationsResponse& v) {
  return Page("Operations", v.operations, v.next_token, OperationSummaryBody);
}
Status FromJson(const json& j, cm::ListOperationsResponse* out) {
  JsonReader r(j, "ListOperationsResponse");
  r.List("Operations", &out->operations, OperationSummaryFromBody);
  r.OptStr("NextToken", &out->next_token);
  return r.status();
}

json ToJson(const cm::GetInstancesHealthStatusResponse& v) {
  json status = json::object();
  for (const auto& [id, h] : v.status) status[id] = cm::ToString(h);
  json j{{"Status", status}};
  PutOpt(j, "NextToken", v.next_token);
  return j;
}
Status FromJson(const json& j, cm::GetInstancesHealthStatusResponse* out) {
  JsonReader r(j, "GetInstancesHealthStatusResponse");
  std::map<std::string, std::string> raw;
  r.StrMap("Status", &raw);
  r.OptStr("NextToken", &out->next_token);
  if (!r.ok()) return r.status();
  for (const auto& [id, name] : raw) {
    std::optional<cm::HealthStatus> h = cm::ParseHealthStatus(name);
    if (!h) {
      return Status(StatusCode::kInvalidArgument, "InvalidInput",
                    "Unknown health status '" + name + "' for instance " + id);
    }
    out->status[id] = *h;
  }
  return Status::Ok();
}

json ToJson(const Empty&) { return json::object(); }
Status FromJson(const json& j, Empty*) {
  JsonReader r(j, "EmptyResponse");
  return r.status();
}

}  // namespace meshsim::live
