// File: sim/kernel/event_queue.h
//
// The pending-event set of the simulator. Events are ordered by (time, sequence): the sequence
// is the insertion counter, so events scheduled for the same instant run in the order they were
// scheduled (ns-3's EventKey{m_ts, m_uid}, Envoy's alarm tie-breaker). This is what makes equal-
// time events deterministic.
//
// The heap holds only 24-byte keys; callbacks live in a slot table indexed by the key, so heap
// sift operations never move a std::function and cancellation is O(1) (the key is skipped when
// it surfaces).
//
// Example:
//   EventQueue q;
//   EventId id = q.Push(MonotonicTime(5s), [] { ... });
//   q.Cancel(id);
//   while (auto e = q.Pop()) e->fn();
#pragma once

#include <cstdint>
#include <functional>
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
  EventId Push(MonotonicTime time, std::function<void()> fn);
  // Cancels a pending event. A no-op when it already ran or was cancelled.
  void Cancel(EventId id);
  // Removes and returns the earliest live event, or nullopt when none is left.
  std::optional<Event> Pop();
  // Returns the time of the earliest live event. REQUIRES: !Empty().
  MonotonicTime NextTime();
  // True when no live event is pending.
  bool Empty();
  // Number of live pending events.
  size_t Size() const { return live_; }

 private:
  struct Key {
    int64_t time;
    uint64_t seq;
    uint32_t slot;
  };
  struct Slot {
    uint64_t seq = 0;  // the event occupying the slot; 0 = free
    std::function<void()> fn;
  };
  static bool Later(const Key& a, const Key& b) {
    return a.time != b.time ? a.time > b.time : a.seq > b.seq;
  }
  // Drops cancelled keys from the top of the heap.
  void SkipCancelled();
  void PopTop();

  std::vector<Key> heap_;
  std::vector<Slot> slots_;
  std::vector<uint32_t> free_slots_;
  uint64_t next_seq_ = 1;
  size_t live_ = 0;
};

}  // namespace meshsim::sim
