// File: fakes/cloudmap/backend.h
//
// The synchronous core of FakeCloudMap: every Cloud Map operation as a function from request to
// Result over the Store, with AWS's validation, errors and asynchronous-operation lifecycle.
// It knows nothing about callers or latency; FakeCloudMapClient adds those. Its members are
// implemented in one .cc per API area (namespaces, services, instances, discover, health,
// operations).
//
// Example:
//   internal::Backend backend(dispatcher, random, tracer, options);
//   Result<cloudmap::OperationIdResponse> op = backend.RegisterInstance(req);
//   dispatcher.RunFor(std::chrono::seconds(5));  // the operation reaches SUCCESS
#pragma once

#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "controller/api/cloudmap_types.h"
#include "controller/api/dispatcher.h"
#include "controller/api/random.h"
#include "controller/api/status.h"
#include "controller/api/tracer.h"
#include "fakes/cloudmap/call_policy.h"
#include "fakes/cloudmap/cloudmap_options.h"
#include "fakes/cloudmap/dns_answer.h"
#include "fakes/cloudmap/store.h"

namespace meshsim::fakes::internal {

class Backend {
 public:
  Backend(Dispatcher& dispatcher, Random& random, Tracer& tracer, CloudMapOptions options);
  Backend(const Backend&) = delete;
  Backend& operator=(const Backend&) = delete;

  // Namespaces (backend_namespaces.cc)
  Result<cloudmap::OperationIdResponse> CreateHttpNamespace(
      const cloudmap::CreateHttpNamespaceRequest& req);
  Result<cloudmap::OperationIdResponse> CreatePrivateDnsNamespace(
      const cloudmap::CreatePrivateDnsNamespaceRequest& req);
  Result<cloudmap::OperationIdResponse> CreatePublicDnsNamespace(
      const cloudmap::CreatePublicDnsNamespaceRequest& req);
  Result<cloudmap::Namespace> GetNamespace(const cloudmap::GetNamespaceRequest& req);
  Result<cloudmap::ListNamespacesResponse> ListNamespaces(
      const cloudmap::ListNamespacesRequest& req);
  Result<cloudmap::OperationIdResponse> DeleteNamespace(
      const cloudmap::DeleteNamespaceRequest& req);
  // Creates a namespace at once, with no operation (scenario set-up).
  Result<cloudmap::Namespace> CreateNamespaceNow(const std::string& name,
                                                 cloudmap::NamespaceType type,
                                                 const std::string& vpc);

  // Operations (backend_operations.cc)
  Result<cloudmap::Operation> GetOperation(const cloudmap::GetOperationRequest& req);
  Result<cloudmap::ListOperationsResponse> ListOperations(
      const cloudmap::ListOperationsRequest& req);

  // Services (backend_services.cc)
  Result<cloudmap::Service> CreateService(const cloudmap::CreateServiceRequest& req);
  Result<cloudmap::Service> GetService(const cloudmap::GetServiceRequest& req);
  Result<cloudmap::ListServicesResponse> ListServices(const cloudmap::ListServicesRequest& req);
  Result<cloudmap::OperationIdResponse> UpdateService(const cloudmap::UpdateServiceRequest& req);
  Result<Empty> DeleteService(const cloudmap::DeleteServiceRequest& req);

  // Instances (backend_instances.cc)
  Result<cloudmap::OperationIdResponse> RegisterInstance(
      const cloudmap::RegisterInstanceRequest& req);
  Result<cloudmap::OperationIdResponse> DeregisterInstance(
      const cloudmap::DeregisterInstanceRequest& req);
  Result<cloudmap::GetInstanceResponse> GetInstance(const cloudmap::GetInstanceRequest& req);
  Result<cloudmap::ListInstancesResponse> ListInstances(const cloudmap::ListInstancesRequest& req);
  // All listed instances of a service, sorted by id.
  Result<std::vector<cloudmap::Instance>> AllInstances(const std::string& service_id);

  // Discovery (backend_discover.cc). `randomize` shuffles with the Random stream as AWS does;
  // without it the instances come sorted by InstanceId (the simulator's stable view). With
  // `as_of`, the instances and revision are the service's as of that time (propagation delay).
  Result<cloudmap::DiscoverInstancesResponse> DiscoverInstances(
      const cloudmap::DiscoverInstancesRequest& req, bool randomize,
      std::optional<MonotonicTime> as_of = std::nullopt);
  Result<cloudmap::DiscoverInstancesRevisionResponse> DiscoverInstancesRevision(
      const cloudmap::DiscoverInstancesRevisionRequest& req,
      std::optional<MonotonicTime> as_of = std::nullopt);

  // DNS (backend_dns.cc): Route 53's answer for `name` and `type` from the current state.
  // With `shuffle`, the instances are drawn from it as Route 53 does; without, the first ones
  // by InstanceId are answered (a stable view).
  DnsAnswer ResolveDns(const std::string& name, cloudmap::RecordType type, Random* shuffle) const;

  // Propagation (backend_discover.cc): turns the history of discoverable states on (a
  // non-zero delay: every service's state is recorded from now) or off (history dropped).
  void SetPropagationDelay(Distribution delay);

  // Health (backend_health.cc)
  Result<cloudmap::GetInstancesHealthStatusResponse> GetInstancesHealthStatus(
      const cloudmap::GetInstancesHealthStatusRequest& req);
  Result<Empty> UpdateInstanceCustomHealthStatus(
      const cloudmap::UpdateInstanceCustomHealthStatusRequest& req);

  // All namespaces (no paging) and all services of one namespace, sorted by id.
  std::vector<cloudmap::Namespace> AllNamespaces() const;
  Result<std::vector<cloudmap::Service>> AllServices(const std::string& namespace_id) const;

  const CloudMapOptions& options() const { return options_; }
  Dispatcher& dispatcher() { return dispatcher_; }
  Random& random() { return random_; }
  CallPolicy& policy() { return policy_; }
  // The region of the request being run (from its SigV4 scope; std::nullopt: options.region),
  // which the ARNs of resources it creates carry. Set by the client around each call.
  void SetRequestRegion(std::optional<std::string> region) { request_region_ = std::move(region); }
  const std::string& arn_region() const {
    return request_region_ ? *request_region_ : options_.region;
  }

 private:
  struct NamespaceDraft {
    std::string name;
    cloudmap::NamespaceType type = cloudmap::NamespaceType::kHttp;
    std::optional<std::string> vpc;
    std::optional<std::string> creator_request_id;
    std::optional<std::string> description;
    std::optional<int64_t> soa_ttl;
  };

  // backend_namespaces.cc
  Result<cloudmap::OperationIdResponse> StartCreateNamespace(const NamespaceDraft& draft);
  Status CheckNamespaceConflict(const NamespaceDraft& draft) const;
  NamespaceRecord BuildNamespace(const NamespaceDraft& draft);
  void InsertNamespace(NamespaceRecord record);
  // Erases a namespace and its entry in the HttpName index.
  void EraseNamespace(std::map<std::string, NamespaceRecord>::iterator it);
  // The ids of the namespace's services, sorted (empty for an unknown namespace).
  const std::set<std::string>& ServicesOf(const std::string& namespace_id) const;
  cloudmap::Namespace NamespaceOut(const NamespaceRecord& record) const;

  // backend_services.cc
  cloudmap::Service ServiceOut(const ServiceRecord& record, bool summary) const;
  ServiceRecord* FindService(const std::string& id_or_arn);
  // Stores a new service (and indexes it by namespace); erases one.
  ServiceRecord& AddService(ServiceRecord record);
  void EraseService(const std::string& id);
  const NamespaceRecord* FindNamespace(const std::string& id_or_arn) const;

  // backend_instances.cc
  std::optional<OperationFailure> ApplyRegister(const std::string& service_id,
                                                const cloudmap::Instance& instance,
                                                const std::string& operation_id);
  std::optional<OperationFailure> ApplyDeregister(const std::string& service_id,
                                                  const std::string& instance_id,
                                                  const std::string& operation_id);
  int32_t InstancesInNamespace(const std::string& namespace_id) const;

  // backend_discover.cc: the service's discoverable state as of `as_of` (now when absent or
  // when no history is kept).
  struct DiscoverView {
    int64_t revision = 0;
    const InstanceMap* instances = nullptr;
  };
  DiscoverView ViewOf(const ServiceRecord& service, std::optional<MonotonicTime> as_of) const;
  // `instances` (the service's, now or in the past) as DiscoverInstances answers them.
  DiscoverableInstances BuildDiscoverable(const ServiceRecord& service,
                                          const InstanceMap& instances,
                                          const std::string& http_name) const;
  // The service's current instances as answered, from its cache (built when missing).
  std::shared_ptr<const DiscoverableInstances> Discoverable(const ServiceRecord& service,
                                                            const std::string& http_name) const;
  // Adds (or removes) `instance`'s attributes to (from) the service's attribute index.
  static void IndexAttributes(ServiceRecord& service, const InstanceRecord& instance, bool add);
  // Appends the service's current state to its history while propagation is on.
  void RecordSnapshot(ServiceRecord& service);
  // After a change of the instances or their health: drops the cached answer and records the
  // new state (RecordSnapshot).
  void DiscoverableStateChanged(ServiceRecord& service);
  const ServiceRecord* FindDiscoverable(const std::string& namespace_name,
                                        const std::string& service_name) const;

  // backend_health.cc
  cloudmap::HealthStatus EffectiveHealth(const ServiceRecord& service,
                                         const InstanceRecord& instance) const;
  void ApplyPendingHealth(const std::string& service_id, const std::string& instance_id,
                          uint64_t generation);

  // backend_operations.cc: starts an operation SUBMITTED now, PENDING after
  // operation_pending_after, then runs `effect` and ends SUCCESS or FAIL after
  // operation_duration. `inflight_key` is held until then.
  std::string StartOperation(cloudmap::OperationType type,
                             std::map<std::string, std::string> targets,
                             const std::string& inflight_key, OperationEffect effect);
  void SetOperationStatus(const std::string& id, cloudmap::OperationStatus status);
  void TraceOperation(const cloudmap::Operation& op);
  void FinishOperation(const std::string& id);
  // Runs `fn` after `delay` unless the Backend is gone by then.
  void After(Duration delay, std::function<void()> fn);

  Dispatcher& dispatcher_;
  Random& random_;
  Tracer& tracer_;
  CloudMapOptions options_;
  CallPolicy policy_;  // reads options_
  std::optional<std::string> request_region_;
  Store store_;
  std::shared_ptr<int> alive_ = std::make_shared<int>(0);
};

}  // namespace meshsim::fakes::internal
