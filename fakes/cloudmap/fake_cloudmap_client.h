// File: fakes/cloudmap/fake_cloudmap_client.h
//
// One caller's view of FakeCloudMap ("controller", "controlplane", "aws-cli"): a CloudMapClient
// that asks the FaultInjector, runs the call on the Backend at once, traces it as
// ("cloudmap", "<OperationName>") with the caller, key ids and outcome, and delivers the result
// on the Dispatcher after a sampled api_latency. Destroying the client drops the callbacks it
// still owes (a shared liveness token), so a caller that goes away is never called back.
//
// Example:
//   std::unique_ptr<CloudMapClient> client = cloudmap.NewClient("controller");
//   client->GetService({.id = "srv-..."}, [](Result<cloudmap::Service> r) { ... });
//   dispatcher.RunFor(std::chrono::milliseconds(50));  // the callback has run
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "controller/api/cloudmap_client.h"
#include "controller/api/tracer.h"
#include "fakes/cloudmap/backend.h"
#include "fakes/cloudmap/fault_injector.h"

namespace meshsim::fakes::internal {

class FakeCloudMapClient : public CloudMapClient {
 public:
  // REQUIRES: `backend`, `faults` and `tracer` outlive every call's return (not its callback).
  FakeCloudMapClient(Backend& backend, const FaultInjector& faults, Tracer& tracer,
                     std::string caller, std::optional<std::string> region = std::nullopt);

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

 private:
  // Answers `event`'s operation: the injected fault or `run()`, traced, then `cb` after latency.
  template <class T, class Run>
  void Respond(TraceEvent event, Run run, Callback<T> cb);

  Backend& backend_;
  const FaultInjector& faults_;
  Tracer& tracer_;
  std::string caller_;
  std::optional<std::string> region_;  // ARNs of what this client creates carry it
  std::shared_ptr<int> alive_ = std::make_shared<int>(0);
};

}  // namespace meshsim::fakes::internal
