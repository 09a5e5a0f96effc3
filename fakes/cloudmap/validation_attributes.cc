// Attribute and service-configuration rules of validation.h.
#include <algorithm>

#include "fakes/cloudmap/errors.h"
#include "fakes/cloudmap/validation.h"

namespace meshsim::fakes::internal {
namespace {

bool IsReservedKey(const std::string& key) {
  static const char* const kReserved[] = {
      "AWS_INSTANCE_IPV4",  "AWS_INSTANCE_IPV6",   "AWS_INSTANCE_PORT",     "AWS_INSTANCE_CNAME",
      "AWS_ALIAS_DNS_NAME", "AWS_EC2_INSTANCE_ID", "AWS_INIT_HEALTH_STATUS"};
  return std::find(std::begin(kReserved), std::end(kReserved), key) != std::end(kReserved);
}

bool ValidKey(const std::string& key) {
  if (key.empty() || key.size() > 255) return false;
  return std::all_of(key.begin(), key.end(), [](char c) { return c >= '!' && c <= '~'; });
}

// Printable ASCII; spaces and tabs allowed but not first; may be empty; at most 1024.
bool ValidValue(const std::string& value) {
  if (value.size() > 1024) return false;
  if (!value.empty() && (value[0] == ' ' || value[0] == '\t')) return false;
  return std::all_of(value.begin(), value.end(),
                     [](char c) { return (c >= ' ' && c <= '~') || c == '\t'; });
}

bool HasRecord(const cloudmap::Service& service, cloudmap::RecordType type) {
  if (!service.dns_config) return false;
  const auto& records = service.dns_config->dns_records;
  return std::any_of(records.begin(), records.end(), [&](const auto& r) { return r.type == type; });
}

Status Missing(const char* key, const char* why) {
  return InvalidInput(std::string("Attribute ") + key + " is required " + why + ".");
}

}  // namespace

Status ValidateAttributes(const cloudmap::Attributes& attributes, const CloudMapOptions& options) {
  int32_t custom = 0;
  size_t total = 0;
  for (const auto& [key, value] : attributes) {
    if (!ValidKey(key)) return InvalidInput("Invalid attribute key: '" + key + "'.");
    if (!ValidValue(value)) return InvalidInput("Invalid value for attribute '" + key + "'.");
    custom += IsReservedKey(key) ? 0 : 1;
    total += key.size() + value.size();
  }
  if (custom > options.max_custom_attributes) {
    return InvalidInput("An instance can have at most " +
                        std::to_string(options.max_custom_attributes) + " custom attributes.");
  }
  if (total > static_cast<size_t>(options.max_attributes_total_chars)) {
    return InvalidInput("The total length of all attribute keys and values must not exceed " +
                        std::to_string(options.max_attributes_total_chars) + " characters.");
  }
  auto init = attributes.find("AWS_INIT_HEALTH_STATUS");
  if (init != attributes.end() && !cloudmap::ParseCustomHealthStatus(init->second)) {
    return InvalidInput("AWS_INIT_HEALTH_STATUS must be HEALTHY or UNHEALTHY.");
  }
  return Status::Ok();
}

Status ValidateReservedAttributes(const cloudmap::Attributes& attributes,
                                  const cloudmap::Service& service) {
  auto has = [&](const char* key) { return attributes.count(key) > 0; };
  if (has("AWS_ALIAS_DNS_NAME")) return Status::Ok();  // an alias replaces the AWS_INSTANCE_* keys
  using cloudmap::RecordType;
  if (HasRecord(service, RecordType::kA) && !has("AWS_INSTANCE_IPV4")) {
    return Missing("AWS_INSTANCE_IPV4", "because the service has an A record");
  }
  if (HasRecord(service, RecordType::kAaaa) && !has("AWS_INSTANCE_IPV6")) {
    return Missing("AWS_INSTANCE_IPV6", "because the service has an AAAA record");
  }
  if (HasRecord(service, RecordType::kCname) && !has("AWS_INSTANCE_CNAME")) {
    return Missing("AWS_INSTANCE_CNAME", "because the service has a CNAME record");
  }
  if (HasRecord(service, RecordType::kSrv)) {
    if (!has("AWS_INSTANCE_PORT")) return Missing("AWS_INSTANCE_PORT", "for an SRV record");
    if (!has("AWS_INSTANCE_IPV4") && !has("AWS_INSTANCE_IPV6")) {
      return Missing("AWS_INSTANCE_IPV4 or AWS_INSTANCE_IPV6", "for an SRV record");
    }
  }
  if (service.health_check_config && !has("AWS_INSTANCE_PORT")) {
    return Missing("AWS_INSTANCE_PORT", "because the service has a health check");
  }
  return Status::Ok();
}

Status ValidateDnsRecords(const std::vector<cloudmap::DnsRecord>& records) {
  using cloudmap::RecordType;
  if (records.empty()) return InvalidInput("DnsRecords must contain at least one record.");
  int a = 0, aaaa = 0, srv = 0, cname = 0;
  for (const auto& r : records) {
    if (r.ttl < 0 || r.ttl > 2147483647)
      return InvalidInput("TTL must be between 0 and 2147483647.");
    a += r.type == RecordType::kA;
    aaaa += r.type == RecordType::kAaaa;
    srv += r.type == RecordType::kSrv;
    cname += r.type == RecordType::kCname;
  }
  bool ok = (srv == 1 && a + aaaa + cname == 0) || (cname == 1 && a + aaaa + srv == 0) ||
            (srv + cname == 0 && a <= 1 && aaaa <= 1);
  if (!ok) return InvalidInput("DnsRecords must be A, AAAA, A and AAAA, SRV or CNAME.");
  return Status::Ok();
}

Status ValidateHealthCheckConfig(const cloudmap::HealthCheckConfig& config) {
  if (config.failure_threshold &&
      (*config.failure_threshold < 1 || *config.failure_threshold > 10)) {
    return InvalidInput("FailureThreshold must be between 1 and 10.");
  }
  if (config.resource_path) {
    if (config.type == cloudmap::HealthCheckType::kTcp) {
      return InvalidInput("ResourcePath must not be specified for a TCP health check.");
    }
    if (config.resource_path->size() > 255) return InvalidInput("ResourcePath is too long.");
  }
  return Status::Ok();
}

Status ValidateServiceConfig(const cloudmap::CreateServiceRequest& req,
                             cloudmap::NamespaceType namespace_type) {
  if (req.type && *req.type != "HTTP") return InvalidInput("Type must be HTTP.");
  if (req.health_check_config && req.health_check_custom_config) {
    return InvalidInput("HealthCheckConfig and HealthCheckCustomConfig are mutually exclusive.");
  }
  if (req.health_check_config) {
    if (namespace_type == cloudmap::NamespaceType::kDnsPrivate) {
      return InvalidInput("HealthCheckConfig is not supported in a private DNS namespace.");
    }
    if (Status s = ValidateHealthCheckConfig(*req.health_check_config); !s.ok()) return s;
  }
  if (!req.dns_config) return Status::Ok();
  if (namespace_type == cloudmap::NamespaceType::kHttp || req.type) {
    return InvalidInput("DnsConfig is not supported for an HTTP service.");
  }
  if (Status s = ValidateDnsRecords(req.dns_config->dns_records); !s.ok()) return s;
  bool cname = req.dns_config->dns_records[0].type == cloudmap::RecordType::kCname;
  if (cname && req.dns_config->routing_policy != cloudmap::RoutingPolicy::kWeighted) {
    return InvalidInput("A CNAME record requires the WEIGHTED routing policy.");
  }
  if (cname && req.health_check_config) {
    return InvalidInput("HealthCheckConfig is not supported with a CNAME record.");
  }
  return Status::Ok();
}

}  // namespace meshsim::fakes::internal
