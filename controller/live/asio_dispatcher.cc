#include "controller/live/asio_dispatcher.h"

#include <memory>

#include "controller/api/check.h"

namespace meshsim::live {
namespace {

// A Timer on an asio::steady_timer. The wait handler holds only a weak reference to the
// state and the arming generation it was started for, so a handler left over from an earlier
// arming (or one that outlives the Timer) never runs the callback.
class AsioTimer : public Timer {
 public:
  AsioTimer(asio::io_context& io, std::function<void()> cb)
      : state_(std::make_shared<State>(io, std::move(cb))) {}
  ~AsioTimer() override { Disable(); }

  void Enable(Duration delay) override {
    MESHSIM_CHECK(delay >= Duration::zero()) << "negative timer delay " << delay.count();
    uint64_t generation = ++state_->generation;
    state_->armed = true;
    state_->timer.expires_after(delay);
    std::weak_ptr<State> weak = state_;
    state_->timer.async_wait([weak, generation](const boost::system::error_code& ec) {
      std::shared_ptr<State> state = weak.lock();
      if (ec || !state || !state->armed || state->generation != generation) return;
      state->armed = false;
      state->cb();  // may destroy the AsioTimer; `state` keeps the callback alive until it returns
    });
  }
  void Disable() override {
    if (!state_->armed) return;
    state_->armed = false;
    ++state_->generation;
    state_->timer.cancel();
  }
  bool Enabled() const override { return state_->armed; }

 private:
  struct State {
    State(asio::io_context& io, std::function<void()> callback)
        : timer(io), cb(std::move(callback)) {}
    asio::steady_timer timer;
    std::function<void()> cb;
    uint64_t generation = 0;
    bool armed = false;
  };
  std::shared_ptr<State> state_;
};

}  // namespace

size_t AsioDispatcher::Run() {
  if (io_.stopped()) io_.restart();
  return io_.run();
}

size_t AsioDispatcher::RunFor(Duration limit) {
  if (io_.stopped()) io_.restart();
  return io_.run_for(limit);
}

MonotonicTime AsioDispatcher::Now() const {
  return MonotonicTime(std::chrono::duration_cast<Duration>(
      std::chrono::steady_clock::now() - epoch_));
}

SystemTime AsioDispatcher::WallNow() const {
  return std::chrono::time_point_cast<Duration>(std::chrono::system_clock::now());
}

TimerPtr AsioDispatcher::CreateTimer(std::function<void()> cb) {
  return std::make_unique<AsioTimer>(io_, std::move(cb));
}

void AsioDispatcher::Schedule(Duration delay, std::function<void()> cb) {
  MESHSIM_CHECK(delay >= Duration::zero()) << "negative schedule delay " << delay.count();
  auto timer = std::make_shared<asio::steady_timer>(io_, delay);
  timer->async_wait([timer, cb = std::move(cb)](const boost::system::error_code& ec) {
    if (!ec) cb();
  });
}

void AsioDispatcher::Post(std::function<void()> cb) { asio::post(io_, std::move(cb)); }

}  // namespace meshsim::live
