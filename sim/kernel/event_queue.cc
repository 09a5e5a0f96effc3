#include "sim/kernel/event_queue.h"

#include <algorithm>

#include "controller/api/check.h"

namespace meshsim::sim {

EventId EventQueue::Push(MonotonicTime time, std::function<void()> fn) {
  uint32_t slot;
  if (!free_slots_.empty()) {
    slot = free_slots_.back();
    free_slots_.pop_back();
  } else {
    slot = static_cast<uint32_t>(slots_.size());
    slots_.emplace_back();
  }
  uint64_t seq = next_seq_++;
  slots_[slot].seq = seq;
  slots_[slot].fn = std::move(fn);
  heap_.push_back({ToNanos(time), seq, slot});
  std::push_heap(heap_.begin(), heap_.end(), Later);
  ++live_;
  return {seq, slot};
}

void EventQueue::Cancel(EventId id) {
  if (id.slot >= slots_.size() || slots_[id.slot].seq != id.seq) return;
  // The key stays in the heap; it is recognised as dead by its sequence when it surfaces.
  slots_[id.slot].seq = 0;
  slots_[id.slot].fn = nullptr;
  free_slots_.push_back(id.slot);
  --live_;
}

void EventQueue::PopTop() {
  std::pop_heap(heap_.begin(), heap_.end(), Later);
  heap_.pop_back();
}

void EventQueue::SkipCancelled() {
  while (!heap_.empty() && slots_[heap_.front().slot].seq != heap_.front().seq) PopTop();
}

bool EventQueue::Empty() {
  SkipCancelled();
  return heap_.empty();
}

MonotonicTime EventQueue::NextTime() {
  SkipCancelled();
  MESHSIM_CHECK(!heap_.empty()) << "NextTime() on an empty queue";
  return MonotonicTime(Duration(heap_.front().time));
}

std::optional<EventQueue::Event> EventQueue::Pop() {
  SkipCancelled();
  if (heap_.empty()) return std::nullopt;
  Key top = heap_.front();
  PopTop();
  Slot& slot = slots_[top.slot];
  Event e{MonotonicTime(Duration(top.time)), top.seq, std::move(slot.fn)};
  slot.seq = 0;
  slot.fn = nullptr;
  free_slots_.push_back(top.slot);
  --live_;
  return e;
}

}  // namespace meshsim::sim
