// File: sim/kernel/simulated_dispatcher.h
//
// The Dispatcher of a simulated run: a virtual clock over an EventQueue. Time jumps from one
// event to the next; nothing waits for real time. Every component of a world (fakes,
// controller, control plane) shares one SimulatedDispatcher, so their callbacks interleave in
// one deterministic order: (time, schedule sequence).
//
// Example:
//   SimulatedDispatcher d;
//   d.Schedule(std::chrono::seconds(1), [&] { ... });
//   d.RunUntil(MonotonicTime(std::chrono::minutes(5)));
#pragma once

#include <cstdint>
#include <functional>

#include "controller/api/dispatcher.h"
#include "sim/kernel/event_queue.h"

namespace meshsim::sim {

class SimulatedDispatcher : public Dispatcher {
 public:
  // `epoch` is the wall-clock time at simulated time zero (default 2026-01-01T00:00:00Z).
  explicit SimulatedDispatcher(SystemTime epoch = DefaultEpoch());

  static SystemTime DefaultEpoch() { return SystemTime(std::chrono::seconds(1767225600)); }

  // Dispatcher
  MonotonicTime Now() const override { return now_; }
  SystemTime WallNow() const override { return epoch_ + now_.time_since_epoch(); }
  TimerPtr CreateTimer(std::function<void()> cb) override;
  void Schedule(Duration delay, std::function<void()> cb) override;
  void Post(std::function<void()> cb) override;

  // Schedules at an absolute time; returns an id for Cancel. REQUIRES: when >= Now().
  EventId ScheduleAt(MonotonicTime when, std::function<void()> cb);
  void Cancel(EventId id) { queue_.Cancel(id); }

  // Runs the earliest event, advancing the clock to its time. Returns false when none is left.
  bool RunOne();
  // Runs every event due at or before `end`, then sets the clock to `end`, unless Stop() was
  // called, in which case it returns at once with the clock at the stopping event's time.
  void RunUntil(MonotonicTime end);
  // Makes the running RunUntil return after the current event.
  void Stop() { stopped_ = true; }
  bool stopped() const { return stopped_; }

  uint64_t events_processed() const { return events_processed_; }
  size_t pending() const { return queue_.Size(); }

 private:
  SystemTime epoch_;
  MonotonicTime now_{};
  EventQueue queue_;
  uint64_t events_processed_ = 0;
  bool stopped_ = false;
};

}  // namespace meshsim::sim
