// File: sim/kernel/trace_log.h
//
// The simulator's Tracer. Each event is stamped with simulated time, written as one JSON line
//   {"t":12000000,"c":"cloudmap","e":"InstanceRegistered","service":"srv-...","instance":"..."}
// (t = simulated nanoseconds; c = component; e = event; then the fields in recorded order),
// folded into a running 64-bit FNV-1a hash of all lines, and handed to observers (assertion
// monitors, report collectors). The same scenario and seed give the same lines byte for byte,
// so the hash identifies a run.
//
// Example:
//   TraceLog trace(dispatcher);
//   trace.SetSink(&file);
//   trace.AddObserver([&](const TraceRecord& r) { ... });
//   ... run ...
//   printf("%016llx\n", trace.hash());
#pragma once

#include <cstdint>
#include <functional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "controller/api/dispatcher.h"
#include "controller/api/tracer.h"

namespace meshsim::sim {

struct TraceRecord {
  int64_t time_ns = 0;
  const TraceEvent* event = nullptr;  // valid only during the observer call
  // The event's JSON line without its newline, as hashed (valid only during the observer
  // call): observers that keep lines copy it instead of formatting the event again.
  std::string_view line;
};

class TraceLog : public Tracer {
 public:
  explicit TraceLog(const Dispatcher& clock) : clock_(clock) {}

  // Tracer
  void Record(const TraceEvent& event) override;

  // Also writes every line to `sink` (nullptr: hash only).
  void SetSink(std::ostream* sink) { sink_ = sink; }
  // Calls `observer` for every event after it is hashed.
  void AddObserver(std::function<void(const TraceRecord&)> observer) {
    observers_.push_back(std::move(observer));
  }

  uint64_t hash() const { return hash_; }
  uint64_t events() const { return events_; }
  // Formats the hash as 16 lowercase hex digits.
  std::string HashHex() const;

  // Appends the JSON line of `event` at `time_ns` (no newline) to `out`.
  static void FormatLine(int64_t time_ns, const TraceEvent& event, std::string& out);

 private:
  const Dispatcher& clock_;
  std::ostream* sink_ = nullptr;
  std::vector<std::function<void(const TraceRecord&)>> observers_;
  std::string line_;  // reused buffer
  uint64_t hash_ = 0xcbf29ce484222325ULL;  // FNV-1a offset basis (hash.h)
  uint64_t events_ = 0;
};

}  // namespace meshsim::sim
