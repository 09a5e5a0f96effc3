#include "sim/kernel/event_queue.h"

#include <cstdint>
#include <cstdlib>

#include "controller/api/check.h"

namespace meshsim::sim {
namespace {

constexpr size_t kArity = 4;  // four 16-byte keys: one 64-byte cache line of children

}  // namespace

uint32_t EventQueue::GrowSlots() {
  MESHSIM_CHECK(seqs_.size() < kNoSlot) << "more than 2^24 - 1 pending events";
  seqs_.emplace_back();
  callbacks_.emplace_back();
  return static_cast<uint32_t>(seqs_.size() - 1);
}

void EventQueue::SequenceOverflow() {
  MESHSIM_CHECK(false) << "event sequence overflow: 2^40 events pushed";
  std::abort();
}

void EventQueue::SiftUp(size_t i, Key k) {
  while (i > 0) {
    size_t parent = (i - 1) / kArity;
    if (!Before(k, At(parent))) break;
    At(i) = At(parent);
    i = parent;
  }
  At(i) = k;
}

void EventQueue::SiftDown(size_t hole, Key k) {
  // Bottom-up (as libstdc++'s pop_heap): walk the hole down to a leaf along the smallest
  // children without comparing against `k`, then sift `k` up from there. Keys that fill a hole
  // usually belong near the bottom (most keys of a heap are), so this compares less than
  // stopping on the way down.
  size_t n = HeapSize();
  for (;;) {
    size_t first = hole * kArity + 1;
    if (first + kArity > n) break;
    // The four children's own children are the next four cache lines, contiguous: ask for
    // them now, so the next level's load overlaps this level's comparisons instead of waiting
    // for them (the walk is otherwise one dependent L2 load per level: 1.1x more events per
    // second in the hold benchmark). Past the end they are harmless: a prefetch never faults.
    uintptr_t grandchildren =
        reinterpret_cast<uintptr_t>(heap_.data()) + (kPad + first * kArity + 1) * sizeof(Key);
    for (uintptr_t line = 0; line < kArity * kArity * sizeof(Key); line += 64) {
      __builtin_prefetch(reinterpret_cast<const void*>(grandchildren + line));
    }
    // A two-round tournament: the two first-round comparisons are independent.
    // Indices computed arithmetically from the comparisons, so nothing branches on them.
    size_t left = first + Before(At(first + 1), At(first));
    size_t right = first + 2 + Before(At(first + 3), At(first + 2));
    bool right_wins = Before(At(right), At(left));
    size_t best = left + (right - left) * right_wins;
    At(hole) = At(best);
    // Filling the root decides the next event (unless `k` climbs back up): start loading its
    // slot, a random line of each slot table, while the walk goes on.
    if (hole == 0) {
      __builtin_prefetch(&callbacks_[At(0).slot()]);
      __builtin_prefetch(&seqs_[At(0).slot()]);
    }
    hole = best;
  }
  // A last, partly filled group of children.
  if (size_t first = hole * kArity + 1; first < n) {
    size_t best = first;
    for (size_t c = first + 1; c < n; ++c) best = Before(At(c), At(best)) ? c : best;
    At(hole) = At(best);
    hole = best;
  }
  SiftUp(hole, k);
}

void EventQueue::PopTop() {
  Key last = heap_.back();
  heap_.pop_back();
  if (HeapSize() != 0) SiftDown(0, last);
}

void EventQueue::Cancel(EventId id) {
  if (id.slot >= seqs_.size() || seqs_[id.slot] != id.seq) return;
  // The key stays in the heap; it is recognised as dead by its sequence when it surfaces.
  callbacks_[id.slot] = nullptr;
  FreeSlot(id.slot);
  ++cancelled_in_heap_;
  --live_;
}

void EventQueue::SkipCancelledSlow() {
  SettleRoot();
  while (cancelled_in_heap_ != 0 && HeapSize() != 0 && !Live(At(0))) {
    PopTop();
    --cancelled_in_heap_;
  }
}

bool EventQueue::Empty() {
  SkipCancelled();
  return HeapSize() == 0;
}

MonotonicTime EventQueue::NextTime() {
  SkipCancelled();
  MESHSIM_CHECK(HeapSize() != 0) << "NextTime() on an empty queue";
  return MonotonicTime(Duration(At(0).time));
}

std::optional<EventQueue::Event> EventQueue::Pop() {
  Event e;
  if (!PopInto(e)) return std::nullopt;
  return e;
}

}  // namespace meshsim::sim
