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

// ---- Timeline actions ----
struct ApplyManifests {};  // apply every manifest of the scenario, in file order
struct ScaleDeployment {
  std::string namespace_name;
  std::string deployment;
  int32_t replicas = 0;
};
struct DeletePods {
  PodSelectorRef pods;
  std::optional<Duration> grace_period;  // default: the pod's terminationGracePeriodSeconds
};
using Action = std::variant<ApplyManifests, ScaleDeployment, DeletePods>;

struct TimelineEntry {
  Duration at{0};
  Action action;
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
using Check = std::variant<DiscoverInstancesCheck, EnvoyEndpointsCheck>;

// What the check's result must equal: the IPs of the ready pods these selectors pick.
struct ExpectPods {
  std::vector<PodSelectorRef> pods;  // union; empty list = expect no instances at all
};

struct Assertion {
  std::string name;
  // When it is evaluated: `eventually within` (holds at some point no later than `within`
  // after `after`), or `at` one instant (default: the end of the run).
  enum class Mode { kEventually, kAt };
  Mode mode = Mode::kAt;
  Duration after{0};
  Duration within{0};
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
  std::vector<Assertion> assertions;
  std::vector<View> views;
};

}  // namespace meshsim::scenario
