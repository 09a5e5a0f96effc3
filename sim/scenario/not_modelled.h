// File: sim/scenario/not_modelled.h
//
// The ONE table of manifest fields that Kubernetes or App Mesh define but meshsim does not
// model: the loader accepts them (so real manifests load unchanged) and drops them. Any key
// that is neither modelled nor listed here is an unknown-key error. docs/scenario-format.md
// repeats this table; a test keeps the two in step.
//
// Example:
//   if (IsNotModelled("Container", "resources")) continue;  // accepted, not modelled
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace meshsim::scenario {

struct NotModelledField {
  const char* table;  // where it may appear: "Container", "VirtualNode.spec", ...
  const char* key;    // the field as written in YAML: "livenessProbe"
  const char* why;    // one line for the docs
};

// Every accepted-not-modelled field, grouped by table.
const std::vector<NotModelledField>& NotModelledFields();
// True when `key` is listed for `table`.
bool IsNotModelled(std::string_view table, std::string_view key);
// The keys listed for `table`, for did-you-mean suggestions.
std::vector<std::string> NotModelledKeys(std::string_view table);

}  // namespace meshsim::scenario
