// File: tools/repro/seed_range.h
//
// Which seeds a sweep runs: an inclusive range `A..B`, optionally one shard `I/N` of it.
// Shards split the range round-robin by position (seed A+k goes to shard k mod N), so every
// shard gets a similar mix of seeds, the split depends only on (A, B, N), and the shards'
// union is exactly the range with no seed twice. Shard indexes are 0-based, as Kubernetes'
// JOB_COMPLETION_INDEX is.
//
// Example:
//   Result<SeedRange> r = ParseSeedRange("1..1000");
//   Result<Shard> s = ParseShard("3/8");
//   for (uint64_t seed : SeedsOf(*r, *s)) ...
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "controller/api/status.h"

namespace meshsim::repro {

struct SeedRange {
  uint64_t first = 1;
  uint64_t last = 1;  // inclusive
  uint64_t size() const { return last - first + 1; }
  friend bool operator==(const SeedRange&, const SeedRange&) = default;
};

struct Shard {
  uint64_t index = 0;  // 0-based
  uint64_t count = 1;
  friend bool operator==(const Shard&, const Shard&) = default;
};

// Parses "A..B" (A <= B) or a single seed "A". kInvalidArgument otherwise.
Result<SeedRange> ParseSeedRange(const std::string& text);
// Parses "I/N" with 0 <= I < N. kInvalidArgument otherwise.
Result<Shard> ParseShard(const std::string& text);
// The seeds of `range` that belong to `shard`, ascending.
std::vector<uint64_t> SeedsOf(const SeedRange& range, const Shard& shard = {});

}  // namespace meshsim::repro
