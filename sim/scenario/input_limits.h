// File: sim/scenario/input_limits.h
//
// Internal to sim/scenario: the bounds a scenario or manifest file must stay within, checked
// around yaml-cpp so hostile files (huge, binary, non-UTF-8, alias "billion laughs" bombs,
// deeply nested documents) are refused with a positioned error in bounded time and memory
// instead of exhausting either. See docs/robustness.md.
//
// Header-only so the library's source list does not change for it; yaml_parse.cc, the one
// place yaml-cpp parses text, is the only includer.
//
// Example:
//   if (!internal::CheckFileSize(path, error)) ...           // before reading the file
//   if (!internal::CheckText(text, path, diag)) return ...;  // before yaml-cpp sees it
//   if (!internal::CheckTree(root, path, diag)) return ...;  // before the readers walk it
#pragma once

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/yaml.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <sstream>
#include <string>

#include "sim/scenario/diagnostics.h"

namespace meshsim::scenario::internal {

// Scenario files and their manifests are hand-written: a few kB. 16 MiB leaves room for large
// generated manifests while keeping a parse well under a second and ~1 GB of yaml-cpp nodes.
inline constexpr std::uintmax_t kMaxInputBytes = 16u << 20;
// Kubernetes manifests nest ~10 levels; yaml-cpp itself stops at 2000 (DeepRecursion).
inline constexpr int kMaxNestingDepth = 64;
// Nodes the readers may visit, an alias counted every time it is used (yaml-cpp shares aliased
// nodes, so a bomb is small in memory but exponential to walk).
inline constexpr std::size_t kMaxVisitedNodes = 1'000'000;

// False, with `error` set, when `path` is a regular file larger than kMaxInputBytes.
inline bool CheckFileSize(const std::string& path, std::string& error) {
  std::error_code ec;
  std::uintmax_t size = std::filesystem::file_size(path, ec);
  if (ec || size <= kMaxInputBytes) return true;  // unreadable files fail later with errno
  error = "file is " + std::to_string(size) + " bytes, more than the limit of " +
          std::to_string(kMaxInputBytes) + " bytes (16 MiB)";
  return false;
}

// Length of the UTF-8 sequence starting at text[i], or 0 when it is not valid UTF-8 (overlong
// forms, surrogates and code points above U+10FFFF included).
inline std::size_t Utf8SequenceLength(const std::string& text, std::size_t i) {
  auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  unsigned char b = byte(i);
  if (b < 0x80) return 1;
  std::size_t n = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC2 ? 2 : 0;
  if (n == 0 || b > 0xF4 || i + n > text.size()) return 0;
  for (std::size_t k = 1; k < n; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return 0;
  }
  unsigned char c = byte(i + 1);
  if (b == 0xE0 && c < 0xA0) return 0;  // overlong
  if (b == 0xED && c >= 0xA0) return 0;  // UTF-16 surrogates
  if (b == 0xF0 && c < 0x90) return 0;  // overlong
  if (b == 0xF4 && c >= 0x90) return 0;  // above U+10FFFF
  return n;
}

// Size, and text that is UTF-8 without NUL bytes (binary files and Latin-1 or UTF-16 text
// fail here, at the first offending byte).
inline bool CheckText(const std::string& text, const std::string& path, Diagnostics& diag) {
  if (text.size() > kMaxInputBytes) {
    diag.Error(SourceSpan{path, 0, 0}, "found " + std::to_string(text.size()) +
                                           " bytes; expected a YAML file of at most " +
                                           std::to_string(kMaxInputBytes) + " bytes (16 MiB)");
    return false;
  }
  int line = 1, column = 1;
  for (std::size_t i = 0; i < text.size();) {
    std::size_t n = text[i] == '\0' ? 0 : Utf8SequenceLength(text, i);
    if (n == 0) {
      char hex[8];
      std::snprintf(hex, sizeof hex, "0x%02X", static_cast<unsigned char>(text[i]));
      diag.Error(SourceSpan{path, line, column},
                 std::string("found byte ") + hex +
                     (text[i] == '\0' ? " (NUL: a binary file?)" : " that is not UTF-8") +
                     "; expected UTF-8 text");
      return false;
    }
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
    i += n;
  }
  return true;
}

namespace input_limits_detail {

// Records where each document starts; the events themselves are not needed.
class DocumentStarts : public YAML::EventHandler {
 public:
  YAML::Mark last;
  bool stuck = false;
  int documents = 0;
  void OnDocumentStart(const YAML::Mark& mark) override {
    stuck = documents++ > 0 && mark.pos == last.pos;
    last = mark;
  }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
  void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
  void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t,
                const std::string&) override {}
  void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                       YAML::EmitterStyle::value) override {}
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                  YAML::EmitterStyle::value) override {}
  void OnMapEnd() override {}
};

// Depth-first walk with a budget; false at the first node past a limit, which `at` receives.
inline bool Walk(const YAML::Node& node, int depth, std::size_t& visited, YAML::Node& at,
                 bool& too_deep) {
  if (++visited > kMaxVisitedNodes || depth > kMaxNestingDepth) {
    too_deep = depth > kMaxNestingDepth;
    at = node;
    return false;
  }
  if (node.IsSequence()) {
    for (const YAML::Node& child : node) {
      if (!Walk(child, depth + 1, visited, at, too_deep)) return false;
    }
  } else if (node.IsMap()) {
    for (const auto& entry : node) {
      if (!Walk(entry.first, depth + 1, visited, at, too_deep)) return false;
      if (!Walk(entry.second, depth + 1, visited, at, too_deep)) return false;
    }
  }
  return true;
}

}  // namespace input_limits_detail

// yaml-cpp 0.7 never consumes a ',' outside a flow collection (",", "{a: 1},"): YAML::Load
// silently stops there and YAML::LoadAll loops forever producing empty documents (found by
// fuzz_manifest). Walks the document stream with yaml-cpp's own parser and refuses the text
// when a document starts where the previous one did. Syntax errors are left to the caller's
// parse, which reports them with its usual message.
inline bool CheckDocumentsAdvance(const std::string& text, const std::string& path,
                                  Diagnostics& diag) {
  std::istringstream in(text);
  input_limits_detail::DocumentStarts starts;
  try {
    YAML::Parser parser(in);
    while (parser.HandleNextDocument(starts)) {
      if (starts.stuck) {
        diag.Error(SourceSpan{path, starts.last.line + 1, starts.last.column + 1},
                   "found ',' outside a flow collection ([...] or {...}); expected a YAML "
                   "value (quote a scalar that starts with ',')");
        return false;
      }
    }
  } catch (const YAML::Exception&) {
  }
  return true;
}

// Nesting depth and node count as the readers would see them, aliases expanded.
inline bool CheckTree(const YAML::Node& root, const std::string& path, Diagnostics& diag) {
  std::size_t visited = 0;
  YAML::Node at;
  bool too_deep = false;
  if (input_limits_detail::Walk(root, 0, visited, at, too_deep)) return true;
  if (too_deep) {
    diag.Error(SpanOf(at, path), "found YAML nested more than " +
                                     std::to_string(kMaxNestingDepth) +
                                     " levels deep; expected a flatter document");
  } else {
    diag.Error(SpanOf(at, path),
               "found a document of more than " + std::to_string(kMaxVisitedNodes) +
                   " YAML nodes once anchors and aliases are expanded (an alias bomb?); "
                   "expected a smaller document");
  }
  return false;
}

}  // namespace meshsim::scenario::internal
