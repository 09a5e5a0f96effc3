// File: tools/serve/asio_dispatcher.cc
#include "tools/serve/asio_dispatcher.h"

#include <memory>

#include "controller/api/check.h"

namespace meshsim::serve {
namespace {

// A Timer on a steady_timer. Each arming bumps a generation; a wait handler runs the callback
// only if its generation is still current and the timer still exists (weak reference).
class ServeTimer : public Timer {
 public:
  ServeTimer(asio::io_context& io, std::function<void()> cb)
      : state_(std::make_shared<State>(io, std::move(cb))) {}
  ~ServeTimer() override { Disable(); }

  void Enable(Duration delay) override {
    MESHSIM_CHECK(delay >= Duration::zero()) << "negative timer delay";
    uint64_t generation = ++state_->generation;
    state_->armed = true;
    state_->timer.expires_after(delay);
    std::weak_ptr<State> weak = state_;
    state_->timer.async_wait([weak, generation](const boost::system::error_code& ec) {
      std::shared_ptr<State> s = weak.lock();
      if (ec || !s || !s->armed || s->generation != generation) return;
      s->armed = false;
      s->cb();
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
    State(asio::io_context& io, std::function<void()> c) : timer(io), cb(std::move(c)) {}
    asio::steady_timer timer;
    std::function<void()> cb;
    uint64_t generation = 0;
    bool armed = false;
  };
  std::shared_ptr<State> state_;
};

}  // namespace

MonotonicTime ServeDispatcher::Now() const {
  return MonotonicTime(std::chrono::duration_cast<Duration>(
      std::chrono::steady_clock::now().time_since_epoch()));
}

SystemTime ServeDispatcher::WallNow() const {
  return std::chrono::time_point_cast<Duration>(std::chrono::system_clock::now());
}

TimerPtr ServeDispatcher::CreateTimer(std::function<void()> cb) {
  return std::make_unique<ServeTimer>(io_, std::move(cb));
}

void ServeDispatcher::Schedule(Duration delay, std::function<void()> cb) {
  MESHSIM_CHECK(delay >= Duration::zero()) << "negative schedule delay";
  auto timer = std::make_shared<asio::steady_timer>(io_, delay);
  timer->async_wait([timer, cb = std::move(cb)](const boost::system::error_code& ec) {
    if (!ec) cb();
  });
}

void ServeDispatcher::Post(std::function<void()> cb) { asio::post(io_, std::move(cb)); }

}  // namespace meshsim::serve
