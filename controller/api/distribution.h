// File: controller/api/distribution.h
//
// A duration distribution as a value type: what scenario files write as `250ms`,
// `uniform(1s, 3s)`, `exponential(mean=2s)` or `normal(mean=1s, stddev=200ms)`. Knobs of the
// fakes and the controller hold one and sample it with their own Random stream.
//
// Example:
//   Distribution latency = Distribution::Uniform(15ms, 40ms);
//   Duration d = latency.Sample(random);
#pragma once

#include <string>

#include "controller/api/random.h"
#include "controller/api/time.h"

namespace meshsim {

class Distribution {
 public:
  enum class Kind { kFixed, kUniform, kExponential, kNormal };

  Distribution() = default;  // fixed zero
  static Distribution Fixed(Duration d) { return Distribution(Kind::kFixed, d, d); }
  static Distribution Uniform(Duration lo, Duration hi) { return Distribution(Kind::kUniform, lo, hi); }
  static Distribution Exponential(Duration mean) { return Distribution(Kind::kExponential, mean, {}); }
  static Distribution Normal(Duration mean, Duration stddev) {
    return Distribution(Kind::kNormal, mean, stddev);
  }

  // Draws one duration. A fixed distribution draws nothing from `random`, so making a knob
  // fixed does not shift the stream.
  Duration Sample(Random& random) const;
  Kind kind() const { return kind_; }
  // The mean (fixed value, midpoint, mean).
  Duration Mean() const;
  // The form a scenario file writes: "250ms", "uniform(1s, 3s)", "exponential(mean=2s)".
  std::string ToString() const;

  friend bool operator==(const Distribution&, const Distribution&) = default;

 private:
  Distribution(Kind kind, Duration a, Duration b) : kind_(kind), a_(a), b_(b) {}
  Kind kind_ = Kind::kFixed;
  Duration a_{0};  // fixed value, low bound, or mean
  Duration b_{0};  // high bound or stddev
};

}  // namespace meshsim
