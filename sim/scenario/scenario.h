// File: sim/scenario/scenario.h
//
// A scenario file as value types: what sim/scenario's loader produces and sim/world runs.
// Every value keeps the SourceSpan it came from, so errors found later (a route to an unknown
// virtual node, an unknown setting) still point at file:line:column.
//
// Example:
//   Result<Scenario> s = LoadScenario("scenarios/howto-k8s-cloudmap.yaml");
//   if (!s.ok()) { std::cerr << s.status().message(); return 2; }
//   for (const auto& m : s->manifests) ...
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "controller/api/appmesh_types.h"
#include "controller/api/distribution.h"
#include "controller/api/kube_types.h"
#include "controller/api/time.h"
#include "fakes/k8s/workload_types.h"

namespace meshsim::scenario {

// 1-based position in a file, as compilers print it.
struct SourceSpan {
  std::string file;
  int line = 0;
  int column = 0;
  // "file:line:column"
  std::string ToString() const;
  friend bool operator==(const SourceSpan&, const SourceSpan&) = default;
};

// One Kubernetes or App Mesh object from a manifest document.
using ManifestObject = std::variant<kube::Namespace, kube::Deployment, kube::Service, appmesh::Mesh,
                                    appmesh::VirtualNode, appmesh::VirtualService,
                                    appmesh::VirtualRouter>;

struct Manifest {
  ManifestObject object;
  std::string kind;  // "Deployment", "VirtualNode", ...
  SourceSpan span;   // the document's first line
  // Where reference fields were written, by YAML path ("metadata.name", "spec.backends[0]
  // .virtualService.virtualServiceRef.name"), so later checks and the world can point at them.
  std::map<std::string, SourceSpan> field_spans;
};

// A scalar setting as written, with where it was written. Components read settings through
// SettingsReader (settings_reader.h), which types them and reports unknown keys.
struct Setting {
  std::string value;
  SourceSpan span;
  SourceSpan key_span;
};
// settings.<component>.<key>; component is one of kubernetes, controller, cloudmap,
// control_plane, envoy.
using ComponentSettings = std::map<std::string, Setting>;

struct NodeGroup {
  std::string zone;  // e.g. "us-west-2a"; empty: spread over the region's zones
  int32_t count = 1;
  SourceSpan span;
};

struct Cluster {
  std::string region = "us-west-2";
  std::vector<NodeGroup> node_groups;  // default: 2 nodes in two zones
  SourceSpan span;
};

struct CloudMapNamespaceSpec {
  std::string name;
  std::string type = "DNS_PRIVATE";  // HTTP | DNS_PRIVATE | DNS_PUBLIC
  std::string vpc;                   // DNS_PRIVATE only
  SourceSpan span;
};

// Which pods an expectation or action talks about.
struct PodSelectorRef {
  std::string namespace_name;  // empty: the scenario's only application namespace
  std::optional<std::string> deployment;        // pods owned by this Deployment
  std::optional<kube::LabelSelector> selector;  // or pods matching these labels
  std::optional<std::string> name;              // or one pod by name
  SourceSpan span;
};

// ---- Timeline actions (docs/scenario-format.md, "timeline") ----
// `apply: manifests` applies every manifest of the scenario in file order; `apply: {file}`
// the manifests of that file (loaded with the scenario); `apply: {kind, name}` one of them.
struct ApplyManifests {
  std::vector<Manifest> manifests;  // empty: every manifest of the scenario
  bool all = true;
};
// `delete: {kind, name, namespace?}` or `delete: {file}` (kubectl delete; reverse file order).
struct DeleteObjects {
  struct Target {
    std::string kind;
    std::string namespace_name;
    std::string name;
  };
  std::vector<Target> targets;
};
struct ScaleDeployment {
  std::string namespace_name;
  std::string deployment;
  int32_t replicas = 0;
};
// A change of the pod template (kubectl set image / label / env), rolled out by the
// Deployment controller with the Deployment's strategy, or with max_surge/max_unavailable.
struct RollingUpdate {
  std::string namespace_name;
  std::string deployment;
  std::string container;  // empty: the first container
  std::optional<std::string> image;
  std::map<std::string, std::string> labels;       // added to the template's labels
  std::map<std::string, std::string> annotations;  // added to the template's annotations
  std::map<std::string, std::string> env;          // set on the container
  std::optional<std::string> max_surge;            // "1" or "25%"
  std::optional<std::string> max_unavailable;
};
struct DeletePods {
  PodSelectorRef pods;
  std::optional<Duration> grace_period;  // default: the pod's terminationGracePeriodSeconds
};
// The selected pods' readiness probes fail for `down`, then pass again.
struct FlapReadiness {
  PodSelectorRef pods;
  Duration down{0};
};
// Which worker node: by index in creation order, or the node of the first pod a reference picks.
struct NodeRef {
  std::optional<int32_t> index;
  std::optional<PodSelectorRef> node_of;
};
// The node's kubelet stops; after `monitor_grace` the node is NotReady and its pods not
// ready; after `toleration` more its pods are evicted (node.kubernetes.io/not-ready).
struct FailNode {
  NodeRef node;
  Duration monitor_grace = std::chrono::seconds(40);
  Duration toleration = std::chrono::seconds(300);
};
// kubectl drain: cordon, then evict every pod on the node.
struct DrainNode {
  NodeRef node;
  std::optional<Duration> grace_period;
};
// Kills `kill_per_mille`/1000 of a Deployment's ready pods (at least one) at random times,
// `per_minute` times a minute on average (exponential gaps), from the "churn" stream.
struct Churn {
  std::string namespace_name;
  std::string deployment;
  int64_t per_minute_milli = 0;  // rate in thousandths of an event per minute
  int32_t kill_per_mille = 0;
  std::optional<Duration> until;  // default: the end of the run
  std::optional<Duration> grace_period;
};
// A fault in a component whose hook another part of meshsim provides: the controller
// (pause, resume, crash, restart, slow_down), Cloud Map (latency_spike, throttling,
// error_burst, access_denied, propagation_delay), the control plane (stall) and Envoys
// (disconnect, reconnect, partition). `kind` is the timeline key, e.g. "controller_pause".
struct Fault {
  std::string kind;
  std::optional<Duration> for_duration;       // `for`: how long the fault lasts
  std::optional<Distribution> delay;          // latency_spike, propagation_delay
  std::optional<Duration> reconcile_delay;    // slow_down: added to every reconcile
  std::optional<Duration> api_delay;          // slow_down: added to every Cloud Map call
  std::optional<std::string> error;           // error_burst: the AWS error name
  std::optional<int32_t> per_mille;           // error_burst: share of calls that fail
  std::optional<int64_t> requests_per_second;  // throttling: the allowed rate
  std::vector<std::string> operations;        // Cloud Map operations affected (empty: all)
  std::optional<PodSelectorRef> pods;         // Envoy faults: whose Envoys
};
using Action = std::variant<ApplyManifests, ScaleDeployment, DeletePods, DeleteObjects,
                            RollingUpdate, FlapReadiness, FailNode, DrainNode, Churn, Fault>;

struct TimelineEntry {
  Duration at{0};
  Action action;
  // Repeats (`every`), until `until` or `count` runs, whichever comes first.
  std::optional<Duration> every;
  std::optional<Duration> until;
  std::optional<int32_t> count;
  SourceSpan span;
};

// ---- Traffic (docs/traffic.md) ----
// Requests from the Envoys of virtual node `from` to virtual service `to` (or virtual node
// `to_node`), at `rps` with fixed or Poisson arrivals, during [start, stop).
struct TrafficStream {
  std::string name;            // default "FROM->TO"
  std::string namespace_name;  // empty: the scenario's application namespace
  std::string from;
  std::string to;
  bool to_virtual_node = false;
  int64_t rate_milli_rps = 0;  // thousandths of a request per second
  bool poisson = false;
  Duration start{0};
  std::optional<Duration> stop;
  SourceSpan span;
};

// ---- Assertions ----
// DiscoverInstances as a client would call it; its instance ids must equal the pod IPs of the
// expected pods.
struct DiscoverInstancesCheck {
  std::string namespace_name;  // Cloud Map namespace (HttpName)
  std::string service_name;
  std::map<std::string, std::string> query_parameters;
  std::optional<std::string> health_status;  // HEALTHY | UNHEALTHY | ALL | HEALTHY_OR_ELSE_ALL
};
// The endpoints the Envoy of each selected pod holds for a virtual service (all its route
// targets) or a virtual node (one cluster).
struct EnvoyEndpointsCheck {
  PodSelectorRef envoy_pods;
  std::optional<std::string> virtual_service;
  std::optional<std::string> virtual_node;
};
// Percentiles of one propagation hop over every pod of the run (sim/metrics/latency.h):
// `hop` is FROM_to_TO over the points of a pod's timeline, e.g. ready_to_discoverable.
struct LatencyCheck {
  std::string hop;
  std::string virtual_node;  // namespace/name; empty: every pod
  struct Bound {
    std::string stat;  // p50, p90, p99, p999, max, count
    std::optional<int64_t> min;  // nanoseconds (count: samples)
    std::optional<int64_t> max;
  };
  std::vector<Bound> bounds;
};
// A Deployment's rollout is complete: every replica runs the current template and is
// available, and no pod of an older template is left (kubectl rollout status).
struct RolloutCompleteCheck {
  std::string namespace_name;
  std::string deployment;
};
// How many trace events named `event` of `component` (with these field values) the run has
// recorded so far, within [min, max].
struct TraceEventsCheck {
  std::string component;
  std::string event;
  std::map<std::string, std::string> fields;
  std::optional<int64_t> min;
  std::optional<int64_t> max;
};
// Request outcome counts of the `traffic:` streams that match stream/from/to, over the whole
// seconds of [since, until) (docs/traffic.md). `outcome` is success, retried, connect_failure,
// no_healthy_upstream, failed (the last two) or all.
struct RequestsCheck {
  std::optional<std::string> stream;
  std::optional<std::string> from;  // calling virtual node
  std::optional<std::string> to;    // virtual service or node called
  std::string outcome;
  Duration since{0};
  std::optional<Duration> until;              // default: now
  std::optional<int64_t> min;                 // count
  std::optional<int64_t> max;
  std::optional<int32_t> min_per_mille;       // share of all requests of those streams
  std::optional<int32_t> max_per_mille;
  std::optional<int64_t> max_per_second;      // the busiest second
};
using Check = std::variant<DiscoverInstancesCheck, EnvoyEndpointsCheck, LatencyCheck,
                           RolloutCompleteCheck, TraceEventsCheck, RequestsCheck>;

// What the check's result must equal: the IPs of the ready pods these selectors pick.
struct ExpectPods {
  std::vector<PodSelectorRef> pods;  // union; empty list = expect no instances at all
};

struct Assertion {
  std::string name;
  // When it is evaluated: `eventually within` (holds at some point no later than `within`
  // after `after`), `at` one instant (default: the end of the run), or `always` / `never`
  // (holds / does not hold at every instant of [from, to]; `to` defaults to the end).
  enum class Mode { kEventually, kAt, kAlways, kNever };
  Mode mode = Mode::kAt;
  Duration after{0};
  Duration within{0};
  Duration from{0};
  std::optional<Duration> to;
  std::optional<Duration> at;  // kAt: default end of run
  Check check;
  ExpectPods expect;
  SourceSpan span;
};

// ---- Views printed at the end of `meshsim run`, as the walkthrough's verification shows ----
struct KubectlGetPodsView {
  std::string namespace_name;  // kubectl get pod -n NS -o wide
};
struct DiscoverInstancesView {
  DiscoverInstancesCheck call;  // aws servicediscovery discover-instances ...
};
using View = std::variant<KubectlGetPodsView, DiscoverInstancesView>;

struct Scenario {
  std::string name;
  std::string description;
  std::string file;  // the path it was loaded from
  uint64_t seed = 1;
  Duration duration{0};
  std::map<std::string, std::string> vars;
  std::vector<Manifest> manifests;
  Cluster cluster;
  std::vector<CloudMapNamespaceSpec> cloudmap_namespaces;
  std::map<std::string, ComponentSettings> settings;
  std::vector<TimelineEntry> timeline;
  std::vector<TrafficStream> traffic;
  std::vector<Assertion> assertions;
  std::vector<View> views;
};

}  // namespace meshsim::scenario
