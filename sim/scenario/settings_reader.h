// File: sim/scenario/settings_reader.h
//
// Typed reads of one component's `settings:` block. Each Get* consumes a key; Finish() reports
// every key nobody consumed as "unknown key" (with did-you-mean) so no setting is ever silently
// ignored. Errors carry the file:line:column of the offending key or value.
//
// Example:
//   SettingsReader r("cloudmap", scenario.settings["cloudmap"]);
//   options.api_latency = r.GetDistribution("api_latency", options.api_latency);
//   options.operation_duration = r.GetDistribution("operation_duration", ...);
//   if (Status s = r.Finish(); !s.ok()) return s;
#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "controller/api/distribution.h"
#include "controller/api/status.h"
#include "sim/scenario/scenario.h"

namespace meshsim::scenario {

class SettingsReader {
 public:
  SettingsReader(std::string component, const ComponentSettings& settings);

  Duration GetDuration(const std::string& key, Duration default_value);
  Distribution GetDistribution(const std::string& key, Distribution default_value);
  int64_t GetInt(const std::string& key, int64_t default_value);
  bool GetBool(const std::string& key, bool default_value);
  std::string GetString(const std::string& key, std::string default_value);
  // REQUIRES: `allowed` non-empty. A value outside it is an error naming the allowed values.
  std::string GetEnum(const std::string& key, const std::vector<std::string>& allowed,
                      std::string default_value);

  // Returns every error seen so far plus one per unconsumed key, sorted by position, or OK.
  Status Finish() const;

 private:
  // Marks `key` as known and, when present, consumed; returns its setting or nullptr.
  const Setting* Consume(const std::string& key);

  std::string component_;
  const ComponentSettings& settings_;
  std::set<std::string> consumed_;
  std::vector<std::string> known_;  // every key asked for, for did-you-mean
  std::vector<std::pair<SourceSpan, std::string>> errors_;
};

}  // namespace meshsim::scenario
