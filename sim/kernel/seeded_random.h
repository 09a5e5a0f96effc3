// File: sim/kernel/seeded_random.h
//
// Deterministic random streams. One root seed per world; each component asks for a named
// stream, whose state is derived from (root seed, name) alone, so adding a component or
// drawing more in one stream never changes another stream's draws. The generator is
// xoshiro256** seeded through SplitMix64 (its authors' recommended seeding).
//
// Example:
//   RandomStreams streams(42);
//   Random& k8s = streams.Stream("k8s");
//   Random& cloudmap = streams.Stream("cloudmap");
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>

#include "controller/api/random.h"

namespace meshsim::sim {

class SeededRandom : public Random {
 public:
  explicit SeededRandom(uint64_t seed);
  uint64_t NextU64() override;

 private:
  uint64_t s_[4];
};

class RandomStreams {
 public:
  explicit RandomStreams(uint64_t root_seed) : root_seed_(root_seed) {}
  // Returns the stream of that name, creating it on first use. The reference stays valid for
  // the lifetime of this object.
  Random& Stream(const std::string& name);
  uint64_t root_seed() const { return root_seed_; }

 private:
  uint64_t root_seed_;
  std::map<std::string, std::unique_ptr<SeededRandom>> streams_;
};

}  // namespace meshsim::sim
