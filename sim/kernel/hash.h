// File: sim/kernel/hash.h
//
// FNV-1a, 64-bit: the trace hash and stream-seed derivation. Chosen because it is tiny,
// byte-order independent and specified exactly, so a hash printed on one machine can be
// compared with one printed on any other.
//
// Example:
//   uint64_t h = kFnvOffset64;
//   h = Fnv1a64("line\n", h);
#pragma once

#include <cstdint>
#include <string_view>

namespace meshsim::sim {

inline constexpr uint64_t kFnvOffset64 = 0xcbf29ce484222325ULL;
inline constexpr uint64_t kFnvPrime64 = 0x100000001b3ULL;

// Continues an FNV-1a hash `h` over `bytes`.
inline uint64_t Fnv1a64(std::string_view bytes, uint64_t h = kFnvOffset64) {
  for (unsigned char c : bytes) {
    h ^= c;
    h *= kFnvPrime64;
  }
  return h;
}

}  // namespace meshsim::sim
