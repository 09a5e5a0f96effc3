#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "controller/async/event.h"
#include "controller/async/mutex.h"
#include "controller/async/sleep.h"
#include "controller/async/task_scope.h"
#include "tests/support/manual_dispatcher.h"

namespace meshsim::controller::async {
namespace {

using std::chrono::seconds;
using testing::ManualDispatcher;

Task<void> WaitTwice(Event& e, std::string* out) {
  co_await e.Wait();
  *out += "a";
  co_await e.Wait();
  *out += "b";
}

TEST(Event, NotifyWakesTheWaiterFromAPostedCallback) {
  ManualDispatcher d;
  Event e(d);
  std::string out;
  TaskScope scope;
  scope.Spawn(WaitTwice(e, &out));
  e.Notify();
  EXPECT_EQ(out, "");  // not re-entered inside Notify
  d.RunUntilIdle();
  EXPECT_EQ(out, "a");
  e.Notify();
  d.RunUntilIdle();
  EXPECT_EQ(out, "ab");
}

TEST(Event, NotifyWithoutWaiterIsRemembered) {
  ManualDispatcher d;
  Event e(d);
  std::string out;
  e.Notify();
  e.Notify();  // coalesces: auto-reset
  TaskScope scope;
  scope.Spawn(WaitTwice(e, &out));
  EXPECT_EQ(out, "a");
  d.RunUntilIdle();
  EXPECT_EQ(out, "a");
}

Task<void> AwaitShot(std::shared_ptr<OneShot<int>> shot, Duration timeout, std::string* out) {
  std::optional<int> v = co_await WaitFor(shot, timeout);
  *out += v ? std::to_string(*v) : "timeout";
}

TEST(OneShot, ValueBeforeTimeoutIsDelivered) {
  ManualDispatcher d;
  auto shot = std::make_shared<OneShot<int>>(d);
  std::string out;
  TaskScope scope;
  scope.Spawn(AwaitShot(shot, seconds(5), &out));
  d.Schedule(seconds(2), [shot] { shot->Set(7); });
  d.RunFor(seconds(10));
  EXPECT_EQ(out, "7");
}

TEST(OneShot, TimeoutFiresWhenNoValueComes) {
  ManualDispatcher d;
  auto shot = std::make_shared<OneShot<int>>(d);
  std::string out;
  TaskScope scope;
  scope.Spawn(AwaitShot(shot, seconds(5), &out));
  d.RunFor(seconds(4));
  EXPECT_EQ(out, "");
  d.RunFor(seconds(2));
  EXPECT_EQ(out, "timeout");
  shot->Set(1);  // a late answer is kept but wakes nobody
  d.RunUntilIdle();
  EXPECT_EQ(out, "timeout");
  EXPECT_TRUE(shot->is_set());
}

TEST(OneShot, AlreadySetDoesNotSuspend) {
  ManualDispatcher d;
  auto shot = std::make_shared<OneShot<int>>(d);
  shot->Set(3);
  shot->Set(4);  // only the first counts
  std::string out;
  TaskScope scope;
  scope.Spawn(AwaitShot(shot, seconds(5), &out));
  EXPECT_EQ(out, "3");
}

Task<void> HoldLock(Dispatcher& d, Mutex& m, char mark, std::string* out) {
  Mutex::Guard g = co_await m.Lock();
  *out += mark;
  co_await Sleep(d, seconds(1));
  *out += mark;
}

TEST(Mutex, HoldersRunOneAtATimeInArrivalOrder) {
  ManualDispatcher d;
  Mutex m(d);
  std::string out;
  TaskScope scope;
  scope.Spawn(HoldLock(d, m, 'a', &out));
  scope.Spawn(HoldLock(d, m, 'b', &out));
  scope.Spawn(HoldLock(d, m, 'c', &out));
  d.RunFor(seconds(10));
  EXPECT_EQ(out, "aabbcc");
  EXPECT_FALSE(m.locked());
}

TEST(Mutex, DestroyedHolderReleasesTheLock) {
  ManualDispatcher d;
  Mutex m(d);
  std::string out;
  TaskScope doomed;
  TaskScope scope;
  doomed.Spawn(HoldLock(d, m, 'a', &out));
  scope.Spawn(HoldLock(d, m, 'b', &out));
  doomed.Cancel();  // 'a' dies holding the lock
  d.RunFor(seconds(10));
  EXPECT_EQ(out, "abb");
  EXPECT_FALSE(m.locked());
}

TEST(Mutex, DestroyedWaiterIsSkipped) {
  ManualDispatcher d;
  Mutex m(d);
  std::string out;
  TaskScope scope;
  TaskScope doomed;
  scope.Spawn(HoldLock(d, m, 'a', &out));
  doomed.Spawn(HoldLock(d, m, 'b', &out));
  scope.Spawn(HoldLock(d, m, 'c', &out));
  doomed.Cancel();
  d.RunFor(seconds(10));
  EXPECT_EQ(out, "aacc");
}

}  // namespace
}  // namespace meshsim::controller::async
