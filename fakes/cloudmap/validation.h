// File: fakes/cloudmap/validation.h
//
// Input checks of the Cloud Map API model (spec section 3) that the fake answers with
// InvalidInput: required members, lengths, name patterns, MaxResults bounds and the instance
// attribute rules (pattern, count, total size, reserved keys against the service's records).
// Each returns Status::Ok() or an InvalidInput naming the member, like AWS's messages do.
//
// Example:
//   if (Status s = internal::ValidateServiceName(req.name); !s.ok()) return s;
//   if (Status s = internal::ValidateMaxLength("Vpc", req.vpc, 64); !s.ok()) return s;
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "controller/api/cloudmap_types.h"
#include "controller/api/status.h"
#include "fakes/cloudmap/cloudmap_options.h"

namespace meshsim::fakes::internal {

// `member` is required and must not be empty.
Status ValidateRequired(const char* member, const std::string& value);
Status ValidateMaxLength(const char* member, const std::string& value, size_t max);
Status ValidateMaxLength(const char* member, const std::optional<std::string>& value, size_t max);

// Namespace names: HTTP `^(?!arn:)[!-~]{1,1024}$`, private DNS the same with 253, public DNS
// dot-separated DNS labels of at most 253 characters.
Status ValidateNamespaceName(cloudmap::NamespaceType type, const std::string& name);
// `^[!-~]{1,1024}$` (DiscoverInstances' NamespaceName).
Status ValidateDiscoverNamespaceName(const std::string& name);
// 1-127 characters of dot-separated labels of [A-Za-z0-9_-], 1-63 each, not starting or ending
// with '-'; or exactly ".".
Status ValidateServiceName(const std::string& name);
// `^[0-9a-zA-Z_/:.@-]+$`, at most 64 characters.
Status ValidateRegisterInstanceId(const std::string& id);

// Returns the effective MaxResults (default 100) or InvalidInput outside [1, max].
Result<int32_t> ResolveMaxResults(const std::optional<int32_t>& max_results, int32_t max);

// Key/value patterns, the 30-custom-attribute quota, the 5,000-character total and
// AWS_INIT_HEALTH_STATUS's value.
Status ValidateAttributes(const cloudmap::Attributes& attributes, const CloudMapOptions& options);
// The reserved keys the service's DnsConfig and HealthCheckConfig require.
Status ValidateReservedAttributes(const cloudmap::Attributes& attributes,
                                  const cloudmap::Service& service);

// The rules of CreateService's DnsConfig, HealthCheckConfig and HealthCheckCustomConfig
// against the namespace type.
Status ValidateServiceConfig(const cloudmap::CreateServiceRequest& req,
                             cloudmap::NamespaceType namespace_type);
Status ValidateDnsRecords(const std::vector<cloudmap::DnsRecord>& records);
Status ValidateHealthCheckConfig(const cloudmap::HealthCheckConfig& config);

}  // namespace meshsim::fakes::internal
