// File: tests/support/test_random.h
//
// A small seeded Random for unit tests (SplitMix64): deterministic, no dependency on sim/.
//
// Example:
//   TestRandom random(42);
//   uint64_t x = random.Uniform(10);
#pragma once

#include <cstdint>

#include "controller/api/random.h"

namespace meshsim::testing {

class TestRandom : public Random {
 public:
  explicit TestRandom(uint64_t seed = 1) : state_(seed) {}
  uint64_t NextU64() override {
    uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }

 private:
  uint64_t state_;
};

}  // namespace meshsim::testing
