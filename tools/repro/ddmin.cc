#include "tools/repro/ddmin.h"

#include <algorithm>
#include <numeric>

namespace meshsim::repro {
namespace {

// Splits `units` into `n` contiguous chunks of nearly equal size.
std::vector<std::vector<size_t>> Split(const std::vector<size_t>& units, size_t n) {
  std::vector<std::vector<size_t>> chunks;
  size_t start = 0;
  for (size_t i = 0; i < n; ++i) {
    size_t end = start + (units.size() - start) / (n - i);
    chunks.emplace_back(units.begin() + start, units.begin() + end);
    start = end;
  }
  return chunks;
}

std::vector<size_t> Without(const std::vector<size_t>& units, const std::vector<size_t>& chunk) {
  std::vector<size_t> out;
  std::set_difference(units.begin(), units.end(), chunk.begin(), chunk.end(),
                      std::back_inserter(out));
  return out;
}

}  // namespace

std::vector<size_t> DeltaDebug(size_t count,
                               const std::function<bool(const std::vector<size_t>&)>& still_fails) {
  std::vector<size_t> units(count);
  std::iota(units.begin(), units.end(), 0);
  if (units.empty() || still_fails({})) return {};
  size_t n = 2;
  while (units.size() >= 2) {
    std::vector<std::vector<size_t>> chunks = Split(units, n);
    bool reduced = false;
    for (const auto& chunk : chunks) {  // reduce to a subset
      if (chunk.size() < units.size() && still_fails(chunk)) {
        units = chunk;
        n = 2;
        reduced = true;
        break;
      }
    }
    for (size_t i = 0; !reduced && n > 2 && i < chunks.size(); ++i) {  // reduce to a complement
      std::vector<size_t> rest = Without(units, chunks[i]);
      if (still_fails(rest)) {
        units = rest;
        n = std::max<size_t>(n - 1, 2);
        reduced = true;
      }
    }
    if (reduced) continue;
    if (n >= units.size()) break;
    n = std::min(units.size(), n * 2);
  }
  // 1-minimality for a single unit: ddmin above tested its removal as the empty subset.
  return units;
}

}  // namespace meshsim::repro
