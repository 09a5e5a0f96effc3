#include "controller/api/distribution.h"

namespace meshsim {

Duration Distribution::Sample(Random& random) const {
  switch (kind_) {
    case Kind::kFixed: return a_;
    case Kind::kUniform: return random.UniformDuration(a_, b_);
    case Kind::kExponential: return random.Exponential(a_);
    case Kind::kNormal: return random.Normal(a_, b_);
  }
  return a_;
}

Duration Distribution::Mean() const {
  return kind_ == Kind::kUniform ? a_ + (b_ - a_) / 2 : a_;
}

std::string Distribution::ToString() const {
  switch (kind_) {
    case Kind::kFixed: return FormatDuration(a_);
    case Kind::kUniform: return "uniform(" + FormatDuration(a_) + ", " + FormatDuration(b_) + ")";
    case Kind::kExponential: return "exponential(mean=" + FormatDuration(a_) + ")";
    case Kind::kNormal:
      return "normal(mean=" + FormatDuration(a_) + ", stddev=" + FormatDuration(b_) + ")";
  }
  return "?";
}

}  // namespace meshsim
