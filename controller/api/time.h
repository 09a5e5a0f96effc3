// File: controller/api/time.h
//
// Integer-tick time types. Durations are nanoseconds in an int64 (ns-3's Time, Envoy's
// MonotonicTime), never a double of seconds whose equal-time order depends on epsilons.
// MonotonicTime only has meaning as a difference; SystemTime stamps API shapes (CreateDate,
// deletionTimestamp) and in simulation is a fixed epoch plus simulated time.
//
// Example:
//   MonotonicTime deadline = dispatcher.Now() + std::chrono::seconds(5);
//   if (dispatcher.Now() >= deadline) ...
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace meshsim {

using Duration = std::chrono::nanoseconds;

struct MonotonicClock {
  using rep = int64_t;
  using period = std::nano;
  using duration = Duration;
  using time_point = std::chrono::time_point<MonotonicClock, Duration>;
  static constexpr bool is_steady = true;
};
using MonotonicTime = MonotonicClock::time_point;

using SystemTime = std::chrono::sys_time<Duration>;

// Nanoseconds since the epoch of `t`, for traces and JSON.
inline int64_t ToNanos(MonotonicTime t) { return t.time_since_epoch().count(); }
inline int64_t ToNanos(Duration d) { return d.count(); }

// Formats a duration the way people read them: "0s", "250ms", "1.5s", "4m15s", "2h0m5s".
std::string FormatDuration(Duration d);

}  // namespace meshsim
