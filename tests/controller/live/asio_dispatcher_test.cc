// Tests of controller/live/asio_dispatcher.cc: the Dispatcher contract on a real io_context,
// with delays of a few milliseconds so the suite stays fast.
#include "controller/live/asio_dispatcher.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace meshsim::live {
namespace {

using std::chrono::milliseconds;

TEST(AsioDispatcher, PostsRunInFifoOrderAfterTheCurrentCallback) {
  AsioDispatcher d;
  std::string out;
  d.Post([&] {
    out += "1";
    d.Post([&] { out += "4"; });
    out += "2";
  });
  d.Post([&] { out += "3"; });
  d.Run();
  EXPECT_EQ(out, "1234");
}

TEST(AsioDispatcher, TimersFireInDelayOrder) {
  AsioDispatcher d;
  std::string out;
  TimerPtr late = d.CreateTimer([&] { out += "3"; });
  TimerPtr early = d.CreateTimer([&] { out += "1"; });
  late->Enable(milliseconds(30));
  early->Enable(milliseconds(5));
  d.Schedule(milliseconds(15), [&] { out += "2"; });
  d.Post([&] { out += "0"; });
  d.Run();
  EXPECT_EQ(out, "0123");
  EXPECT_FALSE(late->Enabled());
}

TEST(AsioDispatcher, TimerWaitsAtLeastItsDelay) {
  AsioDispatcher d;
  MonotonicTime start = d.Now(), fired;
  TimerPtr t = d.CreateTimer([&] { fired = d.Now(); });
  t->Enable(milliseconds(20));
  EXPECT_TRUE(t->Enabled());
  d.Run();
  EXPECT_GE(fired - start, milliseconds(20));
}

TEST(AsioDispatcher, DisabledTimerDoesNotFire) {
  AsioDispatcher d;
  int fired = 0;
  TimerPtr t = d.CreateTimer([&] { ++fired; });
  t->Enable(milliseconds(5));
  t->Disable();
  EXPECT_FALSE(t->Enabled());
  d.RunFor(milliseconds(30));
  EXPECT_EQ(fired, 0);
}

TEST(AsioDispatcher, RearmingReplacesTheEarlierArming) {
  AsioDispatcher d;
  std::string out;
  TimerPtr t = d.CreateTimer([&] { out += "t"; });
  t->Enable(milliseconds(5));
  t->Enable(milliseconds(25));
  d.Schedule(milliseconds(15), [&] { out += "s"; });
  d.Run();
  EXPECT_EQ(out, "st") << "fired once, at the second arming";
}

TEST(AsioDispatcher, DestroyingTimerCancelsIt) {
  AsioDispatcher d;
  int fired = 0;
  {
    TimerPtr t = d.CreateTimer([&] { ++fired; });
    t->Enable(milliseconds(5));
  }
  d.RunFor(milliseconds(30));
  EXPECT_EQ(fired, 0);
}

TEST(AsioDispatcher, CallbackMayDestroyItsOwnTimerAndRearmOthers) {
  AsioDispatcher d;
  std::string out;
  TimerPtr t;
  t = d.CreateTimer([&] {
    out += "a";
    t.reset();
  });
  TimerPtr again;
  int runs = 0;
  again = d.CreateTimer([&] {
    out += "b";
    if (++runs < 3) again->Enable(milliseconds(1));
  });
  t->Enable(milliseconds(1));
  again->Enable(milliseconds(10));
  d.Run();
  EXPECT_EQ(out, "abbb");
}

TEST(AsioDispatcher, DestroyingDispatcherDropsPendingCallbacks) {
  int ran = 0;
  {
    AsioDispatcher d;
    d.Post([&] { ++ran; });
    d.Schedule(milliseconds(1), [&] { ++ran; });
  }
  EXPECT_EQ(ran, 0);
}

TEST(AsioDispatcher, StopEndsRunAndRunResumes) {
  AsioDispatcher d;
  std::string out;
  d.Post([&] {
    out += "1";
    d.Stop();
  });
  d.Post([&] { out += "2"; });
  d.Run();
  EXPECT_EQ(out, "1");
  EXPECT_TRUE(d.Stopped());
  d.Run();
  EXPECT_EQ(out, "12");
}

TEST(AsioDispatcher, NowStartsNearZeroAtConstruction) {
  AsioDispatcher d;
  EXPECT_GE(d.Now().time_since_epoch(), Duration::zero());
  EXPECT_LT(d.Now().time_since_epoch(), std::chrono::seconds(5));
}

TEST(AsioDispatcher, WallNowIsTheSystemClock) {
  AsioDispatcher d;
  auto diff = d.WallNow() - std::chrono::system_clock::now();
  EXPECT_LT(std::chrono::abs(diff), std::chrono::seconds(5));
}

// The fake API server computes each watch event's delivery time as max(last delivery, now +
// delay) and schedules it: several events then share one due time and must arrive in order.
TEST(AsioDispatcher, ScheduledCallbacksDueAtTheSameTimeRunInScheduleOrder) {
  AsioDispatcher d;
  std::vector<int> order;
  d.Post([&] {
    MonotonicTime due = d.Now() + std::chrono::milliseconds(20);
    for (int i = 0; i < 200; ++i) {
      d.Schedule(due - d.Now(), [&order, i] { order.push_back(i); });
    }
    d.Schedule(std::chrono::milliseconds(0), [&order] { order.push_back(-1); });  // due first
  });
  for (int i = 0; i < 100 && order.size() < 201; ++i) d.RunFor(std::chrono::milliseconds(10));
  ASSERT_EQ(order.size(), 201u);
  EXPECT_EQ(order[0], -1);
  for (int i = 0; i < 200; ++i) EXPECT_EQ(order[i + 1], i);
}

TEST(AsioDispatcher, NowStandsStillDuringACallback) {
  AsioDispatcher d;
  MonotonicTime first{}, second{};
  d.Post([&] {
    first = d.Now();
    auto start = std::chrono::steady_clock::now();  // real work that takes a while
    while (std::chrono::steady_clock::now() - start < std::chrono::milliseconds(2)) {}
    second = d.Now();
  });
  d.RunFor(std::chrono::milliseconds(50));
  EXPECT_EQ(first, second);
  EXPECT_GT(d.Now(), second);  // outside a callback the clock moves on
}

}  // namespace
}  // namespace meshsim::live
