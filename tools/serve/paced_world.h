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

  // CloudMapClient: every operation, each forwarded as the .cc's MESHSIM_PACED_CALL says.
#define MESHSIM_PACED_DECLARE(Method, Request, Response) \
  void Method(const Request& req, Callback<Response> cb) override;
  MESHSIM_CLOUDMAP_OPERATIONS(MESHSIM_PACED_DECLARE)
#undef MESHSIM_PACED_DECLARE

 private:
  PacedWorld& paced_;
  std::unique_ptr<CloudMapClient> inner_;
};

}  // namespace meshsim::serve
