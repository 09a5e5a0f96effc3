#include "tools/repro/seed_range.h"

#include <cerrno>
#include <cstdlib>
#include <optional>

namespace meshsim::repro {
namespace {

std::optional<uint64_t> ParseDecimal(const std::string& text) {
  if (text.empty() || text.find_first_not_of("0123456789") != std::string::npos) {
    return std::nullopt;
  }
  errno = 0;
  unsigned long long v = std::strtoull(text.c_str(), nullptr, 10);
  if (errno == ERANGE) return std::nullopt;
  return static_cast<uint64_t>(v);
}

Status Invalid(const std::string& what, const std::string& text) {
  return Status(StatusCode::kInvalidArgument, "Usage", what + ", got '" + text + "'");
}

}  // namespace

Result<SeedRange> ParseSeedRange(const std::string& text) {
  const std::string expected = "--seeds takes A..B (unsigned integers, A <= B) or one seed";
  size_t dots = text.find("..");
  if (dots == std::string::npos) {
    std::optional<uint64_t> one = ParseDecimal(text);
    if (!one) return Invalid(expected, text);
    return SeedRange{*one, *one};
  }
  std::optional<uint64_t> first = ParseDecimal(text.substr(0, dots));
  std::optional<uint64_t> last = ParseDecimal(text.substr(dots + 2));
  if (!first || !last || *first > *last) return Invalid(expected, text);
  // size() must fit: the whole uint64 range is not a useful sweep.
  if (*first == 0 && *last == UINT64_MAX) return Invalid(expected, text);
  return SeedRange{*first, *last};
}

Result<Shard> ParseShard(const std::string& text) {
  const std::string expected = "--shard takes I/N with 0 <= I < N (0-based, as JOB_COMPLETION_INDEX)";
  size_t slash = text.find('/');
  if (slash == std::string::npos) return Invalid(expected, text);
  std::optional<uint64_t> index = ParseDecimal(text.substr(0, slash));
  std::optional<uint64_t> count = ParseDecimal(text.substr(slash + 1));
  if (!index || !count || *count == 0 || *index >= *count) return Invalid(expected, text);
  return Shard{*index, *count};
}

std::vector<uint64_t> SeedsOf(const SeedRange& range, const Shard& shard) {
  std::vector<uint64_t> seeds;
  for (uint64_t offset = shard.index; offset < range.size(); offset += shard.count) {
    seeds.push_back(range.first + offset);
    if (range.size() - offset <= shard.count) break;  // the next step would overflow
  }
  return seeds;
}

}  // namespace meshsim::repro
