#include "sim/world/traffic_runner.h"

#include <algorithm>

#include "controller/api/time.h"

namespace meshsim::world {
namespace {

// The outcomes a check's `outcome` word counts.
std::vector<fakes::RequestOutcome> OutcomesOf(const std::string& word) {
  using fakes::RequestOutcome;
  if (word == "all") {
    const auto& all = fakes::AllOutcomes();
    return std::vector<RequestOutcome>(all.begin(), all.end());
  }
  if (word == "failed") return {RequestOutcome::kConnectFailure, RequestOutcome::kNoHealthyUpstream};
  if (auto o = fakes::ParseOutcome(word)) return {*o};
  return {};
}

std::string Bounds(const scenario::RequestsCheck& c) {
  std::vector<std::string> parts;
  if (c.min) parts.push_back(">= " + std::to_string(*c.min));
  if (c.max) parts.push_back("<= " + std::to_string(*c.max));
  auto share = [](int32_t per_mille) {
    return std::to_string(per_mille / 10) + "." + std::to_string(per_mille % 10) + "%";
  };
  if (c.min_per_mille) parts.push_back("share >= " + share(*c.min_per_mille));
  if (c.max_per_mille) parts.push_back("share <= " + share(*c.max_per_mille));
  if (c.max_per_second) parts.push_back("<= " + std::to_string(*c.max_per_second) + "/s");
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : ", ") + p;
  return out;
}

}  // namespace

TrafficRunner::TrafficRunner(Dispatcher& dispatcher, Tracer& tracer, sim::RandomStreams& streams,
                             fakes::FakeKubeApi& api,
                             const fakes::AppMeshControlPlane& control_plane,
                             const scenario::Scenario& scenario,
                             const fakes::DataPlaneOptions& options,
                             const std::string& default_namespace)
    : scenario_(scenario), hosts_(api), model_(dispatcher, tracer, control_plane, hosts_, options) {
  for (const scenario::TrafficStream& s : scenario.traffic) {
    std::string ns = s.namespace_name.empty() ? default_namespace : s.namespace_name;
    model_.AddStream({.name = s.name,
                      .from_virtual_node = ns + "/" + s.from,
                      .to = ns + "/" + s.to,
                      .to_virtual_node = s.to_virtual_node,
                      .rate_milli_rps = s.rate_milli_rps,
                      .arrivals = s.poisson ? fakes::Arrivals::kPoisson : fakes::Arrivals::kFixed,
                      .start = s.start,
                      // The run ends at its duration: no request at that instant.
                      .stop = std::min(s.stop.value_or(scenario.duration), scenario.duration)},
                     streams.Stream("traffic/" + s.name));
  }
}

void TrafficRunner::Start() {
  if (model_.stream_count() > 0) model_.Start();
}

void TrafficRunner::Flush() {
  if (model_.stream_count() > 0) model_.Flush();
}

std::vector<size_t> TrafficRunner::Picked(const scenario::RequestsCheck& check) const {
  std::vector<size_t> out;
  for (size_t i = 0; i < scenario_.traffic.size(); ++i) {
    const scenario::TrafficStream& s = scenario_.traffic[i];
    if (check.stream && s.name != *check.stream) continue;
    if (check.from && s.from != *check.from) continue;
    if (check.to && s.to != *check.to) continue;
    out.push_back(i);
  }
  return out;
}

CheckOutcome TrafficRunner::Evaluate(const scenario::RequestsCheck& check) const {
  Duration until = check.until.value_or(Duration::max() / 2);
  int64_t count = 0;
  int64_t all = 0;
  int64_t peak = 0;
  CheckOutcome out;
  for (size_t i : Picked(check)) {
    const fakes::OutcomeCounts& counts = model_.counts(i);
    all += counts.BetweenAll(check.since, until);
    for (fakes::RequestOutcome o : OutcomesOf(check.outcome)) {
      count += counts.Between(o, check.since, until);
    }
    out.subjects.push_back(model_.spec(i).name);
  }
  if (check.max_per_second) {
    // The busiest second of the picked outcomes summed over the picked streams.
    std::vector<int64_t> seconds;
    for (size_t i : Picked(check)) {
      const auto& buckets = model_.counts(i).seconds();
      if (seconds.size() < buckets.size()) seconds.resize(buckets.size(), 0);
      for (size_t s = 0; s < buckets.size(); ++s) {
        Duration at = std::chrono::seconds(s);
        if (at + std::chrono::seconds(1) <= check.since || at >= until) continue;
        for (fakes::RequestOutcome o : OutcomesOf(check.outcome)) {
          seconds[s] += buckets[s][static_cast<size_t>(o)];
        }
      }
    }
    for (int64_t n : seconds) peak = std::max(peak, n);
  }
  int64_t per_mille = all == 0 ? 0 : count * 1000 / all;
  bool holds = true;
  if (check.min && count < *check.min) holds = false;
  if (check.max && count > *check.max) holds = false;
  // A share of no requests is not evidence: a fraction bound needs at least one request.
  if (check.min_per_mille && (all == 0 || count * 1000 < *check.min_per_mille * all)) holds = false;
  if (check.max_per_mille && (all == 0 || count * 1000 > *check.max_per_mille * all)) holds = false;
  if (check.max_per_second && peak > *check.max_per_second) holds = false;
  out.holds = holds;
  out.expected = check.outcome + " requests " + Bounds(check);
  out.actual = std::to_string(count) + " " + check.outcome + " of " + std::to_string(all) +
               " requests (" + std::to_string(per_mille / 10) + "." +
               std::to_string(per_mille % 10) + "%)";
  if (check.max_per_second) out.actual += ", busiest second " + std::to_string(peak);
  return out;
}

}  // namespace meshsim::world
