#include "fakes/cloudmap/fake_cloudmap_client.h"

#include <utility>

namespace meshsim::fakes::internal {
namespace {

// Fields a successful result adds to the call's trace event, after the outcome.
template <class T>
void AddResultFields(TraceEvent&, const T&) {}
void AddResultFields(TraceEvent& event, const cloudmap::OperationIdResponse& r) {
  event.With("operation", r.operation_id);
}
void AddResultFields(TraceEvent& event, const cloudmap::Service& r) { event.With("service", r.id); }
void AddResultFields(TraceEvent& event, const cloudmap::Operation& r) {
  event.With("status", ToString(r.status));
}
void AddResultFields(TraceEvent& event, const cloudmap::DiscoverInstancesResponse& r) {
  event.With("instances", static_cast<int64_t>(r.instances.size()))
      .With("revision", r.instances_revision.value_or(0));
}
void AddResultFields(TraceEvent& event, const cloudmap::DiscoverInstancesRevisionResponse& r) {
  event.With("revision", r.instances_revision);
}

TraceEvent Call(const char* operation, const std::string& caller) {
  TraceEvent event("cloudmap", operation);
  event.With("caller", caller);
  return event;
}

}  // namespace

FakeCloudMapClient::FakeCloudMapClient(Backend& backend, const FaultInjector& faults,
                                       Tracer& tracer, std::string caller,
                                       std::optional<std::string> region)
    : backend_(backend),
      faults_(faults),
      tracer_(tracer),
      caller_(std::move(caller)),
      region_(std::move(region)) {}

template <class T, class Run>
void FakeCloudMapClient::Respond(TraceEvent event, Run run, Callback<T> cb) {
  std::optional<Status> fault = faults_.Check(event.name(), caller_);
  if (!fault) fault = backend_.policy().Admit(event.name(), caller_);
  backend_.SetRequestRegion(region_);
  Result<T> result = fault ? Result<T>(*fault) : Result<T>(run());
  backend_.SetRequestRegion(std::nullopt);
  event.With("outcome", result.ok() ? std::string("ok") : result.status().error_name());
  if (result.ok()) AddResultFields(event, *result);
  tracer_.Record(event);
  Duration latency = backend_.policy().SampleLatency(event.name());
  std::weak_ptr<int> alive = alive_;
  // The result moves to the callback: a DiscoverInstances answer is up to 1,000 instances.
  backend_.dispatcher().Schedule(latency,
                                 [alive, cb = std::move(cb), result = std::move(result)]() mutable {
                                   // a destroyed client's callbacks are dropped
                                   if (alive.lock()) cb(std::move(result));
                                 });
}

void FakeCloudMapClient::CreateHttpNamespace(const cloudmap::CreateHttpNamespaceRequest& req,
                                             Callback<cloudmap::OperationIdResponse> cb) {
  Respond(
      Call("CreateHttpNamespace", caller_).With("name", req.name),
      [&] { return backend_.CreateHttpNamespace(req); }, std::move(cb));
}

void FakeCloudMapClient::CreatePrivateDnsNamespace(
    const cloudmap::CreatePrivateDnsNamespaceRequest& req,
    Callback<cloudmap::OperationIdResponse> cb) {
  Respond(
      Call("CreatePrivateDnsNamespace", caller_).With("name", req.name).With("vpc", req.vpc),
      [&] { return backend_.CreatePrivateDnsNamespace(req); }, std::move(cb));
}

void FakeCloudMapClient::CreatePublicDnsNamespace(
    const cloudmap::CreatePublicDnsNamespaceRequest& req,
    Callback<cloudmap::OperationIdResponse> cb) {
  Respond(
      Call("CreatePublicDnsNamespace", caller_).With("name", req.name),
      [&] { return backend_.CreatePublicDnsNamespace(req); }, std::move(cb));
}

void FakeCloudMapClient::GetNamespace(const cloudmap::GetNamespaceRequest& req,
                                      Callback<cloudmap::Namespace> cb) {
  Respond(
      Call("GetNamespace", caller_).With("namespace", req.id),
      [&] { return backend_.GetNamespace(req); }, std::move(cb));
}

void FakeCloudMapClient::ListNamespaces(const cloudmap::ListNamespacesRequest& req,
                                        Callback<cloudmap::ListNamespacesResponse> cb) {
  Respond(
      Call("ListNamespaces", caller_), [&] { return backend_.ListNamespaces(req); }, std::move(cb));
}

void FakeCloudMapClient::DeleteNamespace(const cloudmap::DeleteNamespaceRequest& req,
                                         Callback<cloudmap::OperationIdResponse> cb) {
  Respond(
      Call("DeleteNamespace", caller_).With("namespace", req.id),
      [&] { return backend_.DeleteNamespace(req); }, std::move(cb));
}

void FakeCloudMapClient::GetOperation(const cloudmap::GetOperationRequest& req,
                                      Callback<cloudmap::Operation> cb) {
  Respond(
      Call("GetOperation", caller_).With("operation", req.operation_id),
      [&] { return backend_.GetOperation(req); }, std::move(cb));
}

void FakeCloudMapClient::ListOperations(const cloudmap::ListOperationsRequest& req,
                                        Callback<cloudmap::ListOperationsResponse> cb) {
  Respond(
      Call("ListOperations", caller_), [&] { return backend_.ListOperations(req); }, std::move(cb));
}

void FakeCloudMapClient::CreateService(const cloudmap::CreateServiceRequest& req,
                                       Callback<cloudmap::Service> cb) {
  Respond(
      Call("CreateService", caller_)
          .With("namespace", req.namespace_id.value_or(""))
          .With("name", req.name),
      [&] { return backend_.CreateService(req); }, std::move(cb));
}

void FakeCloudMapClient::GetService(const cloudmap::GetServiceRequest& req,
                                    Callback<cloudmap::Service> cb) {
  Respond(
      Call("GetService", caller_).With("service", req.id), [&] { return backend_.GetService(req); },
      std::move(cb));
}

void FakeCloudMapClient::ListServices(const cloudmap::ListServicesRequest& req,
                                      Callback<cloudmap::ListServicesResponse> cb) {
  Respond(
      Call("ListServices", caller_), [&] { return backend_.ListServices(req); }, std::move(cb));
}

void FakeCloudMapClient::UpdateService(const cloudmap::UpdateServiceRequest& req,
                                       Callback<cloudmap::OperationIdResponse> cb) {
  Respond(
      Call("UpdateService", caller_).With("service", req.id),
      [&] { return backend_.UpdateService(req); }, std::move(cb));
}

void FakeCloudMapClient::DeleteService(const cloudmap::DeleteServiceRequest& req,
                                       Callback<Empty> cb) {
  Respond(
      Call("DeleteService", caller_).With("service", req.id),
      [&] { return backend_.DeleteService(req); }, std::move(cb));
}

void FakeCloudMapClient::RegisterInstance(const cloudmap::RegisterInstanceRequest& req,
                                          Callback<cloudmap::OperationIdResponse> cb) {
  Respond(
      Call("RegisterInstance", caller_)
          .With("service", req.service_id)
          .With("instance", req.instance_id),
      [&] { return backend_.RegisterInstance(req); }, std::move(cb));
}

void FakeCloudMapClient::DeregisterInstance(const cloudmap::DeregisterInstanceRequest& req,
                                            Callback<cloudmap::OperationIdResponse> cb) {
  Respond(
      Call("DeregisterInstance", caller_)
          .With("service", req.service_id)
          .With("instance", req.instance_id),
      [&] { return backend_.DeregisterInstance(req); }, std::move(cb));
}

void FakeCloudMapClient::GetInstance(const cloudmap::GetInstanceRequest& req,
                                     Callback<cloudmap::GetInstanceResponse> cb) {
  Respond(
      Call("GetInstance", caller_)
          .With("service", req.service_id)
          .With("instance", req.instance_id),
      [&] { return backend_.GetInstance(req); }, std::move(cb));
}

void FakeCloudMapClient::ListInstances(const cloudmap::ListInstancesRequest& req,
                                       Callback<cloudmap::ListInstancesResponse> cb) {
  Respond(
      Call("ListInstances", caller_).With("service", req.service_id),
      [&] { return backend_.ListInstances(req); }, std::move(cb));
}

void FakeCloudMapClient::DiscoverInstances(const cloudmap::DiscoverInstancesRequest& req,
                                           Callback<cloudmap::DiscoverInstancesResponse> cb) {
  Respond(
      Call("DiscoverInstances", caller_)
          .With("namespace", req.namespace_name)
          .With("service", req.service_name),
      [&] {
        return backend_.DiscoverInstances(req, /*randomize=*/true,
                                          backend_.policy().ViewTime(caller_));
      },
      std::move(cb));
}

void FakeCloudMapClient::DiscoverInstancesRevision(
    const cloudmap::DiscoverInstancesRevisionRequest& req,
    Callback<cloudmap::DiscoverInstancesRevisionResponse> cb) {
  Respond(
      Call("DiscoverInstancesRevision", caller_)
          .With("namespace", req.namespace_name)
          .With("service", req.service_name),
      [&] { return backend_.DiscoverInstancesRevision(req, backend_.policy().ViewTime(caller_)); },
      std::move(cb));
}

void FakeCloudMapClient::GetInstancesHealthStatus(
    const cloudmap::GetInstancesHealthStatusRequest& req,
    Callback<cloudmap::GetInstancesHealthStatusResponse> cb) {
  Respond(
      Call("GetInstancesHealthStatus", caller_).With("service", req.service_id),
      [&] { return backend_.GetInstancesHealthStatus(req); }, std::move(cb));
}

void FakeCloudMapClient::UpdateInstanceCustomHealthStatus(
    const cloudmap::UpdateInstanceCustomHealthStatusRequest& req, Callback<Empty> cb) {
  Respond(
      Call("UpdateInstanceCustomHealthStatus", caller_)
          .With("service", req.service_id)
          .With("instance", req.instance_id)
          .With("status", ToString(req.status)),
      [&] { return backend_.UpdateInstanceCustomHealthStatus(req); }, std::move(cb));
}

}  // namespace meshsim::fakes::internal
