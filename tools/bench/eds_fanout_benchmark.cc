// EDS fan-out: one endpoint change of an upstream cluster pushed, as one shared immutable
// ClusterLoadAssignment, to 1,000 Envoy models, each applying it after its apply delay and
// tracing the addresses it added and removed (the "each Envoy has it" hop of the reports).
// items_per_second = Envoy updates applied per second. The trace goes through a real TraceLog
// (hashed JSON lines), as in a simulated run.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "fakes/appmesh/cluster_load_assignment.h"
#include "fakes/appmesh/envoy_model.h"
#include "sim/kernel/seeded_random.h"
#include "sim/kernel/simulated_dispatcher.h"
#include "sim/kernel/trace_log.h"

namespace meshsim::fakes {
namespace {

constexpr char kCluster[] = "bench/backend";

// The backend's endpoints: `n` addresses, the last one replaced on every change.
std::vector<Endpoint> Endpoints(int n, int change) {
  std::vector<Endpoint> out;
  for (int i = 0; i < n - 1; ++i) {
    out.push_back({.address = "10.0." + std::to_string(i / 250) + "." + std::to_string(i % 250),
                   .port = 8080, .health = cloudmap::HealthStatus::kHealthy});
  }
  out.push_back({.address = "10.9." + std::to_string(change / 250 % 250) + "." +
                            std::to_string(change % 250),
                 .port = 8080, .health = cloudmap::HealthStatus::kHealthy});
  // Sorted by address, as the control plane's snapshots are.
  std::sort(out.begin(), out.end(),
            [](const Endpoint& a, const Endpoint& b) { return a.address < b.address; });
  return out;
}

void BM_EdsFanout(benchmark::State& state) {
  const int envoys = static_cast<int>(state.range(0));
  const int endpoints = static_cast<int>(state.range(1));
  sim::SimulatedDispatcher dispatcher;
  sim::SeededRandom random(1);
  sim::TraceLog trace(dispatcher);
  std::vector<std::unique_ptr<EnvoyModel>> fleet;
  for (int i = 0; i < envoys; ++i) {
    fleet.push_back(std::make_unique<EnvoyModel>(
        dispatcher, random, trace, "front-" + std::to_string(i), "bench/front",
        Distribution::Uniform(std::chrono::milliseconds(1), std::chrono::milliseconds(10))));
  }
  uint64_t version = 0;
  for (auto _ : state) {
    ++version;
    auto snapshot = std::make_shared<const ClusterLoadAssignment>(ClusterLoadAssignment{
        .cluster_name = kCluster, .version = std::to_string(version), .version_number = version,
        .endpoints = Endpoints(endpoints, static_cast<int>(version))});
    for (auto& envoy : fleet) envoy->Receive(snapshot, std::to_string(version));
    dispatcher.RunUntil(dispatcher.Now() + std::chrono::seconds(1));
  }
  state.SetItemsProcessed(state.iterations() * envoys);
  benchmark::DoNotOptimize(trace.hash());
}
BENCHMARK(BM_EdsFanout)->Args({1000, 50})->Args({1000, 1000})->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace meshsim::fakes
