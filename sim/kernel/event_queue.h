// File: sim/kernel/event_queue.h
//
// The pending-event set of the simulator. Events are ordered by (time, sequence): the sequence
// is the insertion counter, so events scheduled for the same instant run in the order they were
// scheduled (ns-3's EventKey{m_ts, m_uid}, Envoy's alarm tie-breaker). This is what makes equal-
// time events deterministic.
//
// Layout, for speed (tools/bench/kernel_benchmark.cc measures it against a bare binary heap):
// the heap is 4-ary and holds only 16-byte keys {time, sequence << 24 | slot}, so a node's four
// children share one cache line and a sift moves two words; callbacks live in a slot table
// indexed by the key, so sifts never touch a std::function and cancellation is O(1) (the key is
// skipped when it surfaces). A pop followed by a push, the commonest pattern (a handler
// scheduling its follow-up), costs one sift: the popped key's place is reused. A sift asks
// for the next level's lines one level ahead (prefetch), so walking a heap larger than L1
// is not one dependent cache miss per level. Push and PopInto are inline, their rare paths
// (growing the slot table, settling the root, skipping cancelled keys) out of line.
//
// Example:
//   EventQueue q;
//   EventId id = q.Push(MonotonicTime(5s), [] { ... });
//   q.Cancel(id);
//   while (auto e = q.Pop()) e->fn();
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <new>
#include <optional>
#include <vector>

#include "controller/api/time.h"

namespace meshsim::sim {

struct EventId {
  uint64_t seq = 0;
  uint32_t slot = 0;
};

class EventQueue {
 public:
  struct Event {
    MonotonicTime time;
    uint64_t seq;
    std::function<void()> fn;
  };

  // Adds an event; returns its id for Cancel.
  EventId Push(MonotonicTime time, std::function<void()>&& fn) {
    if (next_seq_ >= (uint64_t{1} << (64 - kSlotBits))) SequenceOverflow();
    uint32_t slot = TakeSlot();
    uint64_t seq = next_seq_++;
    seqs_[slot] = seq;
    callbacks_[slot].swap(fn);  // a free slot's callback is empty: swapping is a plain move
    Key key{ToNanos(time), seq << kSlotBits | slot};
    if (root_vacant_) {
      root_vacant_ = false;
      SiftDown(0, key);
    } else {
      heap_.emplace_back();
      SiftUp(HeapSize() - 1, key);
    }
    ++live_;
    return {seq, slot};
  }
  // Cancels a pending event. A no-op when it already ran or was cancelled.
  void Cancel(EventId id);
  // Removes the earliest live event into `out`; false (and `out` untouched) when none is left.
  bool PopInto(Event& out) {
    SkipCancelled();
    if (HeapSize() == 0) return false;
    Key top = At(0);
    root_vacant_ = true;
    out.time = MonotonicTime(Duration(top.time));
    out.seq = top.seq();
    out.fn = nullptr;
    out.fn.swap(callbacks_[top.slot()]);
    FreeSlot(top.slot());
    --live_;
    return true;
  }
  // Removes and returns the earliest live event, or nullopt when none is left.
  std::optional<Event> Pop();
  // Returns the time of the earliest live event. REQUIRES: !Empty().
  MonotonicTime NextTime();
  // True when no live event is pending.
  bool Empty();
  // Number of live pending events.
  size_t Size() const { return live_; }

  // At most 2^24 - 1 events pending at once and 2^40 events pushed in one run.
  static constexpr int kSlotBits = 24;

 private:
  struct Key {
    int64_t time;
    uint64_t order;  // seq << kSlotBits | slot: seq is unique, so it decides ties on its own
    uint64_t seq() const { return order >> kSlotBits; }
    uint32_t slot() const { return static_cast<uint32_t>(order & ((1u << kSlotBits) - 1)); }
  };
  // A slot holds a pending event's callback (callbacks_) and sequence (seqs_), or is on the
  // free list: an intrusive LIFO, so the slot a handler's event just left is the one its
  // follow-up takes, still in cache. Callbacks are 32 bytes on 64-byte aligned storage, so one
  // never straddles two cache lines.
  static constexpr uint64_t kFree = uint64_t{1} << 63;
  // (time, order) as one unsigned 128-bit number: a branch-free comparison. Times are never
  // negative (the clock starts at zero and events are never scheduled in the past).
  static unsigned __int128 Rank(const Key& k) {
    return static_cast<unsigned __int128>(static_cast<uint64_t>(k.time)) << 64 | k.order;
  }
  static bool Before(const Key& a, const Key& b) { return Rank(a) < Rank(b); }
  bool Live(const Key& k) const { return seqs_[k.slot()] == k.seq(); }
  // Settles a vacant root and drops cancelled keys from the top of the heap. Inline: in the
  // hold loop neither happens (a handler refills the root, nothing is cancelled).
  void SkipCancelled() {
    if (root_vacant_ || cancelled_in_heap_ != 0) SkipCancelledSlow();
  }
  void SkipCancelledSlow();
  void SiftUp(size_t i, Key k);
  void SiftDown(size_t i, Key k);
  void PopTop();
  // Removes the root key left in place by PopInto, if any.
  void SettleRoot() {
    if (root_vacant_) {
      root_vacant_ = false;
      PopTop();
    }
  }
  uint32_t TakeSlot() {
    if (free_head_ == kNoSlot) return GrowSlots();
    uint32_t slot = free_head_;
    free_head_ = static_cast<uint32_t>(seqs_[slot] & ~kFree);
    return slot;
  }
  uint32_t GrowSlots();
  [[noreturn]] static void SequenceOverflow();
  void FreeSlot(uint32_t slot) {
    seqs_[slot] = kFree | free_head_;
    free_head_ = slot;
  }

  // Allocates on 64-byte boundaries, so that with kPad leading unused keys every group of four
  // siblings fills exactly one cache line.
  template <typename T>
  struct LineAligned {
    using value_type = T;
    LineAligned() = default;
    template <typename U>
    LineAligned(const LineAligned<U>&) {}
    T* allocate(size_t n) {
      return static_cast<T*>(::operator new(n * sizeof(T), std::align_val_t(64)));
    }
    void deallocate(T* p, size_t) { ::operator delete(p, std::align_val_t(64)); }
    bool operator==(const LineAligned&) const { return true; }
  };
  // heap_[kPad] is the root; the children of heap_[kPad + i] are heap_[kPad + 4i + 1 ..+ 4],
  // which start at index 4(i + 1): a multiple of four keys, 64 bytes.
  static constexpr size_t kPad = 3;
  size_t HeapSize() const { return heap_.size() - kPad; }
  Key& At(size_t i) { return heap_[kPad + i]; }

  std::vector<Key, LineAligned<Key>> heap_ = std::vector<Key, LineAligned<Key>>(kPad);
  std::vector<std::function<void()>, LineAligned<std::function<void()>>> callbacks_;
  std::vector<uint64_t> seqs_;  // the pending event's sequence, or kFree | the next free slot
  // Cancelled keys still in the heap; while there are none, no key needs a liveness check.
  size_t cancelled_in_heap_ = 0;
  uint32_t free_head_ = kNoSlot;
  static constexpr uint32_t kNoSlot = (1u << kSlotBits) - 1;
  uint64_t next_seq_ = 1;
  size_t live_ = 0;
  // PopInto leaves the popped key at the root and sets this. Most handlers schedule an event,
  // and a Push that finds the root vacant puts its key there and sifts it down once, instead
  // of one sift to remove the root and another to insert (the "replace top" of a heap).
  bool root_vacant_ = false;
};

}  // namespace meshsim::sim
