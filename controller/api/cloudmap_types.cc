#include "controller/api/cloudmap_types.h"

#include <array>
#include <utility>

namespace meshsim::cloudmap {
namespace {

// One table per enum: the wire name of each enumerator, in declaration order.
constexpr std::array<std::pair<NamespaceType, const char*>, 3> kNamespaceTypeNames = {{
    {NamespaceType::kHttp, "HTTP"},
    {NamespaceType::kDnsPrivate, "DNS_PRIVATE"},
    {NamespaceType::kDnsPublic, "DNS_PUBLIC"},
}};
constexpr std::array<std::pair<HealthStatus, const char*>, 3> kHealthStatusNames = {{
    {HealthStatus::kHealthy, "HEALTHY"},
    {HealthStatus::kUnhealthy, "UNHEALTHY"},
    {HealthStatus::kUnknown, "UNKNOWN"},
}};
constexpr std::array<std::pair<HealthStatusFilter, const char*>, 4> kHealthStatusFilterNames = {{
    {HealthStatusFilter::kHealthy, "HEALTHY"},
    {HealthStatusFilter::kUnhealthy, "UNHEALTHY"},
    {HealthStatusFilter::kAll, "ALL"},
    {HealthStatusFilter::kHealthyOrElseAll, "HEALTHY_OR_ELSE_ALL"},
}};
constexpr std::array<std::pair<CustomHealthStatus, const char*>, 2> kCustomHealthStatusNames = {{
    {CustomHealthStatus::kHealthy, "HEALTHY"},
    {CustomHealthStatus::kUnhealthy, "UNHEALTHY"},
}};
constexpr std::array<std::pair<OperationStatus, const char*>, 4> kOperationStatusNames = {{
    {OperationStatus::kSubmitted, "SUBMITTED"},
    {OperationStatus::kPending, "PENDING"},
    {OperationStatus::kSuccess, "SUCCESS"},
    {OperationStatus::kFail, "FAIL"},
}};
constexpr std::array<std::pair<OperationType, const char*>, 6> kOperationTypeNames = {{
    {OperationType::kCreateNamespace, "CREATE_NAMESPACE"},
    {OperationType::kDeleteNamespace, "DELETE_NAMESPACE"},
    {OperationType::kUpdateNamespace, "UPDATE_NAMESPACE"},
    {OperationType::kUpdateService, "UPDATE_SERVICE"},
    {OperationType::kRegisterInstance, "REGISTER_INSTANCE"},
    {OperationType::kDeregisterInstance, "DEREGISTER_INSTANCE"},
}};
constexpr std::array<std::pair<RoutingPolicy, const char*>, 2> kRoutingPolicyNames = {{
    {RoutingPolicy::kMultivalue, "MULTIVALUE"},
    {RoutingPolicy::kWeighted, "WEIGHTED"},
}};
constexpr std::array<std::pair<RecordType, const char*>, 4> kRecordTypeNames = {{
    {RecordType::kSrv, "SRV"},
    {RecordType::kA, "A"},
    {RecordType::kAaaa, "AAAA"},
    {RecordType::kCname, "CNAME"},
}};
constexpr std::array<std::pair<HealthCheckType, const char*>, 3> kHealthCheckTypeNames = {{
    {HealthCheckType::kHttp, "HTTP"},
    {HealthCheckType::kHttps, "HTTPS"},
    {HealthCheckType::kTcp, "TCP"},
}};

template <class E, size_t N>
const char* NameOf(const std::array<std::pair<E, const char*>, N>& table, E v) {
  for (const auto& [e, name] : table) {
    if (e == v) return name;
  }
  return "?";
}

template <class E, size_t N>
std::optional<E> Parse(const std::array<std::pair<E, const char*>, N>& table,
                       const std::string& s) {
  for (const auto& [e, name] : table) {
    if (s == name) return e;
  }
  return std::nullopt;
}

}  // namespace

const char* ToString(NamespaceType v) { return NameOf(kNamespaceTypeNames, v); }
std::optional<NamespaceType> ParseNamespaceType(const std::string& s) { return Parse(kNamespaceTypeNames, s); }
const char* ToString(HealthStatus v) { return NameOf(kHealthStatusNames, v); }
std::optional<HealthStatus> ParseHealthStatus(const std::string& s) { return Parse(kHealthStatusNames, s); }
const char* ToString(HealthStatusFilter v) { return NameOf(kHealthStatusFilterNames, v); }
std::optional<HealthStatusFilter> ParseHealthStatusFilter(const std::string& s) { return Parse(kHealthStatusFilterNames, s); }
const char* ToString(CustomHealthStatus v) { return NameOf(kCustomHealthStatusNames, v); }
std::optional<CustomHealthStatus> ParseCustomHealthStatus(const std::string& s) { return Parse(kCustomHealthStatusNames, s); }
const char* ToString(OperationStatus v) { return NameOf(kOperationStatusNames, v); }
std::optional<OperationStatus> ParseOperationStatus(const std::string& s) { return Parse(kOperationStatusNames, s); }
const char* ToString(OperationType v) { return NameOf(kOperationTypeNames, v); }
std::optional<OperationType> ParseOperationType(const std::string& s) { return Parse(kOperationTypeNames, s); }
const char* ToString(RoutingPolicy v) { return NameOf(kRoutingPolicyNames, v); }
std::optional<RoutingPolicy> ParseRoutingPolicy(const std::string& s) { return Parse(kRoutingPolicyNames, s); }
const char* ToString(RecordType v) { return NameOf(kRecordTypeNames, v); }
std::optional<RecordType> ParseRecordType(const std::string& s) { return Parse(kRecordTypeNames, s); }
const char* ToString(HealthCheckType v) { return NameOf(kHealthCheckTypeNames, v); }
std::optional<HealthCheckType> ParseHealthCheckType(const std::string& s) { return Parse(kHealthCheckTypeNames, s); }

}  // namespace meshsim::cloudmap
