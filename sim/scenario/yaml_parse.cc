#include "sim/scenario/yaml_parse.h"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

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
  try {
    return YAML::Load(text);
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
  try {
    docs = YAML::LoadAll(text);
  } catch (const YAML::Exception& e) {
    SyntaxError(e, path, diag);
    return out;
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
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    error = std::strerror(errno);
    return std::nullopt;
  }
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) {
    error = "read failed";
    return std::nullopt;
  }
  return text.str();
}

}  // namespace meshsim::scenario::internal
