// LoadScenario and ParseScenario: the scenario document, then its manifest files, then the
// references between them.
#include "sim/scenario/loader.h"

#include <filesystem>

#include "sim/scenario/backend_cycles.h"
#include "sim/scenario/reference_checks.h"
#include "sim/scenario/scenario_parser.h"
#include "sim/scenario/yaml_parse.h"

namespace meshsim::scenario {
namespace {

void LoadManifestFiles(const std::string& scenario_path,
                       const std::vector<std::pair<std::string, SourceSpan>>& paths, Scenario& s,
                       internal::Diagnostics& diag) {
  std::filesystem::path folder = std::filesystem::path(scenario_path).parent_path();
  for (const auto& [relative, span] : paths) {
    std::string path = (folder / relative).lexically_normal().string();
    std::string error;
    std::optional<std::string> text = internal::ReadFile(path, error);
    if (!text) {
      diag.Error(span, "found manifest '" + relative + "' that cannot be read (" + path + ": " +
                           error + "); expected a readable file relative to the scenario's folder");
      continue;
    }
    std::vector<Manifest> manifests = internal::ParseManifestText(*text, path, s.vars, diag);
    s.manifests.insert(s.manifests.end(), manifests.begin(), manifests.end());
  }
}

std::string KeyOf(const ManifestObject& object) {
  return std::visit([](const auto& o) { return o.metadata.namespace_name + "/" + o.metadata.name; },
                    object);
}

// Loads the manifest files timeline actions name; their objects join `extra`.
void ResolveActionObjects(const std::string& scenario_path, internal::ScenarioReader& r,
                          std::vector<Manifest>& extra, internal::Diagnostics& diag) {
  Scenario& s = r.scenario;
  for (const internal::PendingObjects& p : r.objects) {
    std::vector<Manifest> picked;
    if (!p.file.empty()) {
      Scenario loaded;
      loaded.vars = s.vars;
      LoadManifestFiles(scenario_path, {{p.file, p.span}}, loaded, diag);
      picked = loaded.manifests;
      extra.insert(extra.end(), picked.begin(), picked.end());
    } else {
      for (const Manifest& m : s.manifests) {
        std::string ns = p.namespace_name;
        std::string key = KeyOf(m.object);
        if (m.kind == p.kind && (key == ns + "/" + p.name || (ns.empty() &&
                                 key.substr(key.find('/') + 1) == p.name))) {
          picked.push_back(m);
          break;
        }
      }
      if (picked.empty()) r.refs.push_back({p.kind, p.kind, p.namespace_name, p.name, p.span});
    }
    Action& action = s.timeline[p.entry].action;
    if (p.apply) {
      action = ApplyManifests{.manifests = picked, .all = false};
      continue;
    }
    DeleteObjects del;
    for (auto it = picked.rbegin(); it != picked.rend(); ++it) {
      std::string key = KeyOf(it->object);
      size_t slash = key.find('/');
      del.targets.push_back({it->kind, key.substr(0, slash), key.substr(slash + 1)});
    }
    action = del;
  }
}

void CheckReferences(const internal::ScenarioReader& r, const std::vector<Manifest>& extra,
                     internal::Diagnostics& diag) {
  std::vector<Manifest> all = r.scenario.manifests;
  all.insert(all.end(), extra.begin(), extra.end());
  internal::ManifestIndex index(all);
  internal::CheckManifestReferences(index, diag);
  internal::CheckBackendCycles(all, diag);
  for (const internal::PendingReference& ref : r.refs) {
    index.Check(ref.kind, ref.noun, ref.namespace_name, ref.name, ref.span, diag);
  }
  for (const auto& [at, span] : r.instants) {
    if (at > r.scenario.duration && r.scenario.duration.count() > 0) {
      diag.Error(span, "found " + FormatDuration(at) + ", after the scenario's duration " +
                           FormatDuration(r.scenario.duration) + "; expected at most the duration");
    }
  }
}

}  // namespace

Result<Scenario> ParseScenario(const std::string& text, const std::string& path) {
  internal::Diagnostics diag;
  Scenario scenario;
  scenario.file = path;
  std::optional<YAML::Node> root = internal::LoadYaml(text, path, diag);
  if (!root) return diag.ToStatus();
  internal::ReadContext ctx{path, &diag, nullptr};
  internal::ScenarioReader reader{ctx, scenario, {}, {}};
  std::vector<std::pair<std::string, SourceSpan>> manifest_paths;
  try {
    internal::ParseScenarioDocument(*root, reader, manifest_paths);
  } catch (const YAML::Exception& e) {
    // Reading a parsed tree should not throw; if yaml-cpp does, report it rather than crash.
    diag.Error(SourceSpan{path, e.mark.line + 1, e.mark.column + 1},
               "found YAML that could not be read (" + e.msg + "); expected well-formed YAML");
  }
  LoadManifestFiles(path, manifest_paths, scenario, diag);
  std::vector<Manifest> action_manifests;
  ResolveActionObjects(path, reader, action_manifests, diag);
  CheckReferences(reader, action_manifests, diag);
  if (!diag.empty()) return diag.ToStatus();
  return scenario;
}

Result<Scenario> LoadScenario(const std::string& path) {
  std::string error;
  std::optional<std::string> text = internal::ReadFile(path, error);
  if (!text) {
    return Status(
        StatusCode::kInvalidArgument, internal::kInvalidScenario,
        path + ": error: cannot read scenario file: " + error + "; expected a readable YAML file");
  }
  return ParseScenario(*text, path);
}

}  // namespace meshsim::scenario
