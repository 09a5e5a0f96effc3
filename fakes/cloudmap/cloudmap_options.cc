#include "fakes/cloudmap/cloudmap_options.h"

namespace meshsim::fakes {

std::map<std::string, RateLimit> AwsDocumentedRateLimits() {
  return {{"DiscoverInstances", RateLimit{.per_second = 1000, .burst = 2000}},
          {"DiscoverInstancesRevision", RateLimit{.per_second = 3000, .burst = 3000}}};
}

const std::vector<std::string>& CloudMapOperationNames() {
  static const auto* names = new std::vector<std::string>{
      "CreateHttpNamespace",       "CreatePrivateDnsNamespace",
      "CreatePublicDnsNamespace",  "CreateService",
      "DeleteNamespace",           "DeleteService",
      "DeregisterInstance",        "DiscoverInstances",
      "DiscoverInstancesRevision", "GetInstance",
      "GetInstancesHealthStatus",  "GetNamespace",
      "GetOperation",              "GetService",
      "ListInstances",             "ListNamespaces",
      "ListOperations",            "ListServices",
      "RegisterInstance",          "UpdateInstanceCustomHealthStatus",
      "UpdateService"};
  return *names;
}

const std::vector<std::string>& InjectableErrorNames() {
  static const auto* names = new std::vector<std::string>{
      "AccessDeniedException", "InternalFailure", "RequestLimitExceeded", "ServiceUnavailable",
      "ThrottlingException"};
  return *names;
}

}  // namespace meshsim::fakes
