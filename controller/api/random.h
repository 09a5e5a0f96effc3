// File: controller/api/random.h
//
// Seeded randomness as a port. Every component gets its own Random stream from the world
// (FoundationDB's deterministicRandom() held as an object), so adding a component never changes
// another's draws. Implementations: sim::SeededRandom (xoshiro256** seeded from the root seed
// and the stream's name).
//
// Example:
//   std::string suffix = random.String(5, kKubeAlphabet);
//   Duration latency = random.UniformDuration(15ms, 40ms);
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "controller/api/time.h"

namespace meshsim {

class Random {
 public:
  virtual ~Random() = default;
  // Returns 64 uniformly distributed bits.
  virtual uint64_t NextU64() = 0;

  // Returns a uniform integer in [0, n). REQUIRES: n > 0.
  uint64_t Uniform(uint64_t n);
  // Returns a uniform double in [0, 1) built from 53 random bits.
  double UniformDouble();
  // Returns true with probability p.
  bool Bernoulli(double p) { return UniformDouble() < p; }
  // Returns a uniform duration in [lo, hi]. REQUIRES: lo <= hi.
  Duration UniformDuration(Duration lo, Duration hi);
  // Returns an exponentially distributed duration with the given mean, rounded to nanoseconds.
  Duration Exponential(Duration mean);
  // Returns a normally distributed duration (Box-Muller), clamped at zero.
  Duration Normal(Duration mean, Duration stddev);
  // Returns `length` characters drawn uniformly from `alphabet`. REQUIRES: alphabet non-empty.
  std::string String(size_t length, std::string_view alphabet);
};

}  // namespace meshsim
