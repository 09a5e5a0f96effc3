// File: controller/live/json_parts.h
//
// Internal to cloudmap_json: codecs of the structures nested inside request and response bodies
// (Tag, Filter, DnsRecord, DnsConfig, HealthCheckConfig, HealthCheckCustomConfig, timestamps)
// and small writers that omit unset optionals.
//
// Example:
//   nlohmann::json j;
//   PutOpt(j, "Description", svc.description);
//   if (svc.dns_config) j["DnsConfig"] = ToJsonPart(*svc.dns_config);
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "controller/api/cloudmap_types.h"
#include "controller/api/status.h"
#include "controller/live/json_reader.h"

namespace meshsim::live {

nlohmann::json ToJsonPart(const cloudmap::Tag& v);
nlohmann::json ToJsonPart(const cloudmap::Filter& v);
nlohmann::json ToJsonPart(const cloudmap::DnsRecord& v);
nlohmann::json ToJsonPart(const cloudmap::DnsConfig& v);
nlohmann::json ToJsonPart(const cloudmap::HealthCheckConfig& v);
nlohmann::json ToJsonPart(const cloudmap::HealthCheckCustomConfig& v);
Status FromJsonPart(const nlohmann::json& j, cloudmap::Tag* out);
Status FromJsonPart(const nlohmann::json& j, cloudmap::Filter* out);
Status FromJsonPart(const nlohmann::json& j, cloudmap::DnsRecord* out);
Status FromJsonPart(const nlohmann::json& j, cloudmap::DnsConfig* out);
Status FromJsonPart(const nlohmann::json& j, cloudmap::HealthCheckConfig* out);
Status FromJsonPart(const nlohmann::json& j, cloudmap::HealthCheckCustomConfig* out);

// Epoch seconds with a millisecond fraction, e.g. 1597352146.593.
nlohmann::json TimeToJson(SystemTime t);

// "Properties": {"DnsProperties": {"SOA": {"TTL": n}}} or absent when no TTL is set.
void PutSoaTtl(nlohmann::json& j, const std::optional<int64_t>& soa_ttl);
// Reads Properties.DnsProperties.SOA.TTL.
void ReadSoaTtl(JsonReader& r, std::optional<int64_t>* soa_ttl);

template <class T>
void PutOpt(nlohmann::json& j, const char* key, const std::optional<T>& v) {
  if (v) j[key] = *v;
}

template <class T>
nlohmann::json PartList(const std::vector<T>& v) {
  nlohmann::json a = nlohmann::json::array();
  for (const T& e : v) a.push_back(ToJsonPart(e));
  return a;
}

// Function objects for JsonReader::Obj/List over the part codecs.
struct PartReader {
  template <class T>
  Status operator()(const nlohmann::json& j, T* out) const { return FromJsonPart(j, out); }
};

}  // namespace meshsim::live
