// File: tests/sim/scenario/test_util.h
//
// Small helpers shared by the scenario tests: inline YAML without its first newline, and the
// error text of a failed load.
//
// Example:
//   EXPECT_EQ(ErrorsOf(ParseScenario(Yaml(R"(
//   name: x
//   )"), "s.yaml")), "s.yaml:1:1: error: missing key 'duration' in the scenario; ...");
#pragma once

#include <string>

#include "controller/api/status.h"

namespace meshsim::scenario {

// Drops the newline after R"( so line 1 of the YAML is the first line written.
inline std::string Yaml(const std::string& text) {
  return !text.empty() && text[0] == '\n' ? text.substr(1) : text;
}

// The message of a failed Result, or "OK" when it succeeded.
template <class T>
std::string ErrorsOf(const Result<T>& r) {
  return r.ok() ? "OK" : r.status().message();
}

inline std::string SourcePath(const std::string& relative) {
  return std::string(MESHSIM_SOURCE_DIR) + "/" + relative;
}

}  // namespace meshsim::scenario
