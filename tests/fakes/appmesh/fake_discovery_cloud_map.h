// File: tests/fakes/appmesh/fake_discovery_cloud_map.h
//
// An in-test CloudMapClient in which only DiscoverInstances behaves: instances per
// (namespace, service), QueryParameters as an AND of exact matches, a per-service revision and
// a fixed latency. Every other call answers an error. It records each DiscoverInstances request
// with its time, so tests can check the control plane's filters and poll cadence.
//
// Example:
//   FakeDiscoveryCloudMap cloudmap(dispatcher);
//   cloudmap.Register("ns.pvt.aws.local", "colorapp", "10.0.1.1", {{"color", "blue"}});
//   cloudmap.set_failure(Status(StatusCode::kNotFound, "ServiceNotFound", "gone"));
#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "controller/api/cloudmap_client.h"
#include "controller/api/dispatcher.h"

namespace meshsim::testing {

class FakeDiscoveryCloudMap : public CloudMapClient {
 public:
  struct Call {
    MonotonicTime at;
    cloudmap::DiscoverInstancesRequest request;
  };

  explicit FakeDiscoveryCloudMap(Dispatcher& dispatcher,
                                 Duration latency = std::chrono::milliseconds(20))
      : dispatcher_(dispatcher), latency_(latency) {}

  // Adds or replaces an instance; AWS_INSTANCE_IPV4 = id and AWS_INSTANCE_PORT = 8080 unless
  // `attributes` says otherwise.
  void Register(const std::string& ns, const std::string& service, const std::string& id,
                cloudmap::Attributes attributes,
                cloudmap::HealthStatus health = cloudmap::HealthStatus::kHealthy) {
    attributes.emplace("AWS_INSTANCE_IPV4", id);
    attributes.emplace("AWS_INSTANCE_PORT", "8080");
    services_[{ns, service}][id] = {.instance_id = id,
                                    .namespace_name = ns,
                                    .service_name = service,
                                    .health_status = health,
                                    .attributes = std::move(attributes)};
    ++revisions_[{ns, service}];
  }
  // Adds or replaces `instance` exactly as given.
  void RegisterRaw(const cloudmap::HttpInstanceSummary& instance) {
    ServiceKey key{instance.namespace_name, instance.service_name};
    services_[key][instance.instance_id] = instance;
    ++revisions_[key];
  }
  void Deregister(const std::string& ns, const std::string& service, const std::string& id) {
    services_[{ns, service}].erase(id);
    ++revisions_[{ns, service}];
  }
  // Makes every DiscoverInstances fail with `status` (std::nullopt: succeed again).
  void set_failure(std::optional<Status> status) { failure_ = std::move(status); }
  const std::vector<Call>& calls() const { return calls_; }

  // Discovery (data plane)
  void DiscoverInstances(const cloudmap::DiscoverInstancesRequest& req,
                         Callback<cloudmap::DiscoverInstancesResponse> cb) override {
    calls_.push_back({dispatcher_.Now(), req});
    Result<cloudmap::DiscoverInstancesResponse> result = Answer(req);
    dispatcher_.Schedule(latency_, [cb = std::move(cb), result] { cb(result); });
  }

  // Everything else: not modelled here.
#define MESHSIM_UNSUPPORTED(Method, Req, Resp)                    \
  void Method(const cloudmap::Req&, Callback<Resp> cb) override { \
    dispatcher_.Post([cb] { cb(Unsupported(#Method)); });         \
  }
  MESHSIM_UNSUPPORTED(CreateHttpNamespace, CreateHttpNamespaceRequest,
                      cloudmap::OperationIdResponse)
  MESHSIM_UNSUPPORTED(CreatePrivateDnsNamespace, CreatePrivateDnsNamespaceRequest,
                      cloudmap::OperationIdResponse)
  MESHSIM_UNSUPPORTED(CreatePublicDnsNamespace, CreatePublicDnsNamespaceRequest,
                      cloudmap::OperationIdResponse)
  MESHSIM_UNSUPPORTED(GetNamespace, GetNamespaceRequest, cloudmap::Namespace)
  MESHSIM_UNSUPPORTED(ListNamespaces, ListNamespacesRequest, cloudmap::ListNamespacesResponse)
  MESHSIM_UNSUPPORTED(DeleteNamespace, DeleteNamespaceRequest, cloudmap::OperationIdResponse)
  MESHSIM_UNSUPPORTED(GetOperation, GetOperationRequest, cloudmap::Operation)
  MESHSIM_UNSUPPORTED(ListOperations, ListOperationsRequest, cloudmap::ListOperationsResponse)
  MESHSIM_UNSUPPORTED(CreateService, CreateServiceRequest, cloudmap::Service)
  MESHSIM_UNSUPPORTED(GetService, GetServiceRequest, cloudmap::Service)
  MESHSIM_UNSUPPORTED(ListServices, ListServicesRequest, cloudmap::ListServicesResponse)
  MESHSIM_UNSUPPORTED(UpdateService, UpdateServiceRequest, cloudmap::OperationIdResponse)
  MESHSIM_UNSUPPORTED(DeleteService, DeleteServiceRequest, Empty)
  MESHSIM_UNSUPPORTED(RegisterInstance, RegisterInstanceRequest, cloudmap::OperationIdResponse)
  MESHSIM_UNSUPPORTED(DeregisterInstance, DeregisterInstanceRequest, cloudmap::OperationIdResponse)
  MESHSIM_UNSUPPORTED(GetInstance, GetInstanceRequest, cloudmap::GetInstanceResponse)
  MESHSIM_UNSUPPORTED(ListInstances, ListInstancesRequest, cloudmap::ListInstancesResponse)
  MESHSIM_UNSUPPORTED(DiscoverInstancesRevision, DiscoverInstancesRevisionRequest,
                      cloudmap::DiscoverInstancesRevisionResponse)
  MESHSIM_UNSUPPORTED(GetInstancesHealthStatus, GetInstancesHealthStatusRequest,
                      cloudmap::GetInstancesHealthStatusResponse)
  MESHSIM_UNSUPPORTED(UpdateInstanceCustomHealthStatus, UpdateInstanceCustomHealthStatusRequest,
                      Empty)
#undef MESHSIM_UNSUPPORTED

 private:
  using ServiceKey = std::pair<std::string, std::string>;

  static Status Unsupported(const char* method) {
    return Status(StatusCode::kInternal, "InternalFailure",
                  std::string(method) + " is not modelled by FakeDiscoveryCloudMap");
  }

  Result<cloudmap::DiscoverInstancesResponse> Answer(
      const cloudmap::DiscoverInstancesRequest& req) {
    if (failure_) return *failure_;
    ServiceKey key{req.namespace_name, req.service_name};
    auto service = services_.find(key);
    if (service == services_.end()) {
      return Status(StatusCode::kNotFound, "ServiceNotFound", req.service_name);
    }
    cloudmap::DiscoverInstancesResponse resp;
    // Reverse order: the real API's order is random, so the model must not rely on it.
    for (auto it = service->second.rbegin(); it != service->second.rend(); ++it) {
      bool match = true;
      for (const auto& [k, v] : req.query_parameters) {
        auto a = it->second.attributes.find(k);
        match = match && a != it->second.attributes.end() && a->second == v;
      }
      if (match) resp.instances.push_back(it->second);
    }
    resp.instances_revision = revisions_[key];
    return resp;
  }

  Dispatcher& dispatcher_;
  Duration latency_;
  std::optional<Status> failure_;
  std::map<ServiceKey, std::map<std::string, cloudmap::HttpInstanceSummary>> services_;
  std::map<ServiceKey, int64_t> revisions_;
  std::vector<Call> calls_;
};

}  // namespace meshsim::testing
