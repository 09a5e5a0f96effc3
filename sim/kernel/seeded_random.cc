#include "sim/kernel/seeded_random.h"

#include "sim/kernel/hash.h"

namespace meshsim::sim {
namespace {

uint64_t SplitMix64(uint64_t& state) {
  uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

uint64_t Rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

}  // namespace

SeededRandom::SeededRandom(uint64_t seed) {
  uint64_t state = seed;
  for (uint64_t& s : s_) s = SplitMix64(state);
}

uint64_t SeededRandom::NextU64() {
  uint64_t result = Rotl(s_[1] * 5, 7) * 9;
  uint64_t t = s_[1] << 17;
  s_[2] ^= s_[0];
  s_[3] ^= s_[1];
  s_[1] ^= s_[2];
  s_[0] ^= s_[3];
  s_[2] ^= t;
  s_[3] = Rotl(s_[3], 45);
  return result;
}

Random& RandomStreams::Stream(const std::string& name) {
  auto it = streams_.find(name);
  if (it == streams_.end()) {
    uint64_t seed = Fnv1a64(name, root_seed_ * 0x9E3779B97F4A7C15ULL + 0x51ED27);
    it = streams_.emplace(name, std::make_unique<SeededRandom>(seed)).first;
  }
  return *it->second;
}

}  // namespace meshsim::sim
