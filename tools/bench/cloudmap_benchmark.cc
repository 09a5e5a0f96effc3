// FakeCloudMap in process: DiscoverInstances with two query parameters on a service of 1,000
// instances (goal: under 20 us), through the simulator's omniscient view and through a client
// (with its latency, trace and callback on the SimulatedDispatcher), all 1,000 instances as the
// control plane's poll asks for them; and RegisterInstance
// throughput (calls that update one of 1,000 instances, operations run to SUCCESS). Timings and
// rate limits are zeroed so only the fake's own work is measured.
#include <benchmark/benchmark.h>

#include <string>

#include "controller/api/tracer.h"
#include "fakes/cloudmap/fake_cloudmap.h"
#include "sim/kernel/seeded_random.h"
#include "sim/kernel/simulated_dispatcher.h"

namespace meshsim::fakes {
namespace {

constexpr int kInstances = 1000;

cloudmap::Attributes AttributesOf(int i) {
  std::string ip = "10.0." + std::to_string(i / 250) + "." + std::to_string(i % 250);
  return {{"AWS_INSTANCE_IPV4", ip},
          {"AWS_INSTANCE_PORT", "8080"},
          {"AWS_INIT_HEALTH_STATUS", "HEALTHY"},
          {"app", "colorapp"},
          {"version", "v" + std::to_string(i % 10)},
          {"AVAILABILITY_ZONE", "us-west-2" + std::string(1, static_cast<char>('a' + i % 3))},
          {"pod-template-hash", "6f99884fd4"},
          {"k8s.io/namespace", "howto-k8s-cloudmap"},
          {"k8s.io/pod", "colorapp-" + std::to_string(i)},
          {"appmesh.k8s.aws/mesh", "howto-k8s-cloudmap"},
          {"appmesh.k8s.aws/virtualNode", "colorapp"}};
}

struct Fixture {
  Fixture() : cloudmap(dispatcher, random, tracer, Options()), client(cloudmap.NewClient("bench")) {
    auto ns = cloudmap.CreateNamespaceNow("apps.local", cloudmap::NamespaceType::kDnsPrivate,
                                          "vpc-1");
    client->CreateService(
        {.name = "colorapp",
         .namespace_id = ns->id,
         .dns_config = cloudmap::DnsConfig{.routing_policy = cloudmap::RoutingPolicy::kMultivalue,
                                           .dns_records = {{cloudmap::RecordType::kA, 300}}},
         .health_check_custom_config = cloudmap::HealthCheckCustomConfig{1}},
        [this](Result<cloudmap::Service> s) { service_id = s->id; });
    dispatcher.RunUntil(dispatcher.Now());
    for (int i = 0; i < kInstances; ++i) Register(i);
  }
  static CloudMapOptions Options() {
    CloudMapOptions o;
    o.api_latency = Distribution();
    o.operation_pending_after = Distribution();
    o.operation_duration = Distribution();
    o.rate_limits.clear();
    return o;
  }
  void Register(int i) {
    client->RegisterInstance({.service_id = service_id,
                              .instance_id = "i-" + std::to_string(i),
                              .attributes = AttributesOf(i)},
                             [](Result<cloudmap::OperationIdResponse>) {});
    dispatcher.RunUntil(dispatcher.Now());
  }
  cloudmap::DiscoverInstancesRequest Query() const {
    return {.namespace_name = "apps.local",
            .service_name = "colorapp",
            .query_parameters = {{"version", "v3"}, {"AVAILABILITY_ZONE", "us-west-2a"}}};
  }

  sim::SimulatedDispatcher dispatcher;
  sim::SeededRandom random{7};
  NullTracer tracer;
  FakeCloudMap cloudmap;
  std::unique_ptr<CloudMapClient> client;
  std::string service_id;
};

void BM_DiscoverInstancesNow(benchmark::State& state) {
  Fixture f;
  cloudmap::DiscoverInstancesRequest req = f.Query();
  size_t found = 0;
  for (auto _ : state) {
    auto r = f.cloudmap.DiscoverInstancesNow(req);
    found = r->instances.size();
    benchmark::DoNotOptimize(r);
  }
  state.counters["instances_returned"] = static_cast<double>(found);
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_DiscoverInstancesNow)->Unit(benchmark::kMicrosecond);

// Discovers through the client once per iteration; counts what the last answer held.
void DiscoverThroughClient(benchmark::State& state, Fixture& f,
                           const cloudmap::DiscoverInstancesRequest& req) {
  size_t found = 0;
  for (auto _ : state) {
    f.client->DiscoverInstances(req, [&found](Result<cloudmap::DiscoverInstancesResponse> r) {
      found = r->instances.size();
    });
    f.dispatcher.RunUntil(f.dispatcher.Now());
  }
  state.counters["instances_returned"] = static_cast<double>(found);
  state.SetItemsProcessed(state.iterations());
}

void BM_DiscoverInstancesClient(benchmark::State& state) {
  Fixture f;
  DiscoverThroughClient(state, f, f.Query());
}
BENCHMARK(BM_DiscoverInstancesClient)->Unit(benchmark::kMicrosecond);

// The control plane's poll: every instance of the service (no query parameters, the 1,000 of
// MaxResults), shuffled as AWS returns them, through a client.
void BM_DiscoverAllInstancesClient(benchmark::State& state) {
  Fixture f;
  DiscoverThroughClient(
      state, f,
      {.namespace_name = "apps.local", .service_name = "colorapp", .max_results = kInstances});
}
BENCHMARK(BM_DiscoverAllInstancesClient)->Unit(benchmark::kMicrosecond);

void BM_RegisterInstance(benchmark::State& state) {
  Fixture f;
  int i = 0;
  for (auto _ : state) {
    f.Register(i);
    i = (i + 1) % kInstances;
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_RegisterInstance)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace meshsim::fakes

BENCHMARK_MAIN();
