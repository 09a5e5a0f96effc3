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
  AsioTimer(AsioDispatcher& d, std::function<void()> cb)
      : state_(std::make_shared<State>(d, std::move(cb))) {}
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
      // May destroy the AsioTimer; `state` keeps the callback alive until it returns.
      state->dispatcher.RunTurn(state->cb);
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
    State(AsioDispatcher& d, std::function<void()> callback)
        : dispatcher(d), timer(d.io_context()), cb(std::move(callback)) {}
    AsioDispatcher& dispatcher;
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
  if (turn_now_) return *turn_now_;
  return MonotonicTime(std::chrono::duration_cast<Duration>(
      std::chrono::steady_clock::now() - epoch_));
}

SystemTime AsioDispatcher::WallNow() const {
  return std::chrono::time_point_cast<Duration>(std::chrono::system_clock::now());
}

TimerPtr AsioDispatcher::CreateTimer(std::function<void()> cb) {
  return std::make_unique<AsioTimer>(*this, std::move(cb));
}

void AsioDispatcher::Schedule(Duration delay, std::function<void()> cb) {
  MESHSIM_CHECK(delay >= Duration::zero()) << "negative schedule delay " << delay.count();
  scheduled_.emplace(std::make_pair(Now() + delay, next_seq_++), std::move(cb));
  ArmScheduleTimer();
}

void AsioDispatcher::ArmScheduleTimer() {
  if (scheduled_.empty()) return;
  MonotonicTime first = scheduled_.begin()->first.first;
  if (armed_for_ && *armed_for_ <= first) return;
  armed_for_ = first;
  uint64_t generation = ++schedule_generation_;
  schedule_timer_.expires_at(
      epoch_ + std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                   first.time_since_epoch()));
  schedule_timer_.async_wait([this, generation](const boost::system::error_code& ec) {
    if (ec || generation != schedule_generation_) return;  // re-armed or cancelled
    armed_for_.reset();
    RunDueScheduled();
  });
}

void AsioDispatcher::RunDueScheduled() {
  MonotonicTime now = Now();
  while (!scheduled_.empty() && scheduled_.begin()->first.first <= now) {
    auto node = scheduled_.extract(scheduled_.begin());
    RunTurn(node.mapped());  // may schedule more; they run in their own turn
  }
  ArmScheduleTimer();
}

void AsioDispatcher::RunTurn(const std::function<void()>& cb) {
  if (turn_now_) return cb();  // already inside a turn (a nested run): keep its time
  turn_now_ = Now();
  struct Reset {
    std::optional<MonotonicTime>& t;
    ~Reset() { t.reset(); }
  } reset{turn_now_};
  cb();
}

void AsioDispatcher::Post(std::function<void()> cb) {
  asio::post(io_, [this, cb = std::move(cb)] { RunTurn(cb); });
}

}  // namespace meshsim::live
