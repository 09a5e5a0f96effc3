// ParseDuration and ParseDistribution (declared in loader.h): the grammar scenario files and
// settings use for times and latency knobs.
#include <cctype>
#include <limits>
#include <string_view>

#include "sim/scenario/diagnostics.h"
#include "sim/scenario/loader.h"
#include "sim/scenario/yaml_reader.h"

namespace meshsim::scenario {
namespace {

constexpr int64_t kMaxNanos = std::numeric_limits<int64_t>::max();

Status Invalid(const std::string& text, const char* expected) {
  return Status(StatusCode::kInvalidArgument, internal::kInvalidScenario,
                "found '" + text + "'; expected " + expected);
}

// Nanoseconds per unit, or 0 for an unknown unit.
int64_t UnitNanos(std::string_view unit) {
  if (unit == "ns") return 1;
  if (unit == "us" || unit == "\xC2\xB5s") return 1'000;
  if (unit == "ms") return 1'000'000;
  if (unit == "s") return 1'000'000'000;
  if (unit == "m") return 60'000'000'000;
  if (unit == "h") return 3'600'000'000'000;
  return 0;
}

// Adds digits * unit / 10^scale to `total`; false on overflow or a sub-nanosecond remainder.
bool AddTerm(std::string_view whole, std::string_view fraction, int64_t unit, int64_t& total) {
  __int128 value = 0;
  for (char c : whole) {
    value = value * 10 + (c - '0');
    if (value > kMaxNanos) return false;
  }
  value *= unit;
  __int128 frac = 0, scale = 1;
  for (char c : fraction) {
    frac = frac * 10 + (c - '0');
    scale *= 10;
    // frac < scale and unit < 2^42, so frac * unit stays below 2^122: no __int128 overflow.
    if (scale > static_cast<__int128>(1) << 80) return false;
  }
  frac *= unit;
  if (frac % scale != 0) return false;  // finer than a nanosecond
  value += frac / scale + total;
  if (value > kMaxNanos) return false;
  total = static_cast<int64_t>(value);
  return true;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Parses `text` as "<number><unit>" terms; units must strictly decrease ("1m30s", not "30s1m").
std::optional<Duration> ParseTerms(std::string_view text) {
  if (text == "0") return Duration(0);
  if (text.empty()) return std::nullopt;
  int64_t total = 0;
  int64_t previous_unit = kMaxNanos;
  size_t i = 0;
  while (i < text.size()) {
    size_t start = i;
    while (i < text.size() && IsDigit(text[i])) ++i;
    std::string_view whole = text.substr(start, i - start);
    std::string_view fraction;
    if (i < text.size() && text[i] == '.') {
      size_t f = ++i;
      while (i < text.size() && IsDigit(text[i])) ++i;
      fraction = text.substr(f, i - f);
      if (fraction.empty()) return std::nullopt;
    }
    if (whole.empty()) return std::nullopt;
    size_t u = i;
    while (i < text.size() && !IsDigit(text[i]) && text[i] != '.') ++i;
    int64_t unit = UnitNanos(text.substr(u, i - u));
    if (unit == 0 || unit >= previous_unit) return std::nullopt;
    if (!AddTerm(whole, fraction, unit, total)) return std::nullopt;
    previous_unit = unit;
  }
  return Duration(total);
}

// Splits "name(args)" into name and args; false when the shape is different.
bool SplitCall(std::string_view text, std::string_view& name, std::string_view& args) {
  size_t open = text.find('(');
  if (open == std::string_view::npos || text.back() != ')') return false;
  name = Trim(text.substr(0, open));
  args = text.substr(open + 1, text.size() - open - 2);
  return true;
}

// Parses comma-separated durations, one per entry of `keys`; a non-empty key means the
// argument is written "key=D" (exponential(mean=2s)), an empty one means a bare "D".
std::optional<std::vector<Duration>> ParseArgs(std::string_view args,
                                               const std::vector<std::string_view>& keys) {
  std::vector<Duration> out;
  size_t i = 0;
  while (true) {
    size_t comma = args.find(',', i);
    std::string_view arg =
        Trim(args.substr(i, comma == std::string_view::npos ? args.npos : comma - i));
    if (out.size() >= keys.size()) return std::nullopt;
    std::string_view key = keys[out.size()];
    if (!key.empty()) {
      size_t eq = arg.find('=');
      if (eq == std::string_view::npos || Trim(arg.substr(0, eq)) != key) return std::nullopt;
      arg = Trim(arg.substr(eq + 1));
    }
    std::optional<Duration> d = ParseTerms(arg);
    if (!d) return std::nullopt;
    out.push_back(*d);
    if (comma == std::string_view::npos) break;
    i = comma + 1;
  }
  if (out.size() != keys.size()) return std::nullopt;
  return out;
}

}  // namespace

Result<Duration> ParseDuration(const std::string& text) {
  std::optional<Duration> d = ParseTerms(Trim(text));
  if (!d) return Invalid(text, internal::kDurationGrammar);
  return *d;
}

Result<Distribution> ParseDistribution(const std::string& text) {
  std::string_view trimmed = Trim(text);
  std::string_view name, args;
  if (!SplitCall(trimmed, name, args)) {
    std::optional<Duration> d = ParseTerms(trimmed);
    if (!d) return Invalid(text, internal::kDistributionGrammar);
    return Distribution::Fixed(*d);
  }
  std::optional<std::vector<Duration>> v;
  if (name == "uniform") {
    v = ParseArgs(args, {"", ""});
    if (v && (*v)[0] > (*v)[1]) v.reset();  // low must not exceed high
    if (v) return Distribution::Uniform((*v)[0], (*v)[1]);
  } else if (name == "exponential") {
    v = ParseArgs(args, {"mean"});
    if (v) return Distribution::Exponential((*v)[0]);
  } else if (name == "normal") {
    v = ParseArgs(args, {"mean", "stddev"});
    if (v) return Distribution::Normal((*v)[0], (*v)[1]);
  }
  return Invalid(text, internal::kDistributionGrammar);
}

}  // namespace meshsim::scenario
