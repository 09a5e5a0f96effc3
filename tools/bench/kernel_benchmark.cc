// The classic hold model (Vaucher and Duval): N pending events; each handler schedules one new
// event at now + an exponentially distributed delay. items_per_second = events per second.
// BM_BareHeapHold does the same work on a bare binary heap of (time, sequence, function
// pointer), the floor the kernel is measured against.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdint>
#include <vector>

#include "sim/kernel/seeded_random.h"
#include "sim/kernel/simulated_dispatcher.h"

namespace meshsim::sim {
namespace {

constexpr Duration kMeanDelay = std::chrono::milliseconds(100);

struct HoldModel {
  SimulatedDispatcher dispatcher;
  SeededRandom random{42};
  void Handle() {
    dispatcher.Schedule(random.Exponential(kMeanDelay), [this] { Handle(); });
  }
};

void BM_KernelHold(benchmark::State& state) {
  HoldModel model;
  for (int64_t i = 0; i < state.range(0); ++i) {
    model.dispatcher.Schedule(model.random.Exponential(kMeanDelay), [&model] { model.Handle(); });
  }
  for (auto _ : state) model.dispatcher.RunOne();
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_KernelHold)->Arg(10000);

struct BareEvent {
  int64_t time;
  uint64_t seq;
  void (*fn)(void*);
};
struct BareHeap {
  std::vector<BareEvent> heap;
  uint64_t seq = 0;
  int64_t now = 0;
  SeededRandom random{42};
  static bool Later(const BareEvent& a, const BareEvent& b) {
    return a.time != b.time ? a.time > b.time : a.seq > b.seq;
  }
  void Push(int64_t t, void (*fn)(void*)) {
    heap.push_back({t, seq++, fn});
    std::push_heap(heap.begin(), heap.end(), Later);
  }
  static void Handle(void* self) {
    auto* h = static_cast<BareHeap*>(self);
    h->Push(h->now + h->random.Exponential(kMeanDelay).count(), &Handle);
  }
  void RunOne() {
    std::pop_heap(heap.begin(), heap.end(), Later);
    BareEvent e = heap.back();
    heap.pop_back();
    now = e.time;
    e.fn(this);
  }
};

void BM_BareHeapHold(benchmark::State& state) {
  BareHeap h;
  for (int64_t i = 0; i < state.range(0); ++i) h.Push(h.random.Exponential(kMeanDelay).count(), &BareHeap::Handle);
  for (auto _ : state) h.RunOne();
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_BareHeapHold)->Arg(10000);

}  // namespace
}  // namespace meshsim::sim

BENCHMARK_MAIN();
