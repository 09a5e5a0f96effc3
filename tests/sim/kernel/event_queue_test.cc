#include "sim/kernel/event_queue.h"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <set>
#include <string>
#include <utility>
#include <vector>

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

// Interleaved pushes, pops and cancels against a reference ordered set of (time, sequence):
// exercises the reused root (a pop then a push), skipped cancelled keys, reused slots and
// stale ids, on heaps deep enough (up to ~1,000 keys) for the 4-ary walk and its prefetches.
RC_GTEST_PROP(EventQueue, MatchesAnOrderedSetUnderPushPopCancel, ()) {
  EventQueue q;
  std::set<std::pair<int64_t, uint64_t>> model;  // (time ns, sequence) of live events
  std::vector<std::pair<EventId, int64_t>> ids;  // every id handed out, live or not
  int64_t now = 0;
  // Sizes up to 2,000 operations (rapidcheck's default size is 100).
  const auto ops =
      *rc::gen::scale(20, rc::gen::container<std::vector<int>>(rc::gen::inRange(0, 10)));
  for (int op : ops) {
    if (op < 5) {  // push at now + a small delay, ties likely
      int64_t t = now + *rc::gen::inRange<int64_t>(0, 4) * 1'000'000'000;
      EventId id = q.Push(MonotonicTime(Duration(t)), [] {});
      model.emplace(t, id.seq);
      ids.push_back({id, t});
    } else if (op < 8) {  // pop
      EventQueue::Event e;
      bool got = q.PopInto(e);
      RC_ASSERT(got == !model.empty());
      if (!got) continue;
      RC_ASSERT(std::make_pair(ToNanos(e.time), e.seq) == *model.begin());
      model.erase(model.begin());
      now = ToNanos(e.time);
    } else if (!ids.empty()) {  // cancel any id handed out: pending, ran or already cancelled
      auto [id, t] = ids[*rc::gen::inRange<size_t>(0, ids.size())];
      q.Cancel(id);
      model.erase({t, id.seq});
    }
    RC_ASSERT(q.Size() == model.size());
    RC_ASSERT(q.Empty() == model.empty());
    if (!model.empty()) RC_ASSERT(ToNanos(q.NextTime()) == model.begin()->first);
  }
}

}  // namespace
}  // namespace meshsim::sim
