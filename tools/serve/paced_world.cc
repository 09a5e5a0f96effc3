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

MESHSIM_CLOUDMAP_OPERATIONS(MESHSIM_PACED_CALL)

#undef MESHSIM_PACED_CALL

}  // namespace meshsim::serve
