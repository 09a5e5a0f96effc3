#include "sim/kernel/simulated_dispatcher.h"

#include <memory>

#include "controller/api/check.h"

namespace meshsim::sim {
namespace {

class SimulatedTimer : public Timer {
 public:
  SimulatedTimer(SimulatedDispatcher& d, std::function<void()> cb) : d_(d), cb_(std::move(cb)) {}
  ~SimulatedTimer() override { Disable(); }

  void Enable(Duration delay) override {
    Disable();
    armed_ = true;
    id_ = d_.ScheduleAt(d_.Now() + delay, [this] {
      armed_ = false;
      cb_();
    });
  }
  void Disable() override {
    if (armed_) d_.Cancel(id_);
    armed_ = false;
  }
  bool Enabled() const override { return armed_; }

 private:
  SimulatedDispatcher& d_;
  std::function<void()> cb_;
  bool armed_ = false;
  EventId id_;
};

}  // namespace

SimulatedDispatcher::SimulatedDispatcher(SystemTime epoch) : epoch_(epoch) {}

TimerPtr SimulatedDispatcher::CreateTimer(std::function<void()> cb) {
  return std::make_unique<SimulatedTimer>(*this, std::move(cb));
}

void SimulatedDispatcher::Schedule(Duration delay, std::function<void()> cb) {
  MESHSIM_CHECK(delay >= Duration(0)) << "negative delay " << delay.count();
  queue_.Push(now_ + delay, std::move(cb));
}

void SimulatedDispatcher::Post(std::function<void()> cb) { queue_.Push(now_, std::move(cb)); }

EventId SimulatedDispatcher::ScheduleAt(MonotonicTime when, std::function<void()> cb) {
  MESHSIM_CHECK(when >= now_) << "event scheduled in the past: " << ToNanos(when) << " < "
                              << ToNanos(now_);
  return queue_.Push(when, std::move(cb));
}

bool SimulatedDispatcher::RunOne() {
  EventQueue::Event e;
  if (!queue_.PopInto(e)) return false;
  now_ = e.time;
  ++events_processed_;
  e.fn();
  return true;
}

void SimulatedDispatcher::RunUntil(MonotonicTime end) {
  stopped_ = false;
  while (!stopped_ && !queue_.Empty() && queue_.NextTime() <= end) RunOne();
  if (!stopped_ && now_ < end) now_ = end;
}

}  // namespace meshsim::sim
