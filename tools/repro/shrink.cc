#include "tools/repro/shrink.h"

#include <yaml-cpp/yaml.h>

#include <array>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "controller/api/check.h"
#include "sim/scenario/loader.h"
#include "tools/repro/ddmin.h"

namespace meshsim::repro {
namespace {

// The lists whose entries are removable units, in the order the units are numbered.
constexpr std::array<const char*, 4> kListKeys = {"timeline", "churn", "traffic", "faults"};

std::string Emit(const YAML::Node& doc) {
  YAML::Emitter out;
  out << doc;
  return std::string(out.c_str()) + "\n";
}

std::optional<int64_t> AsInteger(const YAML::Node& node) {
  if (!node.IsScalar()) return std::nullopt;
  const std::string& s = node.Scalar();
  if (s.empty() || s.find_first_not_of("0123456789") != std::string::npos || s.size() > 15) {
    return std::nullopt;
  }
  return std::stoll(s);
}

// Smaller values worth trying for an integer, most aggressive first.
std::vector<int64_t> LowerValues(int64_t v) {
  std::vector<int64_t> out;
  for (int64_t c : {int64_t{0}, int64_t{1}, v / 2}) {
    if (c < v && (out.empty() || out.back() != c)) out.push_back(c);
  }
  return out;
}

// Every candidate simplification of one map entry: each key removed (but `at`, which every
// timeline entry needs), and each integer, at any depth, lowered.
void Simplifications(const YAML::Node& node, std::vector<YAML::Node>& out) {
  if (!node.IsMap()) return;
  for (const auto& kv : node) {
    std::string key = kv.first.Scalar();
    if (key != "at" && node.size() > 1) {
      YAML::Node c = YAML::Clone(node);
      c.remove(key);
      out.push_back(c);
    }
    if (std::optional<int64_t> v = AsInteger(kv.second)) {
      for (int64_t lower : LowerValues(*v)) {
        YAML::Node c = YAML::Clone(node);
        c[key] = lower;
        out.push_back(c);
      }
    } else if (kv.second.IsMap()) {
      std::vector<YAML::Node> inner;
      Simplifications(kv.second, inner);
      for (const YAML::Node& i : inner) {
        YAML::Node c = YAML::Clone(node);
        c[key] = i;
        out.push_back(c);
      }
    }
  }
}

// What kind of failure a message describes, without the values that change with every
// candidate: "expected {#}; actual {#}" for two different IP sets, but "expected the IPs of
// ready pods ...; actual an expected pod reference has no ready pod" when a candidate removed
// what the check needs. Candidates must keep the original's shape, so shrinking cannot slip to
// a vacuous failure of the same assertion.
std::string FailureShape(const std::string& message) {
  std::string text = message.substr(0, message.find('\n'));
  size_t at = text.find(" failed at ");
  if (at != std::string::npos) text = text.substr(text.find(": ", at) + 2);
  std::string shape;
  for (char c : text) {
    bool value = std::isdigit(static_cast<unsigned char>(c)) || c == '.' || c == ':';
    if (!value) {
      shape += c;
    } else if (shape.empty() || shape.back() != '#') {
      shape += '#';
    }
  }
  // "{#, #, #}" and "{#}" are the same shape.
  for (size_t p; (p = shape.find("#, #")) != std::string::npos;) shape.replace(p, 4, "#");
  return shape;
}

class Shrinker {
 public:
  Shrinker(std::string path, const ShrinkOptions& options)
      : path_(std::move(path)), options_(options) {}

  Result<ShrinkResult> Run();

 private:
  Status Prepare(const std::string& text);
  // The document with the kept units (indexes into units_) in their lists.
  YAML::Node Build(const std::vector<size_t>& kept) const;
  bool StillFails(const YAML::Node& doc);
  void Log(const std::string& line) const {
    if (options_.log) options_.log(line);
  }
  void SimplifyUnits(const std::vector<size_t>& kept);
  void SimplifyCluster(const std::vector<size_t>& kept);

  struct Unit {
    std::string list;
    YAML::Node node;
  };
  std::string path_;
  const ShrinkOptions& options_;
  std::string Shape(const SeedResult& r) const {
    for (const auto& f : r.failures) {
      if (f.name == assertion_) return FailureShape(f.message);
    }
    return "";
  }

  std::string assertion_;
  std::string shape_;  // FailureShape of the original failure
  YAML::Node base_;  // the document; its lists are replaced by Build
  std::vector<Unit> units_;
  int runs_ = 0;
  SeedResult last_failure_;
};

Status Shrinker::Prepare(const std::string& text) {
  try {
    base_ = YAML::Load(text);
  } catch (const YAML::Exception& e) {
    return Status(StatusCode::kInvalidArgument, "InvalidScenario", path_ + ": " + e.what());
  }
  base_["seed"] = options_.seed;
  const YAML::Node& doc = base_;
  for (const char* key : kListKeys) {
    if (!doc[key] || !doc[key].IsSequence()) continue;
    for (const YAML::Node& item : doc[key]) units_.push_back({key, YAML::Clone(item)});
  }
  return Status::Ok();
}

YAML::Node Shrinker::Build(const std::vector<size_t>& kept) const {
  YAML::Node doc = YAML::Clone(base_);
  const YAML::Node& lookup = doc;
  for (const char* key : kListKeys) {
    if (!lookup[key] || !lookup[key].IsSequence()) continue;
    YAML::Node list(YAML::NodeType::Sequence);
    for (size_t i : kept) {
      if (units_[i].list == key) list.push_back(YAML::Clone(units_[i].node));
    }
    if (list.size() == 0) {
      doc.remove(key);
    } else {
      doc[key] = list;
    }
  }
  return doc;
}

bool Shrinker::StillFails(const YAML::Node& doc) {
  Result<scenario::Scenario> s = scenario::ParseScenario(Emit(doc), path_);
  if (!s.ok()) return false;
  ++runs_;
  SeedResult r = RunSeed(*s, options_.seed, options_.hooks);
  if (!r.Failed(assertion_) || Shape(r) != shape_) return false;
  last_failure_ = std::move(r);
  return true;
}

void Shrinker::SimplifyUnits(const std::vector<size_t>& kept) {
  bool changed = true;
  while (changed) {
    changed = false;
    for (size_t i : kept) {
      std::vector<YAML::Node> candidates;
      Simplifications(units_[i].node, candidates);
      for (const YAML::Node& c : candidates) {
        YAML::Node old = units_[i].node;
        units_[i].node.reset(c);
        if (StillFails(Build(kept))) {
          Log("simplified " + units_[i].list + " entry to " + Emit(c).substr(0, 100));
          changed = true;
          break;
        }
        units_[i].node.reset(old);
      }
    }
  }
}

void Shrinker::SimplifyCluster(const std::vector<size_t>& kept) {
  auto groups = [this]() -> YAML::Node {
    const YAML::Node& doc = base_;
    return doc["cluster"] && doc["cluster"]["nodes"].IsSequence() ? doc["cluster"]["nodes"]
                                                                  : YAML::Node();
  };
  for (size_t g = 0; groups() && g < groups().size(); ++g) {
    std::optional<int64_t> count = AsInteger(groups()[g]["count"]);
    if (!count) continue;
    for (int64_t lower : LowerValues(*count)) {
      if (lower < 1) continue;  // a node group needs a node
      YAML::Node saved = YAML::Clone(base_);
      groups()[g]["count"] = lower;
      if (StillFails(Build(kept))) {
        Log("lowered cluster.nodes[" + std::to_string(g) + "].count to " + std::to_string(lower));
        break;
      }
      base_.reset(saved);
    }
  }
}

Result<ShrinkResult> Shrinker::Run() {
  std::ifstream in(path_, std::ios::binary);
  if (!in) return Status(StatusCode::kInvalidArgument, "InvalidScenario", path_ + ": cannot read");
  std::stringstream text;
  text << in.rdbuf();
  Result<scenario::Scenario> original = scenario::ParseScenario(text.str(), path_);
  if (!original.ok()) return original.status();
  SeedResult first = RunSeed(*original, options_.seed, options_.hooks);
  ++runs_;
  if (!first.error.empty()) return Status(StatusCode::kInvalidArgument, "InvalidScenario", first.error);
  if (first.failures.empty()) {
    return Status(StatusCode::kNotFound, "NothingToShrink",
                  path_ + ": seed " + std::to_string(options_.seed) + " passes every assertion");
  }
  assertion_ = options_.assertion.value_or(first.failures.front().name);
  if (!first.Failed(assertion_)) {
    return Status(StatusCode::kNotFound, "NothingToShrink",
                  path_ + ": seed " + std::to_string(options_.seed) + " does not fail assertion '" +
                      assertion_ + "'");
  }
  shape_ = Shape(first);
  Log("failure to keep: " + shape_);
  last_failure_ = first;
  Status prepared = Prepare(text.str());
  if (!prepared.ok()) return prepared;
  std::vector<size_t> all(units_.size());
  for (size_t i = 0; i < all.size(); ++i) all[i] = i;
  // Only the failing assertion matters, and views are never evaluated for a verdict.
  YAML::Node focused = YAML::Clone(base_);
  focused.remove("views");
  const YAML::Node& assertions = static_cast<const YAML::Node&>(focused)["assertions"];
  if (assertions && assertions.IsSequence()) {
    YAML::Node only(YAML::NodeType::Sequence);
    for (const YAML::Node& a : assertions) {
      if (a["name"] && a["name"].as<std::string>("") == assertion_) only.push_back(a);
    }
    focused["assertions"] = only;
  }
  YAML::Node saved = base_;
  base_.reset(focused);
  if (!StillFails(Build(all))) base_.reset(saved);  // e.g. two assertions share a name
  std::vector<size_t> kept = DeltaDebug(units_.size(), [&](const std::vector<size_t>& k) {
    return StillFails(Build(k));
  });
  Log("delta debugging kept " + std::to_string(kept.size()) + " of " +
      std::to_string(units_.size()) + " entries");
  SimplifyUnits(kept);
  SimplifyCluster(kept);
  YAML::Node result = Build(kept);
  bool fails = StillFails(result);  // re-run the result itself so final_run describes it
  MESHSIM_CHECK(fails) << "the minimal scenario must still fail";
  return ShrinkResult{.assertion = assertion_, .yaml = Emit(result),
                      .entries_before = units_.size(), .entries_after = kept.size(),
                      .runs = runs_, .final_run = last_failure_};
}

}  // namespace

Result<ShrinkResult> Shrink(const std::string& scenario_path, const ShrinkOptions& options) {
  Shrinker shrinker(scenario_path, options);
  return shrinker.Run();
}

std::string ShrunkScenarioFile(const std::string& source_path, const std::string& out_path,
                               uint64_t seed, const std::string& assertion,
                               const std::string& yaml) {
  return "# Shrunk by `meshsim shrink " + source_path + " --seed " + std::to_string(seed) +
         "`:\n# the smallest variant found that still fails assertion '" + assertion +
         "'\n# with seed " + std::to_string(seed) + ". Run it with: meshsim run " + out_path +
         "\n" + RebaseManifestPaths(yaml, source_path, out_path);
}

std::string RebaseManifestPaths(const std::string& yaml, const std::string& from_path,
                                const std::string& to_path) {
  namespace fs = std::filesystem;
  YAML::Node doc = YAML::Load(yaml);
  const YAML::Node& lookup = doc;
  if (!lookup["manifests"] || !lookup["manifests"].IsSequence()) return yaml;
  fs::path from = fs::absolute(fs::path(from_path)).parent_path();
  fs::path to = fs::absolute(fs::path(to_path)).parent_path();
  for (size_t i = 0; i < doc["manifests"].size(); ++i) {
    YAML::Node item = doc["manifests"][i];
    if (!item.IsScalar()) continue;
    fs::path target = (from / item.Scalar()).lexically_normal();
    item = target.lexically_relative(to.lexically_normal()).generic_string();
  }
  return Emit(doc);
}

}  // namespace meshsim::repro
