// File: sim/scenario/loader.h
//
// Loads a scenario file and the manifests it references into a Scenario. Every mistake, in
// the scenario or in a manifest, is reported as `path:line:column: error: what was found;
// what was expected`, all of them, sorted by position, as one kInvalidArgument Status whose
// message has one line per error. yaml-cpp exceptions never leave this library.
//
// Example:
//   Result<Scenario> s = LoadScenario("scenarios/howto-k8s-cloudmap.yaml");
//   if (!s.ok()) { std::cerr << s.status().message() << "\n"; return 2; }
#pragma once

#include <string>

#include "controller/api/status.h"
#include "sim/scenario/scenario.h"

namespace meshsim::scenario {

// Reads and validates `path`; manifest paths inside it are relative to its folder.
Result<Scenario> LoadScenario(const std::string& path);
// Parses scenario text as if read from `path` (for tests and fuzzing).
Result<Scenario> ParseScenario(const std::string& text, const std::string& path);
// Parses a multi-document manifest file, substituting ${VAR} from `vars` (an unset variable is
// an error at its position).
Result<std::vector<Manifest>> ParseManifests(const std::string& text, const std::string& path,
                                             const std::map<std::string, std::string>& vars);
// Parses "250ms", "30s", "5m", "1h", "1m30s", "0". Returns kInvalidArgument on anything else.
Result<Duration> ParseDuration(const std::string& text);
// Parses a fixed duration or "uniform(1s, 3s)", "exponential(mean=2s)",
// "normal(mean=1s, stddev=200ms)".
Result<Distribution> ParseDistribution(const std::string& text);

}  // namespace meshsim::scenario
