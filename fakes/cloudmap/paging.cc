#include "fakes/cloudmap/paging.h"

#include <algorithm>

#include "fakes/cloudmap/errors.h"

namespace meshsim::fakes::internal {
namespace {

constexpr std::string_view kHex = "0123456789abcdef";
constexpr std::string_view kPrefix = "v1.";

uint64_t Fnv1a(std::string_view s) {
  uint64_t h = 14695981039346656037ULL;
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  return h;
}

std::string Hex(std::string_view bytes) {
  std::string out;
  for (unsigned char c : bytes) {
    out += kHex[c >> 4];
    out += kHex[c & 15];
  }
  return out;
}

std::optional<std::string> Unhex(std::string_view hex) {
  if (hex.size() % 2 != 0) return std::nullopt;
  std::string out;
  for (size_t i = 0; i < hex.size(); i += 2) {
    size_t hi = kHex.find(hex[i]), lo = kHex.find(hex[i + 1]);
    if (hi == kHex.npos || lo == kHex.npos) return std::nullopt;
    out += static_cast<char>(hi * 16 + lo);
  }
  return out;
}

std::string Checksum(std::string_view payload) {
  uint64_t h = Fnv1a(payload);
  std::string raw(8, '\0');
  for (int i = 0; i < 8; ++i) raw[i] = static_cast<char>((h >> (8 * i)) & 0xff);
  return Hex(raw);
}

Status BadToken() { return InvalidInput("The NextToken is not valid."); }

}  // namespace

std::string EncodePageToken(std::string_view list, const std::string& last_key) {
  std::string payload = std::string(list) + '\n' + last_key;
  return std::string(kPrefix) + Hex(payload) + "." + Checksum(payload);
}

Result<std::string> DecodePageToken(std::string_view list, const std::string& token) {
  if (token.size() > 4096 || token.rfind(kPrefix, 0) != 0) return BadToken();
  std::string_view body = std::string_view(token).substr(kPrefix.size());
  size_t dot = body.rfind('.');
  if (dot == body.npos) return BadToken();
  std::optional<std::string> payload = Unhex(body.substr(0, dot));
  if (!payload || Checksum(*payload) != body.substr(dot + 1)) return BadToken();
  std::string expected = std::string(list) + '\n';
  if (payload->rfind(expected, 0) != 0) return BadToken();
  return payload->substr(expected.size());
}

Result<Page> PageOf(const std::vector<std::string>& sorted_keys, std::string_view list,
                    const std::optional<std::string>& next_token, int32_t max_results) {
  Page page;
  if (next_token) {
    Result<std::string> last = DecodePageToken(list, *next_token);
    if (!last.ok()) return last.status();
    page.begin =
        std::upper_bound(sorted_keys.begin(), sorted_keys.end(), *last) - sorted_keys.begin();
  }
  page.end = std::min(sorted_keys.size(), page.begin + static_cast<size_t>(max_results));
  if (page.end < sorted_keys.size()) {
    page.next_token = EncodePageToken(list, sorted_keys[page.end - 1]);
  }
  return page;
}

}  // namespace meshsim::fakes::internal
