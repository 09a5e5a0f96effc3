#include "tools/serve/paced_world.h"

#include <utility>

namespace meshsim::serve {

PacedWorld::PacedWorld(live::asio::io_context& io, world::World& world, double speed,
                       Duration tick)
    : world_(world), speed_(speed), tick_(tick), timer_(io) {}

void PacedWorld::Start(std::function<void()> on_duration) {
  start_ = std::chrono::steady_clock::now();
  on_duration_ = std::move(on_duration);
  Arm();
}

MonotonicTime PacedWorld::PacedNow() const {
  auto wall = std::chrono::steady_clock::now() - start_;
  auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(wall).count();
  return MonotonicTime(Duration(static_cast<int64_t>(static_cast<double>(ns) * speed_)));
}

void PacedWorld::CatchUp() {
  if (running_) return;  // a call made from inside the world's run
  running_ = true;
  world_.RunUntil(PacedNow());
  running_ = false;
  if (on_duration_ && world_.Now().time_since_epoch() >= world_.duration()) {
    std::function<void()> once = std::move(on_duration_);
    on_duration_ = nullptr;
    once();
  }
}

void PacedWorld::Arm() {
  timer_.expires_after(tick_);
  timer_.async_wait([this](const boost::system::error_code& ec) {
    if (ec) return;  // cancelled: the io_context is stopping
    CatchUp();
    Arm();
  });
}

// Each call: bring the world to now, hand the call to the world's client, then run what is due
// (a zero-latency answer goes out at once; later ones on the timer loop).
#define MESHSIM_PACED_CALL(Method, Request, Response)                   \
  void PacedCloudMapClient::Method(const Request& req, Callback<Response> cb) { \
    paced_.CatchUp();                                                   \
    inner_->Method(req, std::move(cb));                                 \
    paced_.CatchUp();                                                   \
  }

MESHSIM_PACED_CALL(CreateHttpNamespace, cloudmap::CreateHttpNamespaceRequest,
                   cloudmap::OperationIdResponse)
MESHSIM_PACED_CALL(CreatePrivateDnsNamespace, cloudmap::CreatePrivateDnsNamespaceRequest,
                   cloudmap::OperationIdResponse)
MESHSIM_PACED_CALL(CreatePublicDnsNamespace, cloudmap::CreatePublicDnsNamespaceRequest,
                   cloudmap::OperationIdResponse)
MESHSIM_PACED_CALL(GetNamespace, cloudmap::GetNamespaceRequest, cloudmap::Namespace)
MESHSIM_PACED_CALL(ListNamespaces, cloudmap::ListNamespacesRequest,
                   cloudmap::ListNamespacesResponse)
MESHSIM_PACED_CALL(DeleteNamespace, cloudmap::DeleteNamespaceRequest,
                   cloudmap::OperationIdResponse)
MESHSIM_PACED_CALL(GetOperation, cloudmap::GetOperationRequest, cloudmap::Operation)
MESHSIM_PACED_CALL(ListOperations, cloudmap::ListOperationsRequest,
                   cloudmap::ListOperationsResponse)
MESHSIM_PACED_CALL(CreateService, cloudmap::CreateServiceRequest, cloudmap::Service)
MESHSIM_PACED_CALL(GetService, cloudmap::GetServiceRequest, cloudmap::Service)
MESHSIM_PACED_CALL(ListServices, cloudmap::ListServicesRequest, cloudmap::ListServicesResponse)
MESHSIM_PACED_CALL(UpdateService, cloudmap::UpdateServiceRequest, cloudmap::OperationIdResponse)
MESHSIM_PACED_CALL(DeleteService, cloudmap::DeleteServiceRequest, Empty)
MESHSIM_PACED_CALL(RegisterInstance, cloudmap::RegisterInstanceRequest,
                   cloudmap::OperationIdResponse)
MESHSIM_PACED_CALL(DeregisterInstance, cloudmap::DeregisterInstanceRequest,
                   cloudmap::OperationIdResponse)
MESHSIM_PACED_CALL(GetInstance, cloudmap::GetInstanceRequest, cloudmap::GetInstanceResponse)
MESHSIM_PACED_CALL(ListInstances, cloudmap::ListInstancesRequest,
                   cloudmap::ListInstancesResponse)
MESHSIM_PACED_CALL(DiscoverInstances, cloudmap::DiscoverInstancesRequest,
                   cloudmap::DiscoverInstancesResponse)
MESHSIM_PACED_CALL(DiscoverInstancesRevision, cloudmap::DiscoverInstancesRevisionRequest,
                   cloudmap::DiscoverInstancesRevisionResponse)
MESHSIM_PACED_CALL(GetInstancesHealthStatus, cloudmap::GetInstancesHealthStatusRequest,
                   cloudmap::GetInstancesHealthStatusResponse)
MESHSIM_PACED_CALL(UpdateInstanceCustomHealthStatus,
                   cloudmap::UpdateInstanceCustomHealthStatusRequest, Empty)

#undef MESHSIM_PACED_CALL

}  // namespace meshsim::serve
