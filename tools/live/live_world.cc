#include "tools/live/live_world.h"

#include <csignal>
#include <set>

#include "controller/controller_process.h"
#include "controller/live/asio_dispatcher.h"
#include "controller/live/http_cloudmap_client.h"
#include "fakes/k8s/kube_cluster.h"
#include "sim/kernel/seeded_random.h"
#include "sim/kernel/trace_log.h"
#include "sim/world/component_options.h"
#include "sim/world/pod_query.h"
#include "sim/world/timeline.h"
#include "tools/live/namespace_setup.h"

namespace meshsim::live {
namespace {

// The Cloud Map calls that change the endpoint's state: each result is printed.
const std::set<std::string>& ChangingOps() {
  static const std::set<std::string> ops = {"RegisterInstance", "DeregisterInstance",
                                            "CreateService", "DeleteService",
                                            "UpdateInstanceCustomHealthStatus"};
  return ops;
}

std::string DefaultNamespace(const scenario::Scenario& s) {
  for (const auto& m : s.manifests) {
    if (const auto* ns = std::get_if<kube::Namespace>(&m.object)) return ns->metadata.name;
  }
  return "default";
}

std::string ValueText(const TraceValue& v) {
  if (const auto* s = std::get_if<std::string>(&v)) return *s;
  if (const auto* b = std::get_if<bool>(&v)) return *b ? "true" : "false";
  return std::to_string(std::get<int64_t>(v));
}

// "+12.345s controller CloudMapResult op=RegisterInstance ... ok=true"
std::string FormatEvent(Duration since_start, const TraceEvent& e) {
  char stamp[32];
  std::snprintf(stamp, sizeof(stamp), "+%.3fs",
                std::chrono::duration<double>(since_start).count());
  std::string line = std::string(stamp) + " " + e.component() + " " + e.name();
  for (const auto& f : e.fields()) line += " " + f.key + "=" + ValueText(f.value);
  return line;
}

// Prints timeline actions, reconcile errors, failed Cloud Map calls and every call that
// changes the endpoint, and counts changes and errors into `result`.
void PrintIfNotable(const TraceEvent& e, Duration since_start, LiveResult& result,
                    std::ostream& out) {
  bool action = e.component() == "world" && e.name().rfind("Action", 0) == 0;
  // The controller's error log lines (with the AccessDenied troubleshooting hint) and its
  // crash/restart/pause controls.
  bool reconcile_error = e.component() == "controller" &&
                         (e.name() == "Log" || e.name().rfind("Controller", 0) == 0);
  bool change = false;
  if (e.component() == "controller" && e.name() == "CloudMapResult") {
    std::string op;
    bool ok = true;
    for (const auto& f : e.fields()) {
      if (f.key == "op") op = ValueText(f.value);
      if (f.key == "ok") ok = ValueText(f.value) == "true";
    }
    bool changing = ChangingOps().count(op) != 0;
    if (!ok) ++result.errors;
    if (ok && changing) ++result.changes;
    change = changing || !ok;
  }
  if (action || reconcile_error || change) out << FormatEvent(since_start, e) << "\n" << std::flush;
}

Result<HttpCloudMapClientOptions> ClientOptions(const scenario::Scenario& s,
                                                const LiveOptions& options, std::ostream& out) {
  Result<AwsCredentials> creds = CredentialsFromEnvironment(options.env);
  if (!creds.ok()) return creds.status();
  Result<std::string> region = RegionFromEnvironment(options.env);
  std::string region_name = region.ok() ? *region : s.cluster.region;
  std::string url = options.endpoint_url.empty() ? DefaultEndpointUrl(region_name)
                                                 : options.endpoint_url;
  Result<HttpEndpoint> endpoint = ParseEndpoint(url);
  if (!endpoint.ok()) return endpoint.status();
  out << "meshsim live: endpoint " << endpoint->ToString() << ", region " << region_name
      << (region.ok() ? "" : " (the scenario's cluster.region; AWS_REGION overrides)") << "\n";
  // AWS's own endpoint serves DiscoverInstances from "data-servicediscovery..."; a custom
  // endpoint (moto, LocalStack) serves everything from one host.
  return HttpCloudMapClientOptions{.endpoint = *endpoint, .region = region_name,
                                   .credentials = *creds,
                                   .data_host_prefix = options.endpoint_url.empty()};
}

}  // namespace

struct LiveWorld::Parts {
  Parts(const scenario::Scenario& s, world::ComponentOptions o, HttpCloudMapClientOptions c,
        std::ostream& out)
      : scenario(s),
        out(out),
        streams(s.seed),
        trace(dispatcher),
        options(std::move(o)),
        cluster(dispatcher, streams.Stream("k8s"), trace, options.kubernetes),
        client(dispatcher, std::move(c)),
        controller(dispatcher, cluster.api(), client, trace, options.controller),
        pods(cluster.api(), DefaultNamespace(s)),
        timeline(dispatcher, trace, cluster, s, pods, streams.Stream("churn"), {&controller}),
        setup(dispatcher, client, s.cloudmap_namespaces, out),
        signals(dispatcher.io_context()) {}

  const scenario::Scenario& scenario;
  std::ostream& out;
  AsioDispatcher dispatcher;
  sim::RandomStreams streams;
  sim::TraceLog trace;
  world::ComponentOptions options;
  fakes::KubeCluster cluster;
  HttpCloudMapClient client;
  controller::ControllerProcess controller;
  world::PodQuery pods;
  world::Timeline timeline;
  NamespaceSetup setup;
  asio::signal_set signals;
  TimerPtr end_timer;
  Duration duration{0};
  MonotonicTime started;
  LiveResult result;
};

LiveWorld::LiveWorld(std::unique_ptr<Parts> parts) : parts_(std::move(parts)) {}
LiveWorld::~LiveWorld() = default;

Result<std::unique_ptr<LiveWorld>> LiveWorld::Create(const scenario::Scenario& scenario,
                                                     const LiveOptions& options,
                                                     std::ostream& out) {
  Result<world::ComponentOptions> component_options = world::ReadComponentOptions(scenario);
  if (!component_options.ok()) return component_options.status();
  Result<HttpCloudMapClientOptions> client_options = ClientOptions(scenario, options, out);
  if (!client_options.ok()) return client_options.status();
  auto parts = std::make_unique<Parts>(scenario, std::move(*component_options),
                                       std::move(*client_options), out);
  Parts& p = *parts;
  p.duration = options.duration.value_or(scenario.duration);
  p.trace.SetSink(options.trace_sink);
  std::vector<scenario::NodeGroup> groups = scenario.cluster.node_groups;
  if (groups.empty()) {
    groups = {{.zone = scenario.cluster.region + "a"}, {.zone = scenario.cluster.region + "b"}};
  }
  for (const auto& group : groups) {
    for (int i = 0; i < group.count; ++i) {
      auto node = p.cluster.AddNode(group.zone);
      if (!node.ok()) return node.status();
    }
  }
  if (options.handle_signals) {
    p.signals.add(SIGINT);
    p.signals.add(SIGTERM);
  }
  p.trace.AddObserver([&p](const sim::TraceRecord& r) {
    PrintIfNotable(*r.event, p.dispatcher.Now() - p.started, p.result, p.out);
  });
  return std::unique_ptr<LiveWorld>(new LiveWorld(std::move(parts)));
}

void LiveWorld::OnSetUp(Status s) {
  Parts& p = *parts_;
  if (!s.ok()) {
    p.result.status = s;
    p.dispatcher.Stop();
    return;
  }
  p.out << "meshsim live: starting the controller and the timeline for "
        << FormatDuration(p.duration) << "\n" << std::flush;
  p.controller.Start();
  p.timeline.Start();
  p.end_timer = p.dispatcher.CreateTimer([&p] { p.dispatcher.Stop(); });
  p.end_timer->Enable(p.duration);
}

LiveResult LiveWorld::Run() {
  Parts& p = *parts_;
  p.started = p.dispatcher.Now();
  p.signals.async_wait([&p](const boost::system::error_code& ec, int signal) {
    if (ec) return;
    p.out << "meshsim live: signal " << signal << ", stopping\n";
    p.result.interrupted = true;
    p.dispatcher.Stop();
  });
  p.setup.Start([this](Status s) { OnSetUp(std::move(s)); });
  p.dispatcher.Run();
  // Stop the controller first so no new call starts; calls in flight are abandoned, and Cloud
  // Map applies or rejects each one whole, so the endpoint stays consistent.
  p.controller.Stop();
  p.signals.cancel();
  p.result.elapsed = p.dispatcher.Now() - p.started;
  p.result.requests = p.client.requests_sent();
  return p.result;
}

}  // namespace meshsim::live
