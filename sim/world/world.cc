#include "sim/world/world.h"

#include "controller/controller_process.h"
#include "fakes/appmesh/control_plane.h"
#include "fakes/cloudmap/fake_cloudmap.h"
#include "fakes/k8s/kube_cluster.h"
#include "sim/kernel/seeded_random.h"
#include "sim/kernel/simulated_dispatcher.h"
#include "sim/kernel/trace_log.h"
#include "sim/world/aws_cli_view.h"
#include "sim/world/check_evaluator.h"
#include "sim/world/component_options.h"
#include "sim/world/kubectl_view.h"
#include "sim/world/pod_query.h"
#include "sim/world/timeline.h"
#include "sim/world/traffic_runner.h"

namespace meshsim::world {
namespace {

// The namespace references default to: the first Namespace the manifests create.
std::string DefaultNamespace(const scenario::Scenario& s) {
  for (const auto& m : s.manifests) {
    if (const auto* ns = std::get_if<kube::Namespace>(&m.object)) return ns->metadata.name;
  }
  return "default";
}

}  // namespace

// Members are declared in construction order: each part is built from the ones above it.
struct World::Parts {
  Parts(const scenario::Scenario& s, uint64_t seed, ComponentOptions o)
      : scenario(s),
        seed(seed),
        streams(seed),
        trace(dispatcher),
        options(std::move(o)),
        cluster(dispatcher, streams.Stream("k8s"), trace, options.kubernetes),
        cloudmap(dispatcher, streams.Stream("cloudmap"), trace, options.cloudmap),
        controller_client(cloudmap.NewClient("controller")),
        control_plane_client(cloudmap.NewClient("controlplane")),
        controller(dispatcher, cluster.api(), *controller_client, trace, options.controller),
        control_plane(dispatcher, streams.Stream("controlplane"), trace, *control_plane_client,
                      cluster.api().VirtualNodes(), cluster.api().VirtualServices(),
                      cluster.api().VirtualRouters(), cluster.api().Pods(), options.control_plane),
        traffic(dispatcher, trace, streams, cluster.api(), control_plane, s, options.data_plane,
                DefaultNamespace(s)),
        pods(cluster.api(), DefaultNamespace(s)),
        evaluator(cloudmap, control_plane, pods),
        monitor(dispatcher, trace, s.assertions, evaluator),
        timeline(dispatcher, trace, cluster, s, pods, streams.Stream("churn"),
                 {&controller, &cloudmap, &control_plane}) {}

  const scenario::Scenario& scenario;
  uint64_t seed;
  sim::SimulatedDispatcher dispatcher;
  sim::RandomStreams streams;
  sim::TraceLog trace;
  ComponentOptions options;
  fakes::KubeCluster cluster;
  fakes::FakeCloudMap cloudmap;
  std::unique_ptr<CloudMapClient> controller_client;
  std::unique_ptr<CloudMapClient> control_plane_client;
  controller::ControllerProcess controller;  // crash/restart/pause/slow-down: timeline actions
  fakes::AppMeshControlPlane control_plane;
  TrafficRunner traffic;  // the scenario's `traffic:` streams
  PodQuery pods;
  CheckEvaluator evaluator;
  AssertionMonitor monitor;
  Timeline timeline;
};

World::World(std::unique_ptr<Parts> parts) : parts_(std::move(parts)) {}
World::~World() = default;

Result<std::unique_ptr<World>> World::Create(const scenario::Scenario& scenario,
                                             const RunOptions& options) {
  Result<ComponentOptions> component_options = ReadComponentOptions(scenario);
  if (!component_options.ok()) return component_options.status();
  if (options.adjust_options_for_test) options.adjust_options_for_test(*component_options);
  uint64_t seed = options.seed.value_or(scenario.seed);
  auto parts = std::make_unique<Parts>(scenario, seed, std::move(*component_options));
  Parts& p = *parts;
  p.trace.SetSink(options.trace_sink);
  if (options.trace_observer) p.trace.AddObserver(options.trace_observer);
  p.trace.Record(TraceEvent("world", "Start").With("scenario", scenario.name).With("seed", seed));
  // Set-up that exists before anything runs: worker nodes, and the Cloud Map namespaces the
  // walkthrough's deploy.sh creates before it applies the manifests.
  std::vector<scenario::NodeGroup> groups = scenario.cluster.node_groups;
  if (groups.empty()) {
    // Two nodes in two zones, the smallest EKS node group eksctl creates by default.
    groups = {{.zone = scenario.cluster.region + "a"}, {.zone = scenario.cluster.region + "b"}};
  }
  for (const auto& group : groups) {
    for (int i = 0; i < group.count; ++i) {
      auto node = p.cluster.AddNode(group.zone);
      if (!node.ok()) return Status(StatusCode::kInvalidArgument, "InvalidScenario",
                                    group.span.ToString() + ": error: " + node.status().message());
    }
  }
  for (const auto& ns : scenario.cloudmap_namespaces) {
    auto type = cloudmap::ParseNamespaceType(ns.type);
    auto created = p.cloudmap.CreateNamespaceNow(ns.name, type.value_or(cloudmap::NamespaceType::kDnsPrivate), ns.vpc);
    if (!created.ok()) return Status(StatusCode::kInvalidArgument, "InvalidScenario",
                                     ns.span.ToString() + ": error: " + created.status().ToString());
  }
  p.trace.AddObserver([&p](const sim::TraceRecord& r) { p.monitor.OnTrace(r); });
  p.controller.Start();
  p.control_plane.Start();
  p.evaluator.set_traffic(&p.traffic);
  p.traffic.Start();
  p.timeline.Start();
  p.monitor.Start();
  return std::unique_ptr<World>(new World(std::move(parts)));
}

RunResult World::Run() {
  Parts& p = *parts_;
  p.dispatcher.RunUntil(MonotonicTime(p.scenario.duration));
  p.traffic.Flush();
  p.monitor.Finish();
  p.trace.Record(TraceEvent("world", "End").With("events", p.dispatcher.events_processed()));
  RunResult r;
  r.scenario = p.scenario.name;
  r.seed = p.seed;
  r.sim_time = p.dispatcher.Now().time_since_epoch();
  r.events = p.dispatcher.events_processed();
  r.trace_events = p.trace.events();
  r.trace_hash = p.trace.HashHex();
  r.assertions = p.monitor.outcomes();
  r.passed = p.monitor.passed();
  r.failed = p.monitor.failed();
  return r;
}

void World::RunUntil(MonotonicTime until) {
  if (until > parts_->dispatcher.Now()) parts_->dispatcher.RunUntil(until);
}

MonotonicTime World::Now() const { return parts_->dispatcher.Now(); }

Duration World::duration() const { return parts_->scenario.duration; }

fakes::FakeCloudMap& World::cloudmap() { return parts_->cloudmap; }
const fakes::AppMeshControlPlane& World::control_plane() const { return parts_->control_plane; }
Dispatcher& World::dispatcher() { return parts_->dispatcher; }
const fakes::xds::ProfileOptions& World::xds_profile() const { return parts_->options.xds; }

std::string World::RenderViews() {
  Parts& p = *parts_;
  std::string out;
  for (const auto& view : p.scenario.views) {
    if (!out.empty()) out += "\n";
    if (const auto* k = std::get_if<scenario::KubectlGetPodsView>(&view)) {
      out += "$ kubectl get pod -n " + k->namespace_name + " -o wide\n";
      auto pods = p.cluster.api().Pods().List({.namespace_name = k->namespace_name});
      out += FormatPodTable(pods.ok() ? pods->items : std::vector<kube::Pod>{}, k->namespace_name,
                            p.dispatcher.WallNow());
      continue;
    }
    const auto& d = std::get<scenario::DiscoverInstancesView>(view);
    auto req = ToRequest(d.call);
    if (!req.ok()) {
      out += req.status().ToString() + "\n";
      continue;
    }
    out += "$ " + DiscoverInstancesCommand(*req) + "\n";
    auto resp = p.cloudmap.DiscoverInstancesNow(*req);
    out += resp.ok() ? DiscoverInstancesJson(*resp)
                     : AwsCliError("DiscoverInstances", resp.status().error_name(), resp.status().message());
  }
  return out;
}

}  // namespace meshsim::world
