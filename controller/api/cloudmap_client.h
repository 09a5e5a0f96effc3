// File: controller/api/cloudmap_client.h
//
// The Cloud Map API as the controller and the App Mesh control plane model call it. Every call
// is asynchronous: the callback runs exactly once, on the caller's Dispatcher, never before the
// call returns. Errors are Status values whose error_name() is the AWS error code
// ("ServiceNotFound", "ThrottlingException", "AccessDeniedException").
// Implementations: fakes::FakeCloudMap's clients (in memory, simulated latency and faults) and
// live::HttpCloudMapClient (AWS JSON 1.1 over HTTP, SigV4).
//
// Example:
//   client.RegisterInstance({.service_id = id, .instance_id = ip, .attributes = attrs},
//                           [this](Result<cloudmap::OperationIdResponse> r) { ... });
#pragma once

#include <functional>

#include "controller/api/cloudmap_types.h"
#include "controller/api/status.h"

namespace meshsim {

template <class T>
using Callback = std::function<void(Result<T>)>;

class CloudMapClient {
 public:
  virtual ~CloudMapClient() = default;

  // Namespaces
  virtual void CreateHttpNamespace(const cloudmap::CreateHttpNamespaceRequest& req,
                                   Callback<cloudmap::OperationIdResponse> cb) = 0;
  virtual void CreatePrivateDnsNamespace(const cloudmap::CreatePrivateDnsNamespaceRequest& req,
                                         Callback<cloudmap::OperationIdResponse> cb) = 0;
  virtual void CreatePublicDnsNamespace(const cloudmap::CreatePublicDnsNamespaceRequest& req,
                                        Callback<cloudmap::OperationIdResponse> cb) = 0;
  virtual void GetNamespace(const cloudmap::GetNamespaceRequest& req,
                            Callback<cloudmap::Namespace> cb) = 0;
  virtual void ListNamespaces(const cloudmap::ListNamespacesRequest& req,
                              Callback<cloudmap::ListNamespacesResponse> cb) = 0;
  virtual void DeleteNamespace(const cloudmap::DeleteNamespaceRequest& req,
                               Callback<cloudmap::OperationIdResponse> cb) = 0;

  // Operations
  virtual void GetOperation(const cloudmap::GetOperationRequest& req,
                            Callback<cloudmap::Operation> cb) = 0;
  virtual void ListOperations(const cloudmap::ListOperationsRequest& req,
                              Callback<cloudmap::ListOperationsResponse> cb) = 0;

  // Services
  virtual void CreateService(const cloudmap::CreateServiceRequest& req,
                             Callback<cloudmap::Service> cb) = 0;
  virtual void GetService(const cloudmap::GetServiceRequest& req,
                          Callback<cloudmap::Service> cb) = 0;
  virtual void ListServices(const cloudmap::ListServicesRequest& req,
                            Callback<cloudmap::ListServicesResponse> cb) = 0;
  virtual void UpdateService(const cloudmap::UpdateServiceRequest& req,
                             Callback<cloudmap::OperationIdResponse> cb) = 0;
  virtual void DeleteService(const cloudmap::DeleteServiceRequest& req, Callback<Empty> cb) = 0;

  // Instances
  virtual void RegisterInstance(const cloudmap::RegisterInstanceRequest& req,
                                Callback<cloudmap::OperationIdResponse> cb) = 0;
  virtual void DeregisterInstance(const cloudmap::DeregisterInstanceRequest& req,
                                  Callback<cloudmap::OperationIdResponse> cb) = 0;
  virtual void GetInstance(const cloudmap::GetInstanceRequest& req,
                           Callback<cloudmap::GetInstanceResponse> cb) = 0;
  virtual void ListInstances(const cloudmap::ListInstancesRequest& req,
                             Callback<cloudmap::ListInstancesResponse> cb) = 0;

  // Discovery (data plane)
  virtual void DiscoverInstances(const cloudmap::DiscoverInstancesRequest& req,
                                 Callback<cloudmap::DiscoverInstancesResponse> cb) = 0;
  virtual void DiscoverInstancesRevision(const cloudmap::DiscoverInstancesRevisionRequest& req,
                                         Callback<cloudmap::DiscoverInstancesRevisionResponse> cb) = 0;

  // Health
  virtual void GetInstancesHealthStatus(const cloudmap::GetInstancesHealthStatusRequest& req,
                                        Callback<cloudmap::GetInstancesHealthStatusResponse> cb) = 0;
  virtual void UpdateInstanceCustomHealthStatus(
      const cloudmap::UpdateInstanceCustomHealthStatusRequest& req, Callback<Empty> cb) = 0;
};

}  // namespace meshsim

// Every operation of CloudMapClient as X(Method, Request, Response), in declaration order, for
// implementations that treat all operations alike (forwarding wrappers): they expand this list
// instead of spelling out the 21 signatures again.
#define MESHSIM_CLOUDMAP_OPERATIONS(X)                                                        \
  X(CreateHttpNamespace, cloudmap::CreateHttpNamespaceRequest, cloudmap::OperationIdResponse) \
  X(CreatePrivateDnsNamespace, cloudmap::CreatePrivateDnsNamespaceRequest,                    \
    cloudmap::OperationIdResponse)                                                            \
  X(CreatePublicDnsNamespace, cloudmap::CreatePublicDnsNamespaceRequest,                      \
    cloudmap::OperationIdResponse)                                                            \
  X(GetNamespace, cloudmap::GetNamespaceRequest, cloudmap::Namespace)                         \
  X(ListNamespaces, cloudmap::ListNamespacesRequest, cloudmap::ListNamespacesResponse)        \
  X(DeleteNamespace, cloudmap::DeleteNamespaceRequest, cloudmap::OperationIdResponse)         \
  X(GetOperation, cloudmap::GetOperationRequest, cloudmap::Operation)                         \
  X(ListOperations, cloudmap::ListOperationsRequest, cloudmap::ListOperationsResponse)        \
  X(CreateService, cloudmap::CreateServiceRequest, cloudmap::Service)                         \
  X(GetService, cloudmap::GetServiceRequest, cloudmap::Service)                               \
  X(ListServices, cloudmap::ListServicesRequest, cloudmap::ListServicesResponse)              \
  X(UpdateService, cloudmap::UpdateServiceRequest, cloudmap::OperationIdResponse)             \
  X(DeleteService, cloudmap::DeleteServiceRequest, Empty)                                     \
  X(RegisterInstance, cloudmap::RegisterInstanceRequest, cloudmap::OperationIdResponse)       \
  X(DeregisterInstance, cloudmap::DeregisterInstanceRequest, cloudmap::OperationIdResponse)   \
  X(GetInstance, cloudmap::GetInstanceRequest, cloudmap::GetInstanceResponse)                 \
  X(ListInstances, cloudmap::ListInstancesRequest, cloudmap::ListInstancesResponse)           \
  X(DiscoverInstances, cloudmap::DiscoverInstancesRequest, cloudmap::DiscoverInstancesResponse) \
  X(DiscoverInstancesRevision, cloudmap::DiscoverInstancesRevisionRequest,                    \
    cloudmap::DiscoverInstancesRevisionResponse)                                              \
  X(GetInstancesHealthStatus, cloudmap::GetInstancesHealthStatusRequest,                      \
    cloudmap::GetInstancesHealthStatusResponse)                                               \
  X(UpdateInstanceCustomHealthStatus, cloudmap::UpdateInstanceCustomHealthStatusRequest, Empty)
