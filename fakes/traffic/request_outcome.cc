#include "fakes/traffic/request_outcome.h"

#include <algorithm>
#include <chrono>

namespace meshsim::fakes {
namespace {

constexpr std::array<const char*, kRequestOutcomeCount> kNames = {
    "success", "retried", "connect_failure", "no_healthy_upstream"};

size_t SecondOf(Duration at) {
  return at.count() <= 0 ? 0 : static_cast<size_t>(at / std::chrono::seconds(1));
}

// The first second not overlapping [.., to).
size_t EndSecond(Duration to) {
  if (to.count() <= 0) return 0;
  return static_cast<size_t>((to.count() + 999'999'999) / 1'000'000'000);
}

}  // namespace

const char* OutcomeName(RequestOutcome outcome) { return kNames[static_cast<size_t>(outcome)]; }

std::optional<RequestOutcome> ParseOutcome(std::string_view name) {
  for (RequestOutcome o : AllOutcomes()) {
    if (name == OutcomeName(o)) return o;
  }
  return std::nullopt;
}

const std::array<RequestOutcome, kRequestOutcomeCount>& AllOutcomes() {
  static const std::array<RequestOutcome, kRequestOutcomeCount> kAll = {
      RequestOutcome::kSuccess, RequestOutcome::kRetried, RequestOutcome::kConnectFailure,
      RequestOutcome::kNoHealthyUpstream};
  return kAll;
}

void OutcomeCounts::Add(RequestOutcome outcome, Duration at) {
  size_t second = SecondOf(at);
  if (seconds_.size() <= second) seconds_.resize(second + 1, Bucket{});
  ++seconds_[second][Index(outcome)];
  ++totals_[Index(outcome)];
}

int64_t OutcomeCounts::total() const {
  int64_t sum = 0;
  for (int64_t n : totals_) sum += n;
  return sum;
}

int64_t OutcomeCounts::Between(RequestOutcome outcome, Duration from, Duration to) const {
  int64_t sum = 0;
  size_t end = std::min(EndSecond(to), seconds_.size());
  for (size_t s = SecondOf(from); s < end; ++s) sum += seconds_[s][Index(outcome)];
  return sum;
}

int64_t OutcomeCounts::BetweenAll(Duration from, Duration to) const {
  int64_t sum = 0;
  for (RequestOutcome o : AllOutcomes()) sum += Between(o, from, to);
  return sum;
}

int64_t OutcomeCounts::PeakPerSecond(RequestOutcome outcome) const {
  int64_t peak = 0;
  for (const Bucket& b : seconds_) peak = std::max(peak, b[Index(outcome)]);
  return peak;
}

}  // namespace meshsim::fakes
