#include "sim/kernel/event_queue.h"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <string>

namespace meshsim::sim {
namespace {

using std::chrono::seconds;

MonotonicTime At(int64_t s) { return MonotonicTime(seconds(s)); }

std::string Drain(EventQueue& q) {
  std::string out;
  while (auto e = q.Pop()) e->fn();
  return out;
}

TEST(EventQueue, EqualTimesRunInScheduleOrder) {
  EventQueue q;
  std::string out;
  q.Push(At(2), [&] { out += "3"; });
  q.Push(At(1), [&] { out += "1"; });
  q.Push(At(2), [&] { out += "4"; });
  q.Push(At(1), [&] { out += "2"; });
  q.Push(At(2), [&] { out += "5"; });
  while (auto e = q.Pop()) e->fn();
  EXPECT_EQ(out, "12345");
}

TEST(EventQueue, CancelledEventNeverRuns) {
  EventQueue q;
  std::string out;
  q.Push(At(1), [&] { out += "a"; });
  EventId b = q.Push(At(1), [&] { out += "b"; });
  q.Push(At(2), [&] { out += "c"; });
  q.Cancel(b);
  EXPECT_EQ(q.Size(), 2u);
  while (auto e = q.Pop()) e->fn();
  EXPECT_EQ(out, "ac");
}

TEST(EventQueue, CancelAfterRunAndSlotReuseIsHarmless) {
  EventQueue q;
  std::string out;
  EventId a = q.Push(At(1), [&] { out += "a"; });
  q.Pop()->fn();
  // The slot of `a` is reused by `b`; cancelling the stale id must not cancel `b`.
  q.Push(At(2), [&] { out += "b"; });
  q.Cancel(a);
  while (auto e = q.Pop()) e->fn();
  EXPECT_EQ(out, "ab");
}

TEST(EventQueue, NextTimeSkipsCancelledHead) {
  EventQueue q;
  EventId a = q.Push(At(1), [] {});
  q.Push(At(5), [] {});
  q.Cancel(a);
  EXPECT_EQ(q.NextTime(), At(5));
  EXPECT_FALSE(q.Empty());
  q.Pop();
  EXPECT_TRUE(q.Empty());
  EXPECT_EQ(Drain(q), "");
}

RC_GTEST_PROP(EventQueue, PopsInNondecreasingTimeThenSequence, (std::vector<uint8_t> times)) {
  EventQueue q;
  for (size_t i = 0; i < times.size(); ++i) q.Push(At(times[i]), [] {});
  MonotonicTime last_time{};
  uint64_t last_seq = 0;
  size_t n = 0;
  while (auto e = q.Pop()) {
    RC_ASSERT(e->time >= last_time);
    if (e->time == last_time) RC_ASSERT(e->seq > last_seq);
    last_time = e->time;
    last_seq = e->seq;
    ++n;
  }
  RC_ASSERT(n == times.size());
}

}  // namespace
}  // namespace meshsim::sim
