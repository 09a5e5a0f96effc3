#include "sim/kernel/simulated_dispatcher.h"

#include <gtest/gtest.h>

#include <string>

namespace meshsim::sim {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

TEST(SimulatedDispatcher, ClockJumpsToEachEvent) {
  SimulatedDispatcher d;
  std::vector<int64_t> seen;
  d.Schedule(seconds(3), [&] { seen.push_back(ToNanos(d.Now())); });
  d.Schedule(seconds(1), [&] { seen.push_back(ToNanos(d.Now())); });
  d.RunUntil(MonotonicTime(seconds(10)));
  EXPECT_EQ(seen, (std::vector<int64_t>{1'000'000'000, 3'000'000'000}));
  EXPECT_EQ(d.Now(), MonotonicTime(seconds(10)));
  EXPECT_EQ(d.events_processed(), 2u);
}

TEST(SimulatedDispatcher, PostRunsAfterCurrentCallbackInFifoOrder) {
  SimulatedDispatcher d;
  std::string out;
  d.Schedule(seconds(1), [&] {
    d.Post([&] { out += "2"; });
    d.Post([&] { out += "3"; });
    out += "1";
  });
  d.Schedule(seconds(1), [&] { out += "x"; });
  d.RunUntil(MonotonicTime(seconds(2)));
  // The second scheduled event was queued before the posts, so it runs first.
  EXPECT_EQ(out, "1x23");
}

TEST(SimulatedDispatcher, TimerCanBeRearmedDisabledAndDestroyed) {
  SimulatedDispatcher d;
  int fired = 0;
  TimerPtr t = d.CreateTimer([&] { ++fired; });
  t->Enable(seconds(5));
  t->Enable(seconds(2));  // replaces the first arming
  EXPECT_TRUE(t->Enabled());
  d.RunUntil(MonotonicTime(seconds(3)));
  EXPECT_EQ(fired, 1);
  EXPECT_FALSE(t->Enabled());
  t->Enable(seconds(1));
  t->Disable();
  d.RunUntil(MonotonicTime(seconds(10)));
  EXPECT_EQ(fired, 1);
  t->Enable(seconds(1));
  t.reset();  // destroying cancels
  d.RunUntil(MonotonicTime(seconds(20)));
  EXPECT_EQ(fired, 1);
}

TEST(SimulatedDispatcher, StopReturnsAtTheStoppingEvent) {
  SimulatedDispatcher d;
  d.Schedule(seconds(1), [&] { d.Stop(); });
  d.Schedule(seconds(2), [] {});
  d.RunUntil(MonotonicTime(seconds(5)));
  EXPECT_EQ(d.Now(), MonotonicTime(seconds(1)));
  EXPECT_EQ(d.pending(), 1u);
}

TEST(SimulatedDispatcher, WallClockIsEpochPlusSimulatedTime) {
  SimulatedDispatcher d;
  d.RunUntil(MonotonicTime(milliseconds(1500)));
  EXPECT_EQ(d.WallNow() - SimulatedDispatcher::DefaultEpoch(), milliseconds(1500));
}

TEST(SimulatedDispatcherDeathTest, SchedulingInThePastIsABug) {
  SimulatedDispatcher d;
  d.RunUntil(MonotonicTime(seconds(5)));
  EXPECT_DEATH(d.ScheduleAt(MonotonicTime(seconds(1)), [] {}), "event scheduled in the past");
}

}  // namespace
}  // namespace meshsim::sim
