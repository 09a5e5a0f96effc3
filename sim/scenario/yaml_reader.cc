#include "sim/scenario/yaml_reader.h"

#include <charconv>
#include <set>

#include "sim/scenario/loader.h"
#include "sim/scenario/not_modelled.h"

namespace meshsim::scenario::internal {

const char kDurationGrammar[] =
    "a duration such as 250ms, 30s, 5m, 1h, 1m30s, 1.5s or 0 (units ns, us, ms, s, m, h)";
const char kDistributionGrammar[] =
    "a duration (fixed) or uniform(LOW, HIGH), exponential(mean=D), normal(mean=D, stddev=D)";

SourceSpan ReadContext::Span(const YAML::Node& node) const {
  if (node.IsDefined() && node.IsNull()) {
    for (const auto& [value, key_span] : empty_values) {
      if (value.is(node)) return key_span;
    }
  }
  return SpanOf(node, file);
}

MapReader::MapReader(const YAML::Node& node, std::string what, const ReadContext& ctx,
                     std::string table)
    : node_(node), what_(std::move(what)), ctx_(ctx), table_(std::move(table)) {
  if (!node.IsDefined()) return;
  if (node.IsMap()) {
    valid_ = true;
  } else if (node.IsNull()) {
    valid_ = false;  // "spec:" with nothing after it reads as an empty map
  } else {
    ctx_.Error(node, "found " + Describe(node) + " for " + what_ + "; expected a map");
  }
}

bool MapReader::Has(const std::string& key) const { return valid_ && node_[key].IsDefined(); }

YAML::Node MapReader::Get(const std::string& key) {
  known_.push_back(key);
  if (!valid_) return YAML::Node(YAML::NodeType::Undefined);
  const YAML::Node& n = node_;
  YAML::Node value = n[key];
  if (value.IsDefined() && value.IsNull()) {
    for (auto it = n.begin(); it != n.end(); ++it) {
      if (it->first.IsScalar() && it->first.Scalar() == key) {
        ctx_.empty_values.emplace_back(value, SpanOf(it->first, ctx_.file));
      }
    }
  }
  return value;
}

YAML::Node MapReader::Require(const std::string& key, const std::string& expected) {
  YAML::Node value = Get(key);
  // An absent or ill-shaped parent is reported once, by whoever read it.
  bool parent_present = node_.IsDefined() && (node_.IsMap() || node_.IsNull());
  if (!value.IsDefined() && parent_present) {
    SourceSpan at = ctx_.Span(node_);
    ctx_.diag->Error(at, "missing key '" + key + "' in " + what_ + "; expected " + expected);
  }
  return value;
}

void MapReader::Finish() {
  if (!valid_) return;
  std::set<std::string> seen;
  for (auto it = node_.begin(); it != node_.end(); ++it) {
    const YAML::Node key_node = it->first;  // a copy: `it->` returns a temporary proxy
    std::string key = key_node.IsScalar() ? key_node.Scalar() : "";
    if (!key_node.IsScalar()) {
      ctx_.Error(key_node, "found " + Describe(key_node) + " as a key in " + what_ +
                               "; expected a plain key");
      continue;
    }
    if (!seen.insert(key).second) {
      ctx_.Error(key_node, "duplicate key '" + key + "' in " + what_ + "; expected each key once");
      continue;
    }
    bool known = std::find(known_.begin(), known_.end(), key) != known_.end();
    if (known || IsNotModelled(table_, key)) continue;
    std::vector<std::string> candidates = known_;
    for (const std::string& k : NotModelledKeys(table_)) candidates.push_back(k);
    ctx_.Error(key_node, "unknown key '" + key + "' in " + what_ + "; expected one of " +
                             JoinNames(known_) + DidYouMean(key, candidates));
  }
}

std::string Describe(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Map:
      return "a map";
    case YAML::NodeType::Sequence:
      return "a list";
    case YAML::NodeType::Scalar:
      return "'" + node.Scalar() + "'";
    default:
      return "an empty value";
  }
}

namespace {

// Records "found X for 'key'; expected E" at the node.
void BadValue(const YAML::Node& node, const std::string& key, const ReadContext& ctx,
              const std::string& expected, const std::string& found = "") {
  ctx.Error(node, "found " + (found.empty() ? Describe(node) : found) + " for '" + key +
                      "'; expected " + expected);
}

// The scalar text of a node that must be a scalar, or nullopt after recording a type error.
std::optional<std::string> Scalar(const YAML::Node& node, const std::string& key,
                                  const ReadContext& ctx, const std::string& expected) {
  if (!node.IsDefined()) return std::nullopt;
  if (!node.IsScalar()) {
    BadValue(node, key, ctx, expected);
    return std::nullopt;
  }
  return ScalarText(node, ctx);
}

// Column offset of the scalar's first character: quoted scalars start after the quote.
int QuoteOffset(const YAML::Node& node) { return node.Tag() == "!" ? 1 : 0; }

std::vector<std::string> VarNames(const std::map<std::string, std::string>& vars) {
  std::vector<std::string> names;
  for (const auto& [name, value] : vars) names.push_back(name);
  return names;
}

std::string UnsetVariable(const std::string& name, const std::map<std::string, std::string>& vars) {
  std::vector<std::string> names = VarNames(vars);
  std::string expected = names.empty() ? "a variable set in the scenario's vars"
                                       : "one of " + JoinNames(names) + " (the scenario's vars)";
  return "found unset variable '${" + name + "}'; expected " + expected + DidYouMean(name, names);
}

}  // namespace

std::optional<std::string> ScalarText(const YAML::Node& node, const ReadContext& ctx) {
  const std::string& text = node.Scalar();
  if (ctx.vars == nullptr || text.find("${") == std::string::npos) return text;
  std::string out;
  bool ok = true;
  size_t i = 0;
  while (i < text.size()) {
    size_t start = text.find("${", i);
    if (start == std::string::npos) {
      out += text.substr(i);
      break;
    }
    out += text.substr(i, start - i);
    SourceSpan at = ctx.Span(node);
    at.column += QuoteOffset(node) + static_cast<int>(start);
    size_t end = text.find('}', start);
    if (end == std::string::npos) {
      ctx.diag->Error(
          at, "found an unterminated placeholder '" + text.substr(start) + "'; expected ${NAME}");
      return std::nullopt;
    }
    std::string name = text.substr(start + 2, end - start - 2);
    auto var = ctx.vars->find(name);
    if (var == ctx.vars->end()) {
      ctx.diag->Error(at, UnsetVariable(name, *ctx.vars));
      ok = false;
    } else {
      out += var->second;
    }
    i = end + 1;
  }
  if (!ok) return std::nullopt;
  return out;
}

std::optional<std::string> ReadString(const YAML::Node& node, const std::string& key,
                                      const ReadContext& ctx) {
  return Scalar(node, key, ctx, "a string");
}

std::optional<int64_t> ReadInt(const YAML::Node& node, const std::string& key,
                               const ReadContext& ctx, int64_t min, int64_t max) {
  std::string expected = min == 0  ? "a non-negative integer"
                         : min > 0 ? "a positive integer"
                                   : "an integer";
  std::optional<std::string> text = Scalar(node, key, ctx, expected);
  if (!text) return std::nullopt;
  int64_t value = 0;
  auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (ec != std::errc() || end != text->data() + text->size()) {
    BadValue(node, key, ctx, expected, "'" + *text + "'");
    return std::nullopt;
  }
  if (value < min || value > max) {
    BadValue(node, key, ctx,
             "an integer from " + std::to_string(min) + " to " + std::to_string(max),
             "'" + *text + "'");
    return std::nullopt;
  }
  return value;
}

std::optional<uint64_t> ReadUint64(const YAML::Node& node, const std::string& key,
                                   const ReadContext& ctx) {
  const std::string expected = "an unsigned integer";
  std::optional<std::string> text = Scalar(node, key, ctx, expected);
  if (!text) return std::nullopt;
  uint64_t value = 0;
  auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (ec != std::errc() || end != text->data() + text->size()) {
    BadValue(node, key, ctx, expected, "'" + *text + "'");
    return std::nullopt;
  }
  return value;
}

std::optional<bool> ReadBool(const YAML::Node& node, const std::string& key,
                             const ReadContext& ctx) {
  std::optional<std::string> text = Scalar(node, key, ctx, "true or false");
  if (!text) return std::nullopt;
  if (*text == "true" || *text == "True" || *text == "TRUE") return true;
  if (*text == "false" || *text == "False" || *text == "FALSE") return false;
  BadValue(node, key, ctx, "true or false", "'" + *text + "'");
  return std::nullopt;
}

std::optional<Duration> ReadDuration(const YAML::Node& node, const std::string& key,
                                     const ReadContext& ctx) {
  std::optional<std::string> text = Scalar(node, key, ctx, kDurationGrammar);
  if (!text) return std::nullopt;
  Result<Duration> d = ParseDuration(*text);
  if (!d.ok()) {
    BadValue(node, key, ctx, kDurationGrammar, "'" + *text + "'");
    return std::nullopt;
  }
  return *d;
}

std::optional<Distribution> ReadDistribution(const YAML::Node& node, const std::string& key,
                                             const ReadContext& ctx) {
  std::optional<std::string> text = Scalar(node, key, ctx, kDistributionGrammar);
  if (!text) return std::nullopt;
  Result<Distribution> d = ParseDistribution(*text);
  if (!d.ok()) {
    BadValue(node, key, ctx, kDistributionGrammar, "'" + *text + "'");
    return std::nullopt;
  }
  return *d;
}

std::optional<std::string> ReadEnum(const YAML::Node& node, const std::string& key,
                                    const ReadContext& ctx,
                                    const std::vector<std::string>& allowed) {
  std::string expected = "one of " + JoinNames(allowed);
  std::optional<std::string> text = Scalar(node, key, ctx, expected);
  if (!text) return std::nullopt;
  if (std::find(allowed.begin(), allowed.end(), *text) != allowed.end()) return text;
  BadValue(node, key, ctx, expected + DidYouMean(*text, allowed), "'" + *text + "'");
  return std::nullopt;
}

std::optional<std::map<std::string, std::string>> ReadStringMap(const YAML::Node& node,
                                                                const std::string& key,
                                                                const ReadContext& ctx) {
  if (!node.IsDefined()) return std::nullopt;
  std::map<std::string, std::string> out;
  if (node.IsNull()) return out;
  if (!node.IsMap()) {
    BadValue(node, key, ctx, "a map of strings");
    return std::nullopt;
  }
  bool ok = true;
  for (auto it = node.begin(); it != node.end(); ++it) {
    std::optional<std::string> k = Scalar(it->first, key, ctx, "a string key");
    if (!k) {
      ok = false;
      continue;
    }
    std::optional<std::string> v = it->second.IsNull() ? std::optional<std::string>("")
                                                       : Scalar(it->second, *k, ctx, "a string");
    if (!v) {
      ok = false;
      continue;
    }
    if (!out.emplace(*k, *v).second) {
      ctx.Error(it->first, "duplicate key '" + *k + "' in '" + key + "'; expected each key once");
      ok = false;
    }
  }
  if (!ok) return std::nullopt;
  return out;
}

std::vector<YAML::Node> ReadList(const YAML::Node& node, const std::string& key,
                                 const ReadContext& ctx) {
  std::vector<YAML::Node> items;
  if (!node.IsDefined() || node.IsNull()) return items;
  if (!node.IsSequence()) {
    BadValue(node, key, ctx, "a list");
    return items;
  }
  for (const YAML::Node& item : node) items.push_back(item);
  return items;
}

}  // namespace meshsim::scenario::internal
