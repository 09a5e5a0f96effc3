#include "tools/serve/xds/xds_serving.h"

#include <utility>

#include "fakes/xds/xds_control_plane.h"
#include "tools/serve/xds/ads_server.h"

namespace meshsim::serve::xds {

XdsServing::XdsServing(live::asio::io_context& io, world::World& world, XdsServingOptions options)
    : world_(world),
      options_(std::move(options)),
      timer_(io),
      store_(std::make_unique<SnapshotStore>()) {}

XdsServing::~XdsServing() {
  timer_.cancel();
  if (server_) server_->Shutdown();
}

Status XdsServing::Start() {
  control_plane_ = std::make_unique<fakes::xds::XdsControlPlane>(
      world_.dispatcher(), world_.control_plane(), world_.xds_profile(),
      [this](const std::string& node, const fakes::xds::VersionedResources& r) {
        store_->Publish(node, r);
      });
  control_plane_->Refresh();
  server_ = std::make_unique<AdsServer>(*store_, AdsServerOptions{.address = options_.address,
                                                                  .log = options_.log});
  if (Status s = server_->Start(); !s.ok()) return s;
  Arm();
  return Status::Ok();
}

int XdsServing::port() const { return server_ ? server_->port() : 0; }

void XdsServing::Arm() {
  timer_.expires_after(options_.refresh);
  timer_.async_wait([this](const boost::system::error_code& ec) {
    if (ec) return;
    control_plane_->Refresh();
    Arm();
  });
}

}  // namespace meshsim::serve::xds
