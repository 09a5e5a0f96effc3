#include "sim/scenario/diagnostics.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <tuple>

namespace meshsim::scenario {

std::string SourceSpan::ToString() const {
  return file + ":" + std::to_string(line) + ":" + std::to_string(column);
}

namespace internal {

void Diagnostics::Error(const SourceSpan& at, std::string message) {
  file_rank_.emplace(at.file, static_cast<int>(file_rank_.size()));
  errors_.emplace_back(at, std::move(message));
}

std::string Diagnostics::Text() const {
  std::vector<std::pair<SourceSpan, std::string>> sorted = errors_;
  std::stable_sort(sorted.begin(), sorted.end(), [this](const auto& a, const auto& b) {
    return std::make_tuple(file_rank_.at(a.first.file), a.first.line, a.first.column) <
           std::make_tuple(file_rank_.at(b.first.file), b.first.line, b.first.column);
  });
  std::string text;
  for (const auto& [span, message] : sorted) {
    if (!text.empty()) text += "\n";
    // A span without a line (an unreadable file) prints as "path: error: ...".
    text += (span.line > 0 ? span.ToString() : span.file) + ": error: " + message;
  }
  return text;
}

Status Diagnostics::ToStatus() const {
  return Status(StatusCode::kInvalidArgument, kInvalidScenario, Text());
}

SourceSpan SpanOf(const YAML::Node& node, const std::string& file) {
  if (!node.IsDefined()) return SourceSpan{file, 0, 0};  // Mark() throws on a missing node
  YAML::Mark mark = node.Mark();
  if (mark.is_null()) return SourceSpan{file, 0, 0};
  return SourceSpan{file, mark.line + 1, mark.column + 1};
}

int EditDistance(const std::string& a, const std::string& b) {
  std::vector<int> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = static_cast<int>(j);
  for (size_t i = 1; i <= a.size(); ++i) {
    int diagonal = row[0];
    row[0] = static_cast<int>(i);
    for (size_t j = 1; j <= b.size(); ++j) {
      int substitution = diagonal + (a[i - 1] == b[j - 1] ? 0 : 1);
      diagonal = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, substitution});
    }
  }
  return row[b.size()];
}

std::string DidYouMean(const std::string& word, const std::vector<std::string>& candidates) {
  // Allow about one typo per three characters, so "replicaz" finds "replicas" but "foo" does
  // not suggest "bar".
  int best = static_cast<int>(std::max<size_t>(1, word.size() / 3)) + 1;
  std::string suggestion;
  for (const std::string& candidate : candidates) {
    int d = EditDistance(word, candidate);
    if (d < best) {
      best = d;
      suggestion = candidate;
    }
  }
  return suggestion.empty() ? "" : " (did you mean '" + suggestion + "'?)";
}

std::string JoinNames(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& name : names) out += (out.empty() ? "" : ", ") + name;
  return out;
}

}  // namespace internal
}  // namespace meshsim::scenario
