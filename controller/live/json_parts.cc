// File: controller/live/json_parts.cc
#include "controller/live/json_parts.h"

#include <chrono>

namespace meshsim::live {

using nlohmann::json;
namespace cm = cloudmap;

json ToJsonPart(const cm::Tag& v) { return json{{"Key", v.key}, {"Value", v.value}}; }

Status FromJsonPart(const json& j, cm::Tag* out) {
  JsonReader r(j, "Tag");
  r.Str("Key", &out->key);
  r.Str("Value", &out->value);
  return r.status();
}

json ToJsonPart(const cm::Filter& v) {
  json j{{"Name", v.name}, {"Values", v.values}};
  PutOpt(j, "Condition", v.condition);
  return j;
}

Status FromJsonPart(const json& j, cm::Filter* out) {
  JsonReader r(j, "Filter");
  r.Str("Name", &out->name);
  r.StrList("Values", &out->values);
  r.OptStr("Condition", &out->condition);
  return r.status();
}

json ToJsonPart(const cm::DnsRecord& v) {
  return json{{"Type", cm::ToString(v.type)}, {"TTL", v.ttl}};
}

Status FromJsonPart(const json& j, cm::DnsRecord* out) {
  JsonReader r(j, "DnsRecord");
  r.Enum("Type", &out->type, &cm::ParseRecordType);
  r.Int("TTL", &out->ttl);
  return r.status();
}

json ToJsonPart(const cm::DnsConfig& v) {
  json j = json::object();
  PutOpt(j, "NamespaceId", v.namespace_id);
  if (v.routing_policy) j["RoutingPolicy"] = cm::ToString(*v.routing_policy);
  j["DnsRecords"] = PartList(v.dns_records);
  return j;
}

Status FromJsonPart(const json& j, cm::DnsConfig* out) {
  JsonReader r(j, "DnsConfig");
  r.OptStr("NamespaceId", &out->namespace_id);
  r.OptEnum("RoutingPolicy", &out->routing_policy, &cm::ParseRoutingPolicy);
  if (r.ok() && !r.Member("DnsRecords", /*required=*/true)) return r.status();
  r.List("DnsRecords", &out->dns_records, PartReader{});
  return r.status();
}

json ToJsonPart(const cm::HealthCheckConfig& v) {
  json j{{"Type", cm::ToString(v.type)}};
  PutOpt(j, "ResourcePath", v.resource_path);
  PutOpt(j, "FailureThreshold", v.failure_threshold);
  return j;
}

Status FromJsonPart(const json& j, cm::HealthCheckConfig* out) {
  JsonReader r(j, "HealthCheckConfig");
  r.Enum("Type", &out->type, &cm::ParseHealthCheckType);
  r.OptStr("ResourcePath", &out->resource_path);
  r.OptInt("FailureThreshold", &out->failure_threshold);
  return r.status();
}

json ToJsonPart(const cm::HealthCheckCustomConfig& v) {
  json j = json::object();
  PutOpt(j, "FailureThreshold", v.failure_threshold);
  return j;
}

Status FromJsonPart(const json& j, cm::HealthCheckCustomConfig* out) {
  JsonReader r(j, "HealthCheckCustomConfig");
  r.OptInt("FailureThreshold", &out->failure_threshold);
  return r.status();
}

json TimeToJson(SystemTime t) {
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
  if (ms % 1000 == 0) return json(ms / 1000);
  return json(static_cast<double>(ms) / 1000.0);
}

void PutSoaTtl(json& j, const std::optional<int64_t>& soa_ttl) {
  if (soa_ttl) j["Properties"]["DnsProperties"]["SOA"]["TTL"] = *soa_ttl;
}

namespace {
Status ReadSoa(const json& j, std::optional<int64_t>* ttl) {
  JsonReader r(j, "SOA");
  r.OptInt("TTL", ttl);
  return r.status();
}
Status ReadDnsProperties(const json& j, std::optional<int64_t>* ttl) {
  JsonReader r(j, "DnsProperties");
  std::optional<std::optional<int64_t>> soa;
  r.OptObj("SOA", &soa, ReadSoa);
  if (soa) *ttl = *soa;
  return r.status();
}
Status ReadProperties(const json& j, std::optional<int64_t>* ttl) {
  JsonReader r(j, "Properties");
  std::optional<std::optional<int64_t>> dns;
  r.OptObj("DnsProperties", &dns, ReadDnsProperties);
  if (dns) *ttl = *dns;
  return r.status();
}
}  // namespace

void ReadSoaTtl(JsonReader& r, std::optional<int64_t>* soa_ttl) {
  std::optional<std::optional<int64_t>> props;
  r.OptObj("Properties", &props, ReadProperties);
  if (props) *soa_ttl = *props;
}

}  // namespace meshsim::live
