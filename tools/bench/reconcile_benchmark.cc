// The reconciler's pass over one virtual node of N ready pods, all already registered: list
// the VN's pods, build the desired instances, diff them against Cloud Map (through the
// controller's caches and the real FakeCloudMap) and find nothing to do. This is the pass a
// resync or any pod event costs the controller at steady state. items_per_second = pods
// reconciled per second. Set-up (registering the N pods) is outside the timed loop.
#include <benchmark/benchmark.h>

#include <memory>
#include <string>

#include "controller/cloudmap_controller.h"
#include "fakes/cloudmap/fake_cloudmap.h"
#include "sim/kernel/seeded_random.h"
#include "sim/kernel/simulated_dispatcher.h"
#include "sim/kernel/trace_log.h"
#include "tests/controller/cloudmap/fake_kube.h"
#include "tests/controller/cloudmap/test_objects.h"

namespace meshsim::controller {
namespace {

using testing::CloudMapVn;
using testing::FakeKube;
using testing::ReadyPod;

struct ReconcileWorld {
  explicit ReconcileWorld(int pods)
      : cloudmap(dispatcher, random, trace, fakes::CloudMapOptions{}),
        client(cloudmap.NewClient("controller")),
        kube(dispatcher) {
    cloudmap.CreateNamespaceNow(testing::kCloudMapNs, cloudmap::NamespaceType::kHttp, "");
    kube.meshes.Put(testing::MakeMesh());
    kube.nodes.Put(testing::MakeNode("node-a", "us-west-2", "us-west-2a"));
    kube::Labels labels = {{"app", "backend"}};
    kube.vns.Put(CloudMapVn("backend", labels, "backend"));
    for (int i = 0; i < pods; ++i) {
      std::string ip = "10." + std::to_string(i / 65536) + "." + std::to_string(i / 256 % 256) +
                       "." + std::to_string(i % 256);
      kube.pods.Put(ReadyPod("backend-" + std::to_string(i), ip, labels));
    }
    controller = std::make_unique<CloudMapController>(dispatcher, kube, *client, trace,
                                                      ControllerOptions{});
    controller->Start();
    dispatcher.RunUntil(dispatcher.Now() + std::chrono::minutes(10));  // everything registered
  }

  // Queues the VN and runs until that reconcile has finished.
  void ReconcileOnce() {
    int64_t before = controller->stats().reconciles;
    controller->QueueForTest().Add(std::string(testing::kNs) + "/backend");
    while (controller->stats().reconciles == before ||
           controller->stats().reconciles_in_flight != 0) {
      if (!dispatcher.RunOne()) break;
    }
  }

  sim::SimulatedDispatcher dispatcher;
  sim::SeededRandom random{1};
  sim::TraceLog trace{dispatcher};
  fakes::FakeCloudMap cloudmap;
  std::unique_ptr<CloudMapClient> client;
  FakeKube kube;
  std::unique_ptr<CloudMapController> controller;  // last: dies first
};

void BM_ReconcileVirtualNode(benchmark::State& state) {
  ReconcileWorld world(static_cast<int>(state.range(0)));
  for (auto _ : state) world.ReconcileOnce();
  state.SetItemsProcessed(state.iterations() * state.range(0));
  state.counters["instances_registered"] =
      static_cast<double>(world.controller->stats().operations_started);
}
BENCHMARK(BM_ReconcileVirtualNode)->Arg(1000)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace meshsim::controller
