// File: tests/support/manual_dispatcher.h
//
// A deterministic Dispatcher for unit tests of the controller and the fakes, which must not link
// sim/ (absl's TESTONLY SimulatedClock). Time moves only when the test says so; events at equal
// times run in the order they were scheduled.
//
// Example:
//   ManualDispatcher d;
//   d.Schedule(std::chrono::seconds(1), [&] { fired = true; });
//   d.RunFor(std::chrono::seconds(2));
//   EXPECT_TRUE(fired);
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <utility>

#include "controller/api/dispatcher.h"

namespace meshsim::testing {

class ManualDispatcher : public Dispatcher {
 public:
  // Dispatcher
  MonotonicTime Now() const override { return now_; }
  SystemTime WallNow() const override;
  TimerPtr CreateTimer(std::function<void()> cb) override;
  void Schedule(Duration delay, std::function<void()> cb) override;
  void Post(std::function<void()> cb) override { Schedule(Duration(0), std::move(cb)); }

  // Runs every event due within `d` from now, then sets the clock to now + d.
  void RunFor(Duration d);
  // Runs events until none is left or `max_events` ran. Returns the number run.
  int64_t RunUntilIdle(int64_t max_events = 10'000'000);
  // Runs events until `done()` holds after an event, or until `limit` of simulated time passed.
  // Returns done().
  bool RunUntil(const std::function<bool()>& done, Duration limit);
  size_t pending() const { return queue_.size(); }

 private:
  friend class ManualTimer;
  using Key = std::pair<MonotonicTime, uint64_t>;
  Key Add(Duration delay, std::function<void()> cb);
  void Cancel(const Key& key) { queue_.erase(key); }
  bool RunOne();

  MonotonicTime now_{};
  uint64_t next_seq_ = 0;
  std::map<Key, std::function<void()>> queue_;
};

}  // namespace meshsim::testing
