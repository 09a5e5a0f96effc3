// File: sim/scenario/yaml_parse.h
//
// Internal to sim/scenario: the only place yaml-cpp parses text. Parser exceptions become
// compiler-style errors at the exception's mark; nothing throws past these functions.
//
// Example:
//   internal::Diagnostics diag;
//   std::optional<YAML::Node> root = internal::LoadYaml(text, "x.yaml", diag);
//   std::vector<Manifest> m = internal::ParseManifestText(text, "m.yaml", vars, diag);
#pragma once

#include <yaml-cpp/yaml.h>

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "sim/scenario/diagnostics.h"
#include "sim/scenario/scenario.h"

namespace meshsim::scenario::internal {

// Parses one YAML document; nullopt after recording the syntax error.
std::optional<YAML::Node> LoadYaml(const std::string& text, const std::string& path,
                                   Diagnostics& diag);
// Parses every document of a manifest file into Manifests, recording all errors in `diag`.
std::vector<Manifest> ParseManifestText(const std::string& text, const std::string& path,
                                        const std::map<std::string, std::string>& vars,
                                        Diagnostics& diag);
// Reads a whole file; nullopt with `error` set to the reason ("No such file or directory").
std::optional<std::string> ReadFile(const std::string& path, std::string& error);

}  // namespace meshsim::scenario::internal
