// File: controller/throttled_cloudmap_client.h
//
// Client-side AWS rate limiting, as pkg/aws/throttle configures the SDK (spec C): one token
// bucket per operation-name regex; before every call (each SDK retry is a new call through this
// decorator) the request WAITS on every bucket whose pattern matches the operation name, one
// after the other, then goes to the wrapped client. It never fails a request. Each wait is
// traced as ("controller", "ThrottleWait").
//
// Example:
//   ThrottledCloudMapClient throttled(dispatcher, tracer, raw_client, DefaultCloudMapThrottles());
//   throttled.RegisterInstance(req, cb);  // the 81st call within a second waits 250 ms
#pragma once

#include <map>
#include <memory>
#include <regex>
#include <string>
#include <vector>

#include "controller/api/cloudmap_client.h"
#include "controller/api/dispatcher.h"
#include "controller/api/tracer.h"
#include "controller/runtime/rate_limiter.h"

namespace meshsim::controller {

struct ThrottleRule {
  std::string pattern;  // ECMAScript regex searched in the operation name, e.g. "^GetInstance"
  double qps = 1;
  int burst = 1;
};

// The defaults of pkg/aws/throttle/defaults.go for servicediscovery (spec C's table).
std::vector<ThrottleRule> DefaultCloudMapThrottles();

class ThrottledCloudMapClient : public CloudMapClient {
 public:
  ThrottledCloudMapClient(Dispatcher& dispatcher, Tracer& tracer, CloudMapClient& inner,
                          std::vector<ThrottleRule> rules);
  ~ThrottledCloudMapClient() override;

  // CloudMapClient
  void CreateHttpNamespace(const cloudmap::CreateHttpNamespaceRequest& req,
                           Callback<cloudmap::OperationIdResponse> cb) override;
  void CreatePrivateDnsNamespace(const cloudmap::CreatePrivateDnsNamespaceRequest& req,
                                 Callback<cloudmap::OperationIdResponse> cb) override;
  void CreatePublicDnsNamespace(const cloudmap::CreatePublicDnsNamespaceRequest& req,
                                Callback<cloudmap::OperationIdResponse> cb) override;
  void GetNamespace(const cloudmap::GetNamespaceRequest& req,
                    Callback<cloudmap::Namespace> cb) override;
  void ListNamespaces(const cloudmap::ListNamespacesRequest& req,
                      Callback<cloudmap::ListNamespacesResponse> cb) override;
  void DeleteNamespace(const cloudmap::DeleteNamespaceRequest& req,
                       Callback<cloudmap::OperationIdResponse> cb) override;
  void GetOperation(const cloudmap::GetOperationRequest& req,
                    Callback<cloudmap::Operation> cb) override;
  void ListOperations(const cloudmap::ListOperationsRequest& req,
                      Callback<cloudmap::ListOperationsResponse> cb) override;
  void CreateService(const cloudmap::CreateServiceRequest& req,
                     Callback<cloudmap::Service> cb) override;
  void GetService(const cloudmap::GetServiceRequest& req, Callback<cloudmap::Service> cb) override;
  void ListServices(const cloudmap::ListServicesRequest& req,
                    Callback<cloudmap::ListServicesResponse> cb) override;
  void UpdateService(const cloudmap::UpdateServiceRequest& req,
                     Callback<cloudmap::OperationIdResponse> cb) override;
  void DeleteService(const cloudmap::DeleteServiceRequest& req, Callback<Empty> cb) override;
  void RegisterInstance(const cloudmap::RegisterInstanceRequest& req,
                        Callback<cloudmap::OperationIdResponse> cb) override;
  void DeregisterInstance(const cloudmap::DeregisterInstanceRequest& req,
                          Callback<cloudmap::OperationIdResponse> cb) override;
  void GetInstance(const cloudmap::GetInstanceRequest& req,
                   Callback<cloudmap::GetInstanceResponse> cb) override;
  void ListInstances(const cloudmap::ListInstancesRequest& req,
                     Callback<cloudmap::ListInstancesResponse> cb) override;
  void DiscoverInstances(const cloudmap::DiscoverInstancesRequest& req,
                         Callback<cloudmap::DiscoverInstancesResponse> cb) override;
  void DiscoverInstancesRevision(const cloudmap::DiscoverInstancesRevisionRequest& req,
                                 Callback<cloudmap::DiscoverInstancesRevisionResponse> cb) override;
  void GetInstancesHealthStatus(const cloudmap::GetInstancesHealthStatusRequest& req,
                                Callback<cloudmap::GetInstancesHealthStatusResponse> cb) override;
  void UpdateInstanceCustomHealthStatus(
      const cloudmap::UpdateInstanceCustomHealthStatusRequest& req, Callback<Empty> cb) override;

  int64_t throttled_calls() const { return throttled_calls_; }

 private:
  // Waits on every bucket matching `op` (starting at the `index`-th match), then runs `go`.
  void Wait(const std::string& op, size_t index, std::function<void()> go);
  const std::vector<size_t>& RulesFor(const std::string& op);

  Dispatcher& dispatcher_;
  Tracer& tracer_;
  CloudMapClient& inner_;
  std::vector<ThrottleRule> rules_;
  std::vector<std::regex> regexes_;
  std::vector<runtime::TokenBucket> buckets_;
  std::map<std::string, std::vector<size_t>> matches_;  // op -> rule indices, memoised
  std::shared_ptr<bool> alive_;
  int64_t throttled_calls_ = 0;
};

}  // namespace meshsim::controller
