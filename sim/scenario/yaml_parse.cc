#include "sim/scenario/yaml_parse.h"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "sim/scenario/input_limits.h"
#include "sim/scenario/manifest_parser.h"

namespace meshsim::scenario::internal {
namespace {

void SyntaxError(const YAML::Exception& e, const std::string& path, Diagnostics& diag) {
  SourceSpan at{path, e.mark.is_null() ? 0 : e.mark.line + 1,
                e.mark.is_null() ? 0 : e.mark.column + 1};
  diag.Error(at, "found invalid YAML (" + e.msg + "); expected well-formed YAML");
}

}  // namespace

std::optional<YAML::Node> LoadYaml(const std::string& text, const std::string& path,
                                   Diagnostics& diag) {
  if (!CheckText(text, path, diag) || !CheckDocumentsAdvance(text, path, diag)) return std::nullopt;
  try {
    YAML::Node root = YAML::Load(text);
    if (!CheckTree(root, path, diag)) return std::nullopt;
    return root;
  } catch (const YAML::Exception& e) {
    SyntaxError(e, path, diag);
  } catch (const std::exception& e) {
    diag.Error(SourceSpan{path, 0, 0},
               std::string("found unreadable YAML (") + e.what() + "); expected well-formed YAML");
  }
  return std::nullopt;
}

std::vector<Manifest> ParseManifestText(const std::string& text, const std::string& path,
                                        const std::map<std::string, std::string>& vars,
                                        Diagnostics& diag) {
  std::vector<Manifest> out;
  std::vector<YAML::Node> docs;
  if (!CheckText(text, path, diag) || !CheckDocumentsAdvance(text, path, diag)) return out;
  try {
    docs = YAML::LoadAll(text);
  } catch (const YAML::Exception& e) {
    SyntaxError(e, path, diag);
    return out;
  }
  for (const YAML::Node& doc : docs) {
    if (!CheckTree(doc, path, diag)) return out;
  }
  ReadContext ctx{path, &diag, &vars};
  try {
    for (const YAML::Node& doc : docs) {
      if (std::optional<Manifest> m = ParseManifestDocument(doc, ctx)) out.push_back(*m);
    }
  } catch (const YAML::Exception& e) {
    // Reading a parsed tree should not throw; if yaml-cpp does, report it rather than crash.
    SyntaxError(e, path, diag);
  }
  return out;
}

std::optional<std::string> ReadFile(const std::string& path, std::string& error) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {  // ifstream would open it and read nothing
    error = "Is a directory";
    return std::nullopt;
  }
  if (!CheckFileSize(path, error)) return std::nullopt;  // before reading it into memory
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    error = std::strerror(errno);
    return std::nullopt;
  }
  // Bounded even where the size is unknown up front (/dev/zero, a FIFO): at most one byte
  // past the limit is read.
  std::string text;
  char chunk[1 << 16];
  while (in.read(chunk, sizeof chunk) || in.gcount() > 0) {
    text.append(chunk, static_cast<size_t>(in.gcount()));
    if (text.size() > kMaxInputBytes) {
      error = "more than the limit of " + std::to_string(kMaxInputBytes) + " bytes (16 MiB)";
      return std::nullopt;
    }
  }
  if (in.bad()) {
    error = "read failed";
    return std::nullopt;
  }
  return text;
}

}  // namespace meshsim::scenario::internal
