#include "sim/scenario/settings_reader.h"

#include <algorithm>
#include <charconv>

#include "sim/scenario/diagnostics.h"
#include "sim/scenario/loader.h"
#include "sim/scenario/yaml_reader.h"

namespace meshsim::scenario {
namespace {

template <class T>
std::optional<T> Convert(const std::string& text);

template <>
std::optional<Duration> Convert(const std::string& text) {
  Result<Duration> d = ParseDuration(text);
  return d.ok() ? std::optional<Duration>(*d) : std::nullopt;
}

template <>
std::optional<Distribution> Convert(const std::string& text) {
  Result<Distribution> d = ParseDistribution(text);
  return d.ok() ? std::optional<Distribution>(*d) : std::nullopt;
}

template <>
std::optional<int64_t> Convert(const std::string& text) {
  int64_t v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return v;
}

template <>
std::optional<bool> Convert(const std::string& text) {
  if (text == "true" || text == "True" || text == "TRUE") return true;
  if (text == "false" || text == "False" || text == "FALSE") return false;
  return std::nullopt;
}

template <class T>
T Typed(const Setting& setting, const std::string& what, const std::string& expected,
        T default_value, std::vector<std::pair<SourceSpan, std::string>>& errors) {
  std::optional<T> v = Convert<T>(setting.value);
  if (v) return *v;
  errors.emplace_back(setting.span,
                      "found '" + setting.value + "' for " + what + "; expected " + expected);
  return default_value;
}

}  // namespace

SettingsReader::SettingsReader(std::string component, const ComponentSettings& settings)
    : component_(std::move(component)), settings_(settings) {}

const Setting* SettingsReader::Consume(const std::string& key) {
  if (std::find(known_.begin(), known_.end(), key) == known_.end()) known_.push_back(key);
  auto it = settings_.find(key);
  if (it == settings_.end()) return nullptr;
  consumed_.insert(key);
  return &it->second;
}

Duration SettingsReader::GetDuration(const std::string& key, Duration default_value) {
  const Setting* setting = Consume(key);
  if (setting == nullptr) return default_value;
  return Typed(*setting, "settings." + component_ + "." + key, internal::kDurationGrammar,
               default_value, errors_);
}

Distribution SettingsReader::GetDistribution(const std::string& key, Distribution default_value) {
  const Setting* setting = Consume(key);
  if (setting == nullptr) return default_value;
  return Typed(*setting, "settings." + component_ + "." + key, internal::kDistributionGrammar,
               default_value, errors_);
}

int64_t SettingsReader::GetInt(const std::string& key, int64_t default_value) {
  const Setting* setting = Consume(key);
  if (setting == nullptr) return default_value;
  return Typed(*setting, "settings." + component_ + "." + key, "an integer", default_value,
               errors_);
}

bool SettingsReader::GetBool(const std::string& key, bool default_value) {
  const Setting* setting = Consume(key);
  if (setting == nullptr) return default_value;
  return Typed(*setting, "settings." + component_ + "." + key, "true or false", default_value,
               errors_);
}

std::string SettingsReader::GetString(const std::string& key, std::string default_value) {
  const Setting* setting = Consume(key);
  if (setting == nullptr) return default_value;
  return setting->value;
}

std::string SettingsReader::GetEnum(const std::string& key, const std::vector<std::string>& allowed,
                                    std::string default_value) {
  const Setting* setting = Consume(key);
  if (setting == nullptr) return default_value;
  if (std::find(allowed.begin(), allowed.end(), setting->value) != allowed.end()) {
    return setting->value;
  }
  errors_.emplace_back(setting->span, "found '" + setting->value + "' for settings." + component_ +
                                          "." + key + "; expected one of " +
                                          internal::JoinNames(allowed) +
                                          internal::DidYouMean(setting->value, allowed));
  return default_value;
}

Status SettingsReader::Finish() const {
  internal::Diagnostics diag;
  for (const auto& [span, message] : errors_) diag.Error(span, message);
  for (const auto& [key, setting] : settings_) {
    if (consumed_.count(key) > 0) continue;
    std::string expected =
        known_.empty() ? "no settings for " + component_ : "one of " + internal::JoinNames(known_);
    diag.Error(setting.key_span, "unknown key '" + key + "' in settings." + component_ +
                                     "; expected " + expected + internal::DidYouMean(key, known_));
  }
  if (diag.empty()) return Status::Ok();
  return diag.ToStatus();
}

}  // namespace meshsim::scenario
