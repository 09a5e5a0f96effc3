// File: sim/scenario/diagnostics.h
//
// Internal to sim/scenario: collects compiler-style errors (`path:line:column: error: what was
// found; what was expected`) from every stage of loading, so a user sees all mistakes at once,
// sorted by position, in one kInvalidArgument Status.
//
// Example:
//   internal::Diagnostics diag;
//   diag.Error(span, "unknown key 'replicaz' in Deployment 'x'.spec; expected one of replicas");
//   if (!diag.empty()) return diag.ToStatus();
#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "controller/api/status.h"
#include "sim/scenario/scenario.h"

namespace YAML {
class Node;
}

namespace meshsim::scenario::internal {

// The error name of every Status this library returns.
inline constexpr char kInvalidScenario[] = "InvalidScenario";

class Diagnostics {
 public:
  // Records one error; `message` reads "what was found; expected what".
  void Error(const SourceSpan& at, std::string message);
  bool empty() const { return errors_.empty(); }
  size_t size() const { return errors_.size(); }
  // Every error, sorted by (file in order of first appearance, line, column), one per line.
  std::string Text() const;
  // REQUIRES: !empty(). kInvalidArgument "InvalidScenario" with Text() as the message.
  Status ToStatus() const;

 private:
  std::vector<std::pair<SourceSpan, std::string>> errors_;
  std::map<std::string, int> file_rank_;
};

// The 1-based span of a yaml-cpp node in `file` (yaml-cpp marks are 0-based).
SourceSpan SpanOf(const YAML::Node& node, const std::string& file);

// Levenshtein distance, for did-you-mean suggestions.
int EditDistance(const std::string& a, const std::string& b);
// " (did you mean 'x'?)" for the closest candidate within a sensible distance, else "".
std::string DidYouMean(const std::string& word, const std::vector<std::string>& candidates);
// "a, b, c".
std::string JoinNames(const std::vector<std::string>& names);

}  // namespace meshsim::scenario::internal
