// File: sim/scenario/scenario_parser.h
//
// Internal to sim/scenario: the scenario file's sections. scenario_parser.cc reads the
// top-level keys, cluster, cloudmap, settings and manifests; scenario_actions.cc reads the
// timeline, assertions and views. References to manifest objects are collected while parsing
// and checked once every manifest is loaded.
//
// Example:
//   internal::ScenarioReader r{ctx, scenario};
//   internal::ParseTimeline(root["timeline"], r);
//   for (const auto& ref : r.refs) index.Check(ref.kind, ref.noun, ...);
#pragma once

#include <yaml-cpp/yaml.h>

#include <string>
#include <vector>

#include "sim/scenario/scenario.h"
#include "sim/scenario/yaml_reader.h"

namespace meshsim::scenario::internal {

// A name the scenario uses that must exist in the manifests.
struct PendingReference {
  std::string kind;  // "Deployment", "VirtualNode", "VirtualService"
  std::string noun;  // "deployment", for the message
  std::string namespace_name;
  std::string name;
  SourceSpan span;
};

// A timeline action that names a manifest file or one manifest object, resolved once every
// manifest is loaded (loader.cc).
struct PendingObjects {
  size_t entry = 0;    // index in scenario.timeline
  bool apply = true;   // apply (else delete)
  std::string file;    // a manifest file relative to the scenario, or
  std::string kind;    // one object of the scenario's manifests
  std::string namespace_name;
  std::string name;
  SourceSpan span;
};

struct ScenarioReader {
  const ReadContext& ctx;
  Scenario& scenario;
  std::vector<PendingReference> refs;
  // Instants (timeline `at`, assertion `at`) to check against the scenario's duration.
  std::vector<std::pair<Duration, SourceSpan>> instants;
  std::vector<PendingObjects> objects;
};

// Parses the whole scenario document (everything but loading manifest files).
void ParseScenarioDocument(const YAML::Node& root, ScenarioReader& r,
                           std::vector<std::pair<std::string, SourceSpan>>& manifest_paths);

// scenario_actions.cc
PodSelectorRef ParsePodRef(const YAML::Node& node, const std::string& what, ScenarioReader& r);
void ParseAssertions(const YAML::Node& node, ScenarioReader& r);
void ParseViews(const YAML::Node& node, ScenarioReader& r);
// Shared by the section parsers.
std::string ExactlyOne(MapReader& m, const std::vector<std::string>& keys, const std::string& what,
                       const ReadContext& ctx);
void Refer(ScenarioReader& r, const std::string& kind, const std::string& noun,
           const std::string& ns, const YAML::Node& node);
std::optional<Duration> ReadInstant(const YAML::Node& node, const std::string& key,
                                    ScenarioReader& r);

// assertion_parser.cc: `latency: {hop, virtual_node?, p50|p90|p99|p999|max: {min?, max?},
// count: {min?, max?}}`. Hops are FROM_to_TO over LatencyPoints().
LatencyCheck ParseLatency(const YAML::Node& node, const std::string& what, ScenarioReader& r);
const std::vector<std::string>& LatencyPoints();

// traffic_parser.cc: the `traffic:` streams, and `requests: {stream?, from?, to?, outcome,
// since?, until?, min?, max?, min_fraction?, max_fraction?, max_per_second?}` (docs/traffic.md).
// ParseTraffic runs before the assertions, whose requests checks must pick a stream.
void ParseTraffic(const YAML::Node& node, ScenarioReader& r);
RequestsCheck ParseRequests(const YAML::Node& node, const std::string& what, ScenarioReader& r);

// timeline_parser.cc, fault_parser.cc
void ParseTimeline(const YAML::Node& node, ScenarioReader& r);
// The timeline keys of component faults ("controller_pause", ...), in documentation order.
const std::vector<std::string>& FaultKinds();
// The fault kinds this build can carry out; the others are load errors until their hooks land.
bool FaultSupported(const std::string& kind);
std::optional<Fault> ParseFault(const std::string& kind, const YAML::Node& node,
                                const std::string& what, ScenarioReader& r);
// "0.25" or "25%" as thousandths; "2/m", "0.5/s", "10/h" as thousandths of an event a minute.
std::optional<int32_t> ReadPerMille(const YAML::Node& node, const std::string& key,
                                    const ReadContext& ctx);
std::optional<int64_t> ReadRatePerMinuteMilli(const YAML::Node& node, const std::string& key,
                                              const ReadContext& ctx);

}  // namespace meshsim::scenario::internal
