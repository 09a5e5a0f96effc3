// File: tests/support/recording_tracer.h
//
// A Tracer that keeps every event, for tests that assert on what a component traced.
//
// Example:
//   RecordingTracer tracer;
//   ...;
//   EXPECT_EQ(tracer.Count("cloudmap", "RegisterInstance"), 1);
//   for (const TraceEvent* e : tracer.Named("controller", "ReconcileEnd"))
//     EXPECT_EQ(IntField(*e, "api_calls"), 3);
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "controller/api/tracer.h"

namespace meshsim::testing {

class RecordingTracer : public Tracer {
 public:
  void Record(const TraceEvent& event) override { events_.push_back(event); }
  const std::vector<TraceEvent>& events() const { return events_; }
  // Returns how many events have that component and name.
  int Count(const std::string& component, const std::string& name) const {
    int n = 0;
    for (const auto& e : events_) n += (e.component() == component && e.name() == name);
    return n;
  }

 private:
  std::vector<TraceEvent> events_;

 public:
  // The events with that component and name, in order.
  std::vector<const TraceEvent*> Named(const std::string& component,
                                       const std::string& name) const {
    std::vector<const TraceEvent*> out;
    for (const auto& e : events_) {
      if (e.component() == component && e.name() == name) out.push_back(&e);
    }
    return out;
  }
};

// The value of an integer / string field, or nullopt when the event has no such field.
inline std::optional<int64_t> IntField(const TraceEvent& e, const std::string& key) {
  for (const auto& f : e.fields()) {
    if (f.key == key) {
      if (const auto* v = std::get_if<int64_t>(&f.value)) return *v;
    }
  }
  return std::nullopt;
}
inline std::optional<std::string> StringField(const TraceEvent& e, const std::string& key) {
  for (const auto& f : e.fields()) {
    if (f.key == key) {
      if (const auto* v = std::get_if<std::string>(&f.value)) return *v;
    }
  }
  return std::nullopt;
}

}  // namespace meshsim::testing
