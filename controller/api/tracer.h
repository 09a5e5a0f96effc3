// File: controller/api/tracer.h
//
// Structured trace events as a port (FoundationDB's TraceEvent("Name").detail("k", v)). The
// controller and the fakes record every externally visible step through a Tracer; the
// simulator's tracer stamps simulated time, writes JSON lines and keeps a running 64-bit hash,
// so the same scenario and seed give a byte-identical trace. Fields keep insertion order and
// values are integers, booleans or strings only: no floating point, no addresses.
//
// Example:
//   tracer.Record(TraceEvent("cloudmap", "RegisterInstance")
//                     .With("service", service_id).With("instance", ip).With("attempt", 2));
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "controller/api/time.h"

namespace meshsim {

using TraceValue = std::variant<int64_t, bool, std::string>;

class TraceEvent {
 public:
  struct Field {
    std::string key;
    TraceValue value;
  };

  TraceEvent(std::string_view component, std::string_view name)
      : component_(component), name_(name) {}

  TraceEvent& With(std::string_view key, std::string_view v) {
    fields_.push_back({std::string(key), std::string(v)});
    return *this;
  }
  TraceEvent& With(std::string_view key, const char* v) { return With(key, std::string_view(v)); }
  TraceEvent& With(std::string_view key, const std::string& v) {
    return With(key, std::string_view(v));
  }
  TraceEvent& With(std::string_view key, bool v) {
    fields_.push_back({std::string(key), v});
    return *this;
  }
  TraceEvent& With(std::string_view key, int64_t v) {
    fields_.push_back({std::string(key), v});
    return *this;
  }
  TraceEvent& With(std::string_view key, int v) { return With(key, static_cast<int64_t>(v)); }
  TraceEvent& With(std::string_view key, uint64_t v) { return With(key, static_cast<int64_t>(v)); }
  TraceEvent& With(std::string_view key, unsigned v) { return With(key, static_cast<int64_t>(v)); }
  TraceEvent& With(std::string_view key, long long v) { return With(key, static_cast<int64_t>(v)); }
  // Durations are recorded as integer nanoseconds under `<key>_ns`.
  TraceEvent& With(std::string_view key, Duration d) {
    return With(std::string(key) + "_ns", static_cast<int64_t>(d.count()));
  }

  const std::string& component() const { return component_; }
  const std::string& name() const { return name_; }
  const std::vector<Field>& fields() const { return fields_; }

 private:
  std::string component_;
  std::string name_;
  std::vector<Field> fields_;
};

class Tracer {
 public:
  virtual ~Tracer() = default;
  // Records one event at the current time of the tracer's clock.
  virtual void Record(const TraceEvent& event) = 0;
};

// A Tracer that drops everything, for tests that do not look at traces.
class NullTracer : public Tracer {
 public:
  void Record(const TraceEvent&) override {}
};

}  // namespace meshsim
