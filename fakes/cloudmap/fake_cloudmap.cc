#include "fakes/cloudmap/fake_cloudmap.h"

#include <utility>

#include "fakes/cloudmap/backend.h"
#include "fakes/cloudmap/fake_cloudmap_client.h"

namespace meshsim::fakes {

FakeCloudMap::FakeCloudMap(Dispatcher& dispatcher, Random& random, Tracer& tracer,
                           CloudMapOptions options)
    : tracer_(tracer),
      backend_(
          std::make_unique<internal::Backend>(dispatcher, random, tracer, std::move(options))) {}

FakeCloudMap::~FakeCloudMap() = default;

std::unique_ptr<CloudMapClient> FakeCloudMap::NewClient(std::string caller,
                                                        std::optional<std::string> region) {
  return std::make_unique<internal::FakeCloudMapClient>(*backend_, faults_, tracer_,
                                                        std::move(caller), std::move(region));
}

Result<cloudmap::DiscoverInstancesResponse> FakeCloudMap::DiscoverInstancesNow(
    const cloudmap::DiscoverInstancesRequest& req) {
  return backend_->DiscoverInstances(req, /*randomize=*/false);
}

Result<cloudmap::ListNamespacesResponse> FakeCloudMap::ListNamespacesNow() {
  return cloudmap::ListNamespacesResponse{backend_->AllNamespaces(), std::nullopt};
}

Result<std::vector<cloudmap::Service>> FakeCloudMap::ListServicesNow(
    const std::string& namespace_id) {
  return backend_->AllServices(namespace_id);
}

Result<std::vector<cloudmap::Instance>> FakeCloudMap::ListInstancesNow(
    const std::string& service_id) {
  return backend_->AllInstances(service_id);
}

Result<cloudmap::Namespace> FakeCloudMap::CreateNamespaceNow(const std::string& name,
                                                             cloudmap::NamespaceType type,
                                                             const std::string& vpc) {
  return backend_->CreateNamespaceNow(name, type, vpc);
}

void FakeCloudMap::SetFault(std::string operation_or_star, std::optional<Status> error,
                            std::optional<std::string> caller) {
  faults_.Set(operation_or_star, std::move(error), caller);
}

void FakeCloudMap::SetFaultHook(FaultHook hook) { faults_.SetHook(std::move(hook)); }

void FakeCloudMap::SetLatency(const std::string& operation_or_star,
                              std::optional<Distribution> latency) {
  backend_->policy().SetLatency(operation_or_star, latency);
}

void FakeCloudMap::SetRateLimit(const std::string& operation_or_star,
                                std::optional<RateLimit> limit) {
  backend_->policy().SetRateLimit(operation_or_star, limit);
}

int64_t FakeCloudMap::AddErrorInjection(ErrorInjection injection) {
  return backend_->policy().AddError(std::move(injection));
}

bool FakeCloudMap::RemoveErrorInjection(int64_t id) { return backend_->policy().RemoveError(id); }

void FakeCloudMap::ClearErrorInjections() { backend_->policy().ClearErrors(); }

void FakeCloudMap::SetPropagationDelay(Distribution delay) {
  backend_->SetPropagationDelay(delay);
}

DnsAnswer FakeCloudMap::ResolveDnsNow(const std::string& name, cloudmap::RecordType type,
                                      Random* shuffle) const {
  return backend_->ResolveDns(name, type, shuffle);
}

const CloudMapOptions& FakeCloudMap::options() const { return backend_->options(); }

}  // namespace meshsim::fakes
