#include "tests/support/manual_dispatcher.h"

#include "controller/api/check.h"

namespace meshsim::testing {

class ManualTimer : public Timer {
 public:
  ManualTimer(ManualDispatcher& d, std::function<void()> cb) : d_(d), cb_(std::move(cb)) {}
  ~ManualTimer() override { Disable(); }
  void Enable(Duration delay) override {
    Disable();
    armed_ = true;
    key_ = d_.Add(delay, [this] {
      armed_ = false;
      cb_();
    });
  }
  void Disable() override {
    if (armed_) d_.Cancel(key_);
    armed_ = false;
  }
  bool Enabled() const override { return armed_; }

 private:
  ManualDispatcher& d_;
  std::function<void()> cb_;
  bool armed_ = false;
  ManualDispatcher::Key key_{};
};

SystemTime ManualDispatcher::WallNow() const {
  // 2026-01-01T00:00:00Z plus simulated time, like the simulator's default epoch.
  return SystemTime(std::chrono::seconds(1767225600)) + now_.time_since_epoch();
}

TimerPtr ManualDispatcher::CreateTimer(std::function<void()> cb) {
  return std::make_unique<ManualTimer>(*this, std::move(cb));
}

void ManualDispatcher::Schedule(Duration delay, std::function<void()> cb) {
  Add(delay, std::move(cb));
}

ManualDispatcher::Key ManualDispatcher::Add(Duration delay, std::function<void()> cb) {
  MESHSIM_CHECK(delay >= Duration(0)) << "negative delay " << delay.count();
  Key key{now_ + delay, next_seq_++};
  queue_.emplace(key, std::move(cb));
  return key;
}

bool ManualDispatcher::RunOne() {
  if (queue_.empty()) return false;
  auto it = queue_.begin();
  now_ = it->first.first;
  auto cb = std::move(it->second);
  queue_.erase(it);
  cb();
  return true;
}

void ManualDispatcher::RunFor(Duration d) {
  MonotonicTime end = now_ + d;
  while (!queue_.empty() && queue_.begin()->first.first <= end) RunOne();
  now_ = end;
}

int64_t ManualDispatcher::RunUntilIdle(int64_t max_events) {
  int64_t n = 0;
  while (n < max_events && RunOne()) ++n;
  return n;
}

bool ManualDispatcher::RunUntil(const std::function<bool()>& done, Duration limit) {
  MonotonicTime end = now_ + limit;
  while (!done() && !queue_.empty() && queue_.begin()->first.first <= end) RunOne();
  if (!done() && now_ < end) now_ = end;
  return done();
}

}  // namespace meshsim::testing
