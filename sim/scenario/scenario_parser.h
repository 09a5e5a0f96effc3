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

struct ScenarioReader {
  const ReadContext& ctx;
  Scenario& scenario;
  std::vector<PendingReference> refs;
  // Instants (timeline `at`, assertion `at`) to check against the scenario's duration.
  std::vector<std::pair<Duration, SourceSpan>> instants;
};

// Parses the whole scenario document (everything but loading manifest files).
void ParseScenarioDocument(const YAML::Node& root, ScenarioReader& r,
                           std::vector<std::pair<std::string, SourceSpan>>& manifest_paths);

// scenario_actions.cc
PodSelectorRef ParsePodRef(const YAML::Node& node, const std::string& what, ScenarioReader& r);
void ParseTimeline(const YAML::Node& node, ScenarioReader& r);
void ParseAssertions(const YAML::Node& node, ScenarioReader& r);
void ParseViews(const YAML::Node& node, ScenarioReader& r);

}  // namespace meshsim::scenario::internal
