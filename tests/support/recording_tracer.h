// File: tests/support/recording_tracer.h
//
// A Tracer that keeps every event, for tests that assert on what a component traced.
//
// Example:
//   RecordingTracer tracer;
//   ...;
//   EXPECT_EQ(tracer.Count("cloudmap", "RegisterInstance"), 1);
#pragma once

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
};

}  // namespace meshsim::testing
