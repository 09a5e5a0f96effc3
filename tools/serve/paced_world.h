// File: tools/serve/paced_world.h
//
// Runs a simulated world::World paced to the wall clock on an asio::io_context, for `meshsim
// serve SCENARIO`: simulated time = wall time since Start() x speed. A steady_timer advances the
// world every `tick`; PacedCloudMapClient also catches the world up right before and after each
// real client's call, so a request sees the state of "now" and a zero-latency answer is sent at
// once. Everything runs on the io_context's thread, one callback at a time.
//
// Example:
//   PacedWorld paced(dispatcher.io_context(), *world, /*speed=*/60);
//   paced.Start([] { std::cout << "the world reached its duration\n"; });
//   PacedCloudMapClient client(paced, *world->cloudmap().NewClient("aws-cli"));
//   dispatcher.Run();
#pragma once

#include <chrono>
#include <functional>
#include <memory>

#include "controller/api/cloudmap_client.h"
#include "controller/live/asio.h"
#include "sim/world/world.h"

namespace meshsim::serve {

class PacedWorld {
 public:
  // `speed` > 0: simulated seconds per wall second. REQUIRES: `io` and `world` outlive this.
  PacedWorld(live::asio::io_context& io, world::World& world, double speed,
             Duration tick = std::chrono::milliseconds(5));
  PacedWorld(const PacedWorld&) = delete;
  PacedWorld& operator=(const PacedWorld&) = delete;

  // Starts the clock and the timer loop; `on_duration` runs once, when the world has reached
  // the scenario's duration (the world keeps running after it).
  void Start(std::function<void()> on_duration);
  // Runs the world to PacedNow(). Does nothing when called from inside the world's own run.
  void CatchUp();
  // The simulated time that corresponds to the wall clock now.
  MonotonicTime PacedNow() const;

 private:
  void Arm();

  world::World& world_;
  double speed_;
  Duration tick_;
  live::asio::steady_timer timer_;
  std::chrono::steady_clock::time_point start_;
  std::function<void()> on_duration_;
  bool running_ = false;
};

// A CloudMapClient that catches the paced world up around every call of the client it wraps
// (one of the world's FakeCloudMap clients), whose callbacks then run inside the world.
class PacedCloudMapClient : public CloudMapClient {
 public:
  // REQUIRES: `paced` outlives this object.
  PacedCloudMapClient(PacedWorld& paced, std::unique_ptr<CloudMapClient> inner)
      : paced_(paced), inner_(std::move(inner)) {}

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
  PacedWorld& paced_;
  std::unique_ptr<CloudMapClient> inner_;
};

}  // namespace meshsim::serve
