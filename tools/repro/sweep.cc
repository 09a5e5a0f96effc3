#include "tools/repro/sweep.h"

#include <algorithm>
#include <limits>
#include <mutex>
#include <thread>

namespace meshsim::repro {
namespace {

// The state the worker threads share: the next seed to hand out and the results so far.
class SweepState {
 public:
  SweepState(const std::vector<uint64_t>& seeds, const SweepOptions& options)
      : seeds_(seeds), options_(options) {
    counts_.total = seeds.size();
  }

  // The next seed to run, or false when there is none (or the sweep stopped).
  bool Next(uint64_t& seed) {
    std::lock_guard<std::mutex> lock(mu_);
    if (next_ >= seeds_.size() || stopped_) return false;
    seed = seeds_[next_++];
    return true;
  }

  void Done(SeedResult result) {
    std::lock_guard<std::mutex> lock(mu_);
    ++counts_.done;
    if (!result.ok()) {
      ++counts_.failures;
      lowest_failure_ = std::min(lowest_failure_, result.seed);
      if (options_.stop_on_failure) stopped_ = true;
    }
    if (options_.on_result) options_.on_result(result, counts_);
    results_.push_back(std::move(result));
  }

  std::vector<SeedResult> TakeResults() {
    std::sort(results_.begin(), results_.end(),
              [](const SeedResult& a, const SeedResult& b) { return a.seed < b.seed; });
    if (options_.stop_on_failure) {
      // Seeds are handed out ascending, so every seed below the lowest failure has run.
      std::erase_if(results_, [&](const SeedResult& r) { return r.seed > lowest_failure_; });
    }
    return std::move(results_);
  }

 private:
  const std::vector<uint64_t>& seeds_;
  const SweepOptions& options_;
  std::mutex mu_;
  size_t next_ = 0;
  bool stopped_ = false;
  uint64_t lowest_failure_ = std::numeric_limits<uint64_t>::max();
  SweepCounts counts_;
  std::vector<SeedResult> results_;
};

}  // namespace

std::vector<SeedResult> RunSweep(const scenario::Scenario& scenario,
                                 const std::vector<uint64_t>& seeds, const SweepOptions& options) {
  SweepState state(seeds, options);
  auto worker = [&] {
    const scenario::Scenario own = scenario;  // nothing shared between Worlds, not even this
    uint64_t seed = 0;
    while (state.Next(seed)) state.Done(RunSeed(own, seed, options.hooks));
  };
  int jobs = std::max(1, std::min<int>(options.jobs, static_cast<int>(seeds.size())));
  std::vector<std::thread> threads;
  for (int i = 1; i < jobs; ++i) threads.emplace_back(worker);
  worker();
  for (auto& t : threads) t.join();
  return state.TakeResults();
}

}  // namespace meshsim::repro
