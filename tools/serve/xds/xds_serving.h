// File: tools/serve/xds/xds_serving.h
//
// `meshsim serve SCENARIO --xds-port PORT`: the ADS server fed from the paced world's App Mesh
// control plane model, with the timing of the scenario's profile (settings.control_plane.profile,
// fakes/xds/xds_profile.h). Every `refresh` of wall time, on the serving event loop (the world's
// thread), the model is re-read and what changed is published; real clients then get it over
// gRPC at once. Node id = pod name selects that pod's Envoy view; other ids get the mesh view.
//
// Example:
//   XdsServing xds(dispatcher.io_context(), world, {.address = "127.0.0.1:0"});
//   if (Status s = xds.Start(); !s.ok()) ...;
//   std::cout << "serving xDS at 127.0.0.1:" << xds.port();
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "controller/api/status.h"
#include "controller/live/asio.h"
#include "sim/world/world.h"

namespace meshsim::fakes::xds {
class XdsControlPlane;
}  // namespace meshsim::fakes::xds

namespace meshsim::serve::xds {

class AdsServer;
class SnapshotStore;

struct XdsServingOptions {
  std::string address = "127.0.0.1:0";
  // The server's protocol log (one line per request, response, ACK, NACK); may be empty.
  std::function<void(const std::string&)> log;
  std::chrono::milliseconds refresh{10};
};

class XdsServing {
 public:
  // REQUIRES: `io` and `world` outlive this object; `world` is only touched on `io`'s thread.
  XdsServing(live::asio::io_context& io, world::World& world, XdsServingOptions options);
  ~XdsServing();
  XdsServing(const XdsServing&) = delete;
  XdsServing& operator=(const XdsServing&) = delete;

  // Publishes the first snapshots, binds and starts refreshing.
  Status Start();
  int port() const;

 private:
  void Arm();

  world::World& world_;
  XdsServingOptions options_;
  live::asio::steady_timer timer_;
  std::unique_ptr<SnapshotStore> store_;
  std::unique_ptr<fakes::xds::XdsControlPlane> control_plane_;
  std::unique_ptr<AdsServer> server_;
};

}  // namespace meshsim::serve::xds
