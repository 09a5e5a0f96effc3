#include "controller/async/task.h"

#include <gtest/gtest.h>

#include <string>

#include "controller/async/call.h"
#include "controller/async/sleep.h"
#include "controller/async/task_scope.h"
#include "tests/support/manual_dispatcher.h"

namespace meshsim::controller::async {
namespace {

using std::chrono::seconds;
using testing::ManualDispatcher;

Task<int> Value(int x) { co_return x; }

Task<int> CountOnes(int n) {
  int total = 0;
  for (int i = 0; i < n; ++i) total += co_await Value(1);
  co_return total;
}

Task<void> Record(std::string* out, Task<int> t) {
  int v = co_await std::move(t);
  *out += std::to_string(v);
}

TEST(Task, IsLazyUntilAwaitedOrSpawned) {
  std::string out;
  Task<void> t = Record(&out, Value(7));
  EXPECT_EQ(out, "");
  TaskScope scope;
  scope.Spawn(std::move(t));
  EXPECT_EQ(out, "7");
  EXPECT_EQ(scope.size(), 0u);
}

TEST(Task, LongSynchronousChainsDoNotGrowTheStack) {
  // Each child completes synchronously; without symmetric transfer every await would nest a
  // resume() call on the stack. g++ turns the transfer into a real tail call only when
  // optimising, and not under AddressSanitizer (its instrumented frames keep the caller alive
  // even at -O1), so those builds use a depth that fits the stack anyway.
#if defined(__OPTIMIZE__) && !defined(__SANITIZE_ADDRESS__)
  constexpr int kDepth = 200000;
#else
  constexpr int kDepth = 1000;
#endif
  std::string out;
  TaskScope scope;
  scope.Spawn(Record(&out, CountOnes(kDepth)));
  EXPECT_EQ(out, std::to_string(kDepth));
}

Task<void> SleepThenMark(Dispatcher& d, Duration delay, std::string* out, char mark) {
  co_await Sleep(d, delay);
  *out += mark;
}

TEST(Sleep, ResumesInTimeOrder) {
  ManualDispatcher d;
  std::string out;
  TaskScope scope;
  scope.Spawn(SleepThenMark(d, seconds(3), &out, '3'));
  scope.Spawn(SleepThenMark(d, seconds(1), &out, '1'));
  scope.Spawn(SleepThenMark(d, seconds(2), &out, '2'));
  d.RunFor(seconds(1) + std::chrono::milliseconds(1));
  EXPECT_EQ(out, "1");
  d.RunFor(seconds(5));
  EXPECT_EQ(out, "123");
  EXPECT_EQ(scope.size(), 0u);
}

TEST(Sleep, EqualDeadlinesResumeInSpawnOrder) {
  ManualDispatcher d;
  std::string out;
  TaskScope scope;
  for (char c : std::string("abc")) scope.Spawn(SleepThenMark(d, seconds(1), &out, c));
  d.RunFor(seconds(2));
  EXPECT_EQ(out, "abc");
}

TEST(TaskScope, CancelDestroysSuspendedFramesAndDisarmsTimers) {
  ManualDispatcher d;
  std::string out;
  {
    TaskScope scope;
    scope.Spawn(SleepThenMark(d, seconds(1), &out, 'x'));
    EXPECT_EQ(scope.size(), 1u);
    scope.Cancel();
    EXPECT_EQ(scope.size(), 0u);
  }
  d.RunFor(seconds(10));
  EXPECT_EQ(out, "");
}

struct Guarded {
  explicit Guarded(int* live) : live_(live) { ++*live_; }
  ~Guarded() { --*live_; }
  int* live_;
};

Task<int> ChildHoldingResource(Dispatcher& d, int* live) {
  Guarded g(live);
  co_await Sleep(d, seconds(5));
  co_return 1;
}

Task<void> ParentHoldingResource(Dispatcher& d, int* live) {
  Guarded g(live);
  co_await ChildHoldingResource(d, live);
}

TEST(TaskScope, DestructionWhileSuspendedRunsEveryLocalDestructor) {
  ManualDispatcher d;
  int live = 0;
  auto scope = std::make_unique<TaskScope>();
  scope->Spawn(ParentHoldingResource(d, &live));
  EXPECT_EQ(live, 2);
  scope.reset();
  EXPECT_EQ(live, 0);
  d.RunFor(seconds(10));  // the disarmed timer must not resume a dead frame
  EXPECT_EQ(live, 0);
}

// A callback API in the shape of CloudMapClient: answers later through the dispatcher.
struct SlowEcho {
  Dispatcher& d;
  void Echo(int x, Callback<int> cb) {
    d.Schedule(seconds(1), [x, cb = std::move(cb)] {
      if (x < 0) {
        cb(Status(StatusCode::kInvalidArgument, "InvalidInput", "negative"));
      } else {
        cb(x * 2);
      }
    });
  }
};

Task<void> CallEcho(SlowEcho& api, int x, std::string* out) {
  Result<int> r = co_await Call<int>([&](Callback<int> cb) { api.Echo(x, std::move(cb)); });
  *out += r.ok() ? std::to_string(*r) : r.status().error_name();
}

TEST(Call, DeliversTheValueOrTheStatus) {
  ManualDispatcher d;
  SlowEcho api{d};
  std::string out;
  TaskScope scope;
  scope.Spawn(CallEcho(api, 21, &out));
  scope.Spawn(CallEcho(api, -1, &out));
  EXPECT_EQ(out, "");
  d.RunFor(seconds(2));
  EXPECT_EQ(out, "42InvalidInput");
}

TEST(Call, AnswerForADestroyedFrameIsDropped) {
  ManualDispatcher d;
  SlowEcho api{d};
  std::string out;
  {
    TaskScope scope;
    scope.Spawn(CallEcho(api, 21, &out));
  }
  d.RunFor(seconds(2));  // the callback still fires; nothing may be resumed
  EXPECT_EQ(out, "");
}

TEST(Call, SynchronousAnswerDoesNotSuspend) {
  std::string out;
  TaskScope scope;
  struct Immediate {
    static Task<void> Run(std::string* out) {
      Result<int> r = co_await Call<int>([](Callback<int> cb) { cb(5); });
      *out += std::to_string(*r);
    }
  };
  scope.Spawn(Immediate::Run(&out));
  EXPECT_EQ(out, "5");
}

}  // namespace
}  // namespace meshsim::controller::async
