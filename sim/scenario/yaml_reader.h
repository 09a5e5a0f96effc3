// File: sim/scenario/yaml_reader.h
//
// Internal to sim/scenario: typed, validating reads of yaml-cpp nodes. A MapReader hands out
// the keys a parser asks for and, on Finish(), reports every other key as unknown (with
// did-you-mean) unless the accepted-not-modelled table (not_modelled.h) lists it. The Read*
// helpers convert scalars, substitute ${VAR} in manifests, and record compiler-style errors at
// the value's position. None of them throws.
//
// Example:
//   MapReader spec(doc["spec"], "Deployment 'front'.spec", ctx, "Deployment.spec");
//   if (auto n = ReadInt(spec.Get("replicas"), "replicas", ctx, 0, kMaxInt32)) d.replicas = *n;
//   spec.Finish();
#pragma once

#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "controller/api/distribution.h"
#include "controller/api/time.h"
#include "sim/scenario/diagnostics.h"

namespace meshsim::scenario::internal {

inline constexpr int64_t kMaxInt32 = 2147483647;

struct ReadContext {
  std::string file;
  Diagnostics* diag = nullptr;
  // ${VAR} values; nullptr for scenario files, where no substitution happens.
  const std::map<std::string, std::string>* vars = nullptr;

  // Empty values ("metadata:" with nothing after it) carry the mark of the next token, so
  // MapReader::Get remembers their keys' positions here and Span() reports those instead.
  mutable std::vector<std::pair<YAML::Node, SourceSpan>> empty_values;

  SourceSpan Span(const YAML::Node& node) const;
  void Error(const YAML::Node& node, std::string message) const {
    diag->Error(Span(node), std::move(message));
  }
};

class MapReader {
 public:
  // `what` names the map in messages ("Deployment 'front'.spec"); `table` names its row in the
  // accepted-not-modelled table ("" for none). An undefined node reads as an empty map; any
  // other non-map is an error.
  MapReader(const YAML::Node& node, std::string what, const ReadContext& ctx,
            std::string table = "");

  // True when the node is a map.
  bool valid() const { return valid_; }
  const YAML::Node& node() const { return node_; }
  SourceSpan span() const { return ctx_.Span(node_); }
  bool Has(const std::string& key) const;
  // The value of `key`, or an undefined node when absent. Marks `key` as known.
  YAML::Node Get(const std::string& key);
  // Like Get, but a missing key is an error at this map: "missing key 'k' in what; expected E".
  YAML::Node Require(const std::string& key, const std::string& expected);
  // Reports unknown and duplicate keys. Call once, after every Get/Require.
  void Finish();

 private:
  YAML::Node node_;
  std::string what_;
  const ReadContext& ctx_;
  std::string table_;
  bool valid_ = false;
  std::vector<std::string> known_;
};

// "'abc'", "a map", "a list" or "an empty value": how a found node is named in messages.
std::string Describe(const YAML::Node& node);

// Each Read* returns nullopt without an error when `node` is undefined (the key was absent),
// and nullopt with an error at the node when it has the wrong shape or value.
std::optional<std::string> ReadString(const YAML::Node& node, const std::string& key,
                                      const ReadContext& ctx);
std::optional<int64_t> ReadInt(const YAML::Node& node, const std::string& key,
                               const ReadContext& ctx, int64_t min, int64_t max);
std::optional<uint64_t> ReadUint64(const YAML::Node& node, const std::string& key,
                                   const ReadContext& ctx);
std::optional<bool> ReadBool(const YAML::Node& node, const std::string& key,
                             const ReadContext& ctx);
std::optional<Duration> ReadDuration(const YAML::Node& node, const std::string& key,
                                     const ReadContext& ctx);
std::optional<Distribution> ReadDistribution(const YAML::Node& node, const std::string& key,
                                             const ReadContext& ctx);
std::optional<std::string> ReadEnum(const YAML::Node& node, const std::string& key,
                                    const ReadContext& ctx,
                                    const std::vector<std::string>& allowed);
// A map of scalars to scalars (labels, vars, query parameters).
std::optional<std::map<std::string, std::string>> ReadStringMap(const YAML::Node& node,
                                                                const std::string& key,
                                                                const ReadContext& ctx);
// The items of a list; empty (with an error) when the node is not a list.
std::vector<YAML::Node> ReadList(const YAML::Node& node, const std::string& key,
                                 const ReadContext& ctx);

// The scalar's text with ${VAR} substituted when ctx.vars is set; nullopt (with an error at the
// placeholder's column) for an unset or malformed placeholder.
std::optional<std::string> ScalarText(const YAML::Node& node, const ReadContext& ctx);

// Messages shared with SettingsReader.
extern const char kDurationGrammar[];
extern const char kDistributionGrammar[];

}  // namespace meshsim::scenario::internal
