#include "sim/world/cloudmap_settings.h"

#include <optional>
#include <regex>
#include <utility>

namespace meshsim::world {
namespace {

using scenario::ComponentSettings;
using scenario::SettingsReader;

void AddError(const ComponentSettings& settings, const std::string& key, const std::string& what,
              std::vector<std::string>& errors) {
  const scenario::Setting& s = settings.at(key);
  errors.push_back(s.span.ToString() + ": error: found '" + s.value + "' for settings.cloudmap." +
                   key + "; expected " + what);
}

// "off" -> Unlimited; "100/s" -> {100, 100}; "100/s burst 200" -> {100, 200}.
std::optional<fakes::RateLimit> ParseRateLimit(const std::string& text) {
  if (text == "off") return fakes::RateLimit::Unlimited();
  static const std::regex kForm(R"(^\s*(\d{1,9})\s*/\s*s(?:\s*,?\s*burst\s*=?\s*(\d{1,9}))?\s*$)");
  std::smatch m;
  if (!std::regex_match(text, m, kForm)) return std::nullopt;
  int64_t rate = std::stoll(m[1].str());
  int64_t burst = m[2].matched ? std::stoll(m[2].str()) : rate;
  return fakes::RateLimit{.per_second = rate, .burst = burst};
}

// "0.25" -> 250000 parts per million; "1" -> 1000000. Six decimals at most, in [0, 1].
std::optional<int64_t> ParseProbabilityPpm(const std::string& text) {
  static const std::regex kForm(R"(^(0|1)(?:\.(\d{1,6}))?$)");
  std::smatch m;
  if (!std::regex_match(text, m, kForm)) return std::nullopt;
  std::string frac = m[2].matched ? m[2].str() : "";
  frac.resize(6, '0');
  int64_t ppm = (m[1].str() == "1" ? 1'000'000 : 0) + std::stoll(frac);
  if (ppm > 1'000'000) return std::nullopt;
  return ppm;
}

void ReadErrors(SettingsReader& r, const ComponentSettings& settings, fakes::CloudMapOptions& o,
                std::vector<std::string>& errors) {
  std::vector<std::string> operations = fakes::CloudMapOperationNames();
  operations.insert(operations.begin(), "*");
  for (const std::string& code : fakes::InjectableErrorNames()) {
    const std::string p = "error." + code + ".";
    bool present = false;
    for (const char* field : {"probability", "operation", "caller", "from", "until"}) {
      present = present || settings.count(p + field) > 0;
    }
    fakes::ErrorInjection e{.error = code};
    std::string probability = r.GetString(p + "probability", "1");
    e.operation = r.GetEnum(p + "operation", operations, "*");
    e.caller = r.GetString(p + "caller", "*");
    e.from = MonotonicTime(r.GetDuration(p + "from", Duration(0)));
    Duration until = r.GetDuration(p + "until", Duration(0));
    if (settings.count(p + "until")) e.until = MonotonicTime(until);
    if (!present) continue;
    if (std::optional<int64_t> ppm = ParseProbabilityPpm(probability)) {
      e.probability_ppm = *ppm;
    } else {
      AddError(settings, p + "probability", "a probability from 0 to 1 (e.g. 0.05)", errors);
    }
    if (e.until && *e.until <= e.from) {
      AddError(settings, p + "until", "a time after error." + code + ".from", errors);
    }
    o.errors.push_back(e);
  }
}

}  // namespace

void ReadCloudMapSettings(SettingsReader& r, const ComponentSettings& settings,
                          fakes::CloudMapOptions& o, std::vector<std::string>& errors) {
  o.api_latency = r.GetDistribution("api_latency", o.api_latency);
  o.operation_pending_after = r.GetDistribution("operation_pending_after", o.operation_pending_after);
  o.operation_duration = r.GetDistribution("operation_duration", o.operation_duration);
  o.custom_health_delay = r.GetDuration("custom_health_delay", o.custom_health_delay);
  o.account_id = r.GetString("account_id", o.account_id);
  o.propagation_delay = r.GetDistribution("propagation_delay", o.propagation_delay);
  std::vector<std::string> limit_keys = fakes::CloudMapOperationNames();
  limit_keys.insert(limit_keys.begin(), "default");
  for (const std::string& op : fakes::CloudMapOperationNames()) {
    if (settings.count("latency." + op)) {
      o.latency[op] = r.GetDistribution("latency." + op, o.api_latency);
    } else {
      r.GetDistribution("latency." + op, o.api_latency);  // known key, for did-you-mean
    }
  }
  for (const std::string& op : limit_keys) {
    const std::string key = "rate_limit." + op;
    std::string text = r.GetString(key, "");
    if (!settings.count(key)) continue;
    std::optional<fakes::RateLimit> limit = ParseRateLimit(text);
    if (!limit) {
      AddError(settings, key, "off, N/s or N/s burst M (e.g. 1000/s burst 2000)", errors);
      continue;
    }
    o.rate_limits[op == "default" ? "*" : op] = *limit;
  }
  // Only the quotas AWS lets an account raise (instances per service and attributes per
  // instance are fixed): scale scenarios model an account that asked for more.
  for (auto [key, quota] : {std::pair{"quota.namespaces", &o.max_namespaces},
                             std::pair{"quota.instances_per_namespace", &o.max_instances_per_namespace}}) {
    int64_t v = r.GetInt(key, *quota);
    if (!settings.count(key)) continue;
    if (v < 1 || v > 10'000'000) {
      AddError(settings, key, "a whole number from 1 to 10000000", errors);
      continue;
    }
    *quota = static_cast<int32_t>(v);
  }
  ReadErrors(r, settings, o, errors);
}

}  // namespace meshsim::world
