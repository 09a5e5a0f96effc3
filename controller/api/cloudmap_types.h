// File: controller/api/cloudmap_types.h
//
// AWS Cloud Map (servicediscovery, API version 2017-03-14) shapes as value types, with the
// API's own member names in snake_case (Name -> name, HealthCheckCustomConfig ->
// health_check_custom_config). Optional members are std::optional so "absent" and "empty"
// stay distinct, as on the wire. The fake, the HTTP client and the HTTP server all speak these.
//
// Example:
//   cloudmap::RegisterInstanceRequest req{.service_id = "srv-...", .instance_id = "192.168.10.38",
//                                         .attributes = {{"AWS_INSTANCE_IPV4", "192.168.10.38"}}};
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "controller/api/shared_attributes.h"
#include "controller/api/time.h"

namespace meshsim::cloudmap {

enum class NamespaceType { kHttp, kDnsPrivate, kDnsPublic };
enum class HealthStatus { kHealthy, kUnhealthy, kUnknown };
enum class HealthStatusFilter { kHealthy, kUnhealthy, kAll, kHealthyOrElseAll };
enum class CustomHealthStatus { kHealthy, kUnhealthy };
enum class OperationStatus { kSubmitted, kPending, kSuccess, kFail };
enum class OperationType {
  kCreateNamespace,
  kDeleteNamespace,
  kUpdateNamespace,
  kUpdateService,
  kRegisterInstance,
  kDeregisterInstance,
};
enum class RoutingPolicy { kMultivalue, kWeighted };
enum class RecordType { kSrv, kA, kAaaa, kCname };
enum class HealthCheckType { kHttp, kHttps, kTcp };

// Wire names ("DNS_PRIVATE", "HEALTHY_OR_ELSE_ALL", ...) and their inverses. Parse* return
// std::nullopt for a name that is not a member of the enum.
const char* ToString(NamespaceType v);
const char* ToString(HealthStatus v);
const char* ToString(HealthStatusFilter v);
const char* ToString(CustomHealthStatus v);
const char* ToString(OperationStatus v);
const char* ToString(OperationType v);
const char* ToString(RoutingPolicy v);
const char* ToString(RecordType v);
const char* ToString(HealthCheckType v);
std::optional<NamespaceType> ParseNamespaceType(const std::string& s);
std::optional<HealthStatus> ParseHealthStatus(const std::string& s);
std::optional<HealthStatusFilter> ParseHealthStatusFilter(const std::string& s);
std::optional<CustomHealthStatus> ParseCustomHealthStatus(const std::string& s);
std::optional<OperationStatus> ParseOperationStatus(const std::string& s);
std::optional<OperationType> ParseOperationType(const std::string& s);
std::optional<RoutingPolicy> ParseRoutingPolicy(const std::string& s);
std::optional<RecordType> ParseRecordType(const std::string& s);
std::optional<HealthCheckType> ParseHealthCheckType(const std::string& s);

// Attributes (a sorted std::map) and SharedAttributes: controller/api/shared_attributes.h.

struct Tag {
  std::string key;
  std::string value;
  friend bool operator==(const Tag&, const Tag&) = default;
};

// Filters of ListNamespaces/ListServices/ListOperations, kept as the wire's strings so that
// unknown names and conditions can be answered with InvalidInput.
struct Filter {
  std::string name;                 // e.g. "NAMESPACE_ID", "TYPE", "NAME"
  std::vector<std::string> values;
  std::optional<std::string> condition;  // "EQ" (default), "IN", "BETWEEN", "BEGINS_WITH"
  friend bool operator==(const Filter&, const Filter&) = default;
};

struct DnsRecord {
  RecordType type = RecordType::kA;
  int64_t ttl = 0;
  friend bool operator==(const DnsRecord&, const DnsRecord&) = default;
};

struct DnsConfig {
  std::optional<std::string> namespace_id;  // deprecated location of the namespace id
  std::optional<RoutingPolicy> routing_policy;
  std::vector<DnsRecord> dns_records;
  friend bool operator==(const DnsConfig&, const DnsConfig&) = default;
};

struct HealthCheckConfig {
  HealthCheckType type = HealthCheckType::kHttp;
  std::optional<std::string> resource_path;
  std::optional<int32_t> failure_threshold;
  friend bool operator==(const HealthCheckConfig&, const HealthCheckConfig&) = default;
};

struct HealthCheckCustomConfig {
  std::optional<int32_t> failure_threshold;  // deprecated; AWS always uses 1
  friend bool operator==(const HealthCheckCustomConfig&, const HealthCheckCustomConfig&) = default;
};

struct NamespaceProperties {
  // DnsProperties
  std::optional<std::string> hosted_zone_id;
  std::optional<int64_t> soa_ttl;
  // HttpProperties
  std::optional<std::string> http_name;
  friend bool operator==(const NamespaceProperties&, const NamespaceProperties&) = default;
};

// Namespace and NamespaceSummary (a summary leaves creator_request_id unset).
struct Namespace {
  std::string id;
  std::string arn;
  std::optional<std::string> resource_owner;
  std::string name;
  NamespaceType type = NamespaceType::kHttp;
  std::optional<std::string> description;
  std::optional<int32_t> service_count;
  NamespaceProperties properties;
  std::optional<SystemTime> create_date;
  std::optional<std::string> creator_request_id;
  friend bool operator==(const Namespace&, const Namespace&) = default;
};

// Service and ServiceSummary (a summary has no namespace_id and no creator_request_id).
struct Service {
  std::string id;
  std::string arn;
  std::optional<std::string> resource_owner;
  std::string name;
  std::optional<std::string> namespace_id;
  std::optional<std::string> description;
  std::optional<int32_t> instance_count;
  std::optional<DnsConfig> dns_config;
  std::optional<std::string> type;  // "HTTP", "DNS_HTTP" or "DNS"
  std::optional<HealthCheckConfig> health_check_config;
  std::optional<HealthCheckCustomConfig> health_check_custom_config;
  std::optional<SystemTime> create_date;
  std::optional<std::string> creator_request_id;
  std::optional<std::string> created_by_account;
  friend bool operator==(const Service&, const Service&) = default;
};

// Instance and InstanceSummary (a summary leaves creator_request_id unset).
struct Instance {
  std::string id;
  std::optional<std::string> creator_request_id;
  Attributes attributes;
  std::optional<std::string> created_by_account;
  friend bool operator==(const Instance&, const Instance&) = default;
};

struct HttpInstanceSummary {
  std::string instance_id;
  std::string namespace_name;
  std::string service_name;
  HealthStatus health_status = HealthStatus::kUnknown;
  // Shared with Cloud Map's stored instance: a DiscoverInstances answer copies no attribute map.
  SharedAttributes attributes;
  friend bool operator==(const HttpInstanceSummary&, const HttpInstanceSummary&) = default;
};

struct Operation {
  std::string id;
  std::optional<std::string> owner_account;
  OperationType type = OperationType::kRegisterInstance;
  OperationStatus status = OperationStatus::kSubmitted;
  std::optional<std::string> error_message;
  std::optional<std::string> error_code;  // ACCESS_DENIED, INTERNAL_FAILURE, ...
  std::optional<SystemTime> create_date;
  std::optional<SystemTime> update_date;
  std::map<std::string, std::string> targets;  // "NAMESPACE" | "SERVICE" | "INSTANCE" -> id
  friend bool operator==(const Operation&, const Operation&) = default;
};

struct OperationSummary {
  std::string id;
  OperationStatus status = OperationStatus::kSubmitted;
  friend bool operator==(const OperationSummary&, const OperationSummary&) = default;
};

// ---- Requests and responses, one pair per operation ----

struct OperationIdResponse {
  std::string operation_id;
};

struct CreateHttpNamespaceRequest {
  std::string name;
  std::optional<std::string> creator_request_id;
  std::optional<std::string> description;
  std::vector<Tag> tags;
};

struct CreatePrivateDnsNamespaceRequest {
  std::string name;
  std::string vpc;
  std::optional<std::string> creator_request_id;
  std::optional<std::string> description;
  std::vector<Tag> tags;
  std::optional<int64_t> soa_ttl;  // Properties.DnsProperties.SOA.TTL
};

struct CreatePublicDnsNamespaceRequest {
  std::string name;
  std::optional<std::string> creator_request_id;
  std::optional<std::string> description;
  std::vector<Tag> tags;
  std::optional<int64_t> soa_ttl;
};

struct GetNamespaceRequest {
  std::string id;  // id or ARN
};

struct DeleteNamespaceRequest {
  std::string id;
};

struct ListNamespacesRequest {
  std::optional<int32_t> max_results;
  std::optional<std::string> next_token;
  std::vector<Filter> filters;
};
struct ListNamespacesResponse {
  std::vector<Namespace> namespaces;
  std::optional<std::string> next_token;
};

struct CreateServiceRequest {
  std::string name;
  std::optional<std::string> namespace_id;
  std::optional<std::string> creator_request_id;
  std::optional<std::string> description;
  std::optional<DnsConfig> dns_config;
  std::optional<HealthCheckConfig> health_check_config;
  std::optional<HealthCheckCustomConfig> health_check_custom_config;
  std::vector<Tag> tags;
  std::optional<std::string> type;  // only "HTTP"
};

struct GetServiceRequest {
  std::string id;
};

struct UpdateServiceRequest {
  std::string id;
  std::optional<std::string> description;
  std::optional<std::vector<DnsRecord>> dns_records;
  std::optional<HealthCheckConfig> health_check_config;
};

struct DeleteServiceRequest {
  std::string id;
};

struct ListServicesRequest {
  std::optional<int32_t> max_results;
  std::optional<std::string> next_token;
  std::vector<Filter> filters;
};
struct ListServicesResponse {
  std::vector<Service> services;
  std::optional<std::string> next_token;
};

struct RegisterInstanceRequest {
  std::string service_id;
  std::string instance_id;
  std::optional<std::string> creator_request_id;
  Attributes attributes;
};

struct DeregisterInstanceRequest {
  std::string service_id;
  std::string instance_id;
};

struct GetInstanceRequest {
  std::string service_id;
  std::string instance_id;
};
struct GetInstanceResponse {
  std::optional<std::string> resource_owner;
  Instance instance;
};

struct ListInstancesRequest {
  std::string service_id;
  std::optional<int32_t> max_results;
  std::optional<std::string> next_token;
};
struct ListInstancesResponse {
  std::optional<std::string> resource_owner;
  std::vector<Instance> instances;
  std::optional<std::string> next_token;
};

struct DiscoverInstancesRequest {
  std::string namespace_name;  // the namespace's HttpName
  std::string service_name;
  std::optional<int32_t> max_results;
  Attributes query_parameters;
  Attributes optional_parameters;
  std::optional<HealthStatusFilter> health_status;
  std::optional<std::string> owner_account;
};
struct DiscoverInstancesResponse {
  std::vector<HttpInstanceSummary> instances;
  std::optional<int64_t> instances_revision;
};

struct DiscoverInstancesRevisionRequest {
  std::string namespace_name;
  std::string service_name;
  std::optional<std::string> owner_account;
};
struct DiscoverInstancesRevisionResponse {
  int64_t instances_revision = 0;
};

struct GetOperationRequest {
  std::string operation_id;
  std::optional<std::string> owner_account;
};

struct ListOperationsRequest {
  std::optional<int32_t> max_results;
  std::optional<std::string> next_token;
  std::vector<Filter> filters;
};
struct ListOperationsResponse {
  std::vector<OperationSummary> operations;
  std::optional<std::string> next_token;
};

struct GetInstancesHealthStatusRequest {
  std::string service_id;
  std::vector<std::string> instances;  // empty = all instances
  std::optional<int32_t> max_results;
  std::optional<std::string> next_token;
};
struct GetInstancesHealthStatusResponse {
  std::map<std::string, HealthStatus> status;
  std::optional<std::string> next_token;
};

struct UpdateInstanceCustomHealthStatusRequest {
  std::string service_id;
  std::string instance_id;
  CustomHealthStatus status = CustomHealthStatus::kHealthy;
};

}  // namespace meshsim::cloudmap
