#include "controller/api/random.h"

#include <cmath>

#include "controller/api/check.h"

namespace meshsim {

uint64_t Random::Uniform(uint64_t n) {
  MESHSIM_CHECK(n > 0) << "Uniform(0)";
  // Lemire's rejection keeps the draw unbiased for any n.
  uint64_t threshold = (0 - n) % n;
  for (;;) {
    uint64_t x = NextU64();
    if (x >= threshold) return x % n;
  }
}

double Random::UniformDouble() { return static_cast<double>(NextU64() >> 11) * 0x1.0p-53; }

Duration Random::UniformDuration(Duration lo, Duration hi) {
  MESHSIM_CHECK(lo <= hi) << lo.count() << " > " << hi.count();
  uint64_t span = static_cast<uint64_t>((hi - lo).count()) + 1;
  return lo + Duration(static_cast<int64_t>(span == 0 ? NextU64() : Uniform(span)));
}

Duration Random::Exponential(Duration mean) {
  double u = UniformDouble();
  double x = -std::log1p(-u) * static_cast<double>(mean.count());
  return Duration(static_cast<int64_t>(std::llround(x)));
}

Duration Random::Normal(Duration mean, Duration stddev) {
  double u1 = UniformDouble(), u2 = UniformDouble();
  double z = std::sqrt(-2.0 * std::log1p(-u1)) * std::cos(2.0 * M_PI * u2);
  double x = static_cast<double>(mean.count()) + z * static_cast<double>(stddev.count());
  return Duration(x < 0 ? 0 : static_cast<int64_t>(std::llround(x)));
}

std::string Random::String(size_t length, std::string_view alphabet) {
  MESHSIM_CHECK(!alphabet.empty()) << "empty alphabet";
  std::string out(length, '\0');
  for (char& c : out) c = alphabet[Uniform(alphabet.size())];
  return out;
}

}  // namespace meshsim
