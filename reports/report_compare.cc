#include "reports/report_compare.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <nlohmann/json.hpp>

#include "reports/latency.h"
#include "reports/report_writers.h"

namespace meshsim::reports {
namespace {

using nlohmann::json;

// The metrics of one report as (name, value, direction), in report order.
struct Metric {
  std::string name;
  double value;
  Better better;
};

void AddStats(std::vector<Metric>& out, const std::string& prefix, const json& stats) {
  if (!stats.is_object() || stats.value("count", 0) == 0) return;  // no samples: nothing to say
  for (const char* key : {"p50_ns", "p90_ns", "p99_ns", "p999_ns", "max_ns"}) {
    if (stats.contains(key) && stats[key].is_number()) {
      out.push_back({prefix + "." + key, stats[key].get<double>(), Better::kLower});
    }
  }
}

std::vector<Metric> Flatten(const json& report) {
  std::vector<Metric> out;
  const json& run = report.value("run", json::object());
  if (run.contains("failed")) out.push_back({"run.failed", run["failed"].get<double>(), Better::kLower});
  if (run.contains("events")) out.push_back({"run.events", run["events"].get<double>(), Better::kNeither});
  const json& hops = report.value("hops", json::object());
  for (std::string_view hop : kHops) {
    auto it = hops.find(std::string(hop));
    if (it != hops.end()) AddStats(out, "hops." + std::string(hop), *it);
  }
  if (report.contains("stale_endpoints")) {
    AddStats(out, "stale_endpoints", report["stale_endpoints"].value("stats", json::object()));
  }
  if (const json& zero = report.value("zero_endpoints", json::object()); !zero.empty()) {
    double worst = 0;
    for (const auto& [cluster, z] : zero.items()) worst = std::max(worst, z.value("max_ns", 0.0));
    out.push_back({"zero_endpoints.max_ns", worst, Better::kLower});
  }
  if (const json& bench = report.value("bench", json::object()); !bench.empty()) {
    const std::pair<const char*, Better> keys[] = {
        {"wall_ns", Better::kLower},           {"events_per_second", Better::kHigher},
        {"sim_to_real_ratio", Better::kHigher}, {"peak_rss_bytes", Better::kLower},
        {"pods_peak", Better::kNeither},       {"envoys_peak", Better::kNeither}};
    for (const auto& [key, better] : keys) {
      if (bench.contains(key)) out.push_back({std::string("bench.") + key, bench[key].get<double>(), better});
    }
  }
  return out;
}

Result<json> Parse(std::string_view text, const char* which) {
  json j = json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) {
    return Status(StatusCode::kInvalidArgument, "BadReport",
                  std::string(which) + " report is not a JSON object");
  }
  if (j.value("schema", "") != kReportSchema) {
    return Status(StatusCode::kInvalidArgument, "BadReport",
                  std::string(which) + " report is not schema " + kReportSchema +
                      " (found '" + j.value("schema", "") + "')");
  }
  return j;
}

double Change(double before, double after) {
  if (before == after) return 0;
  if (before == 0) return after > 0 ? std::numeric_limits<double>::infinity()
                                    : -std::numeric_limits<double>::infinity();
  return (after - before) / std::fabs(before);
}

std::string Value(const std::string& metric, double v) {
  char buf[64];
  if (metric.size() > 3 && metric.compare(metric.size() - 3, 3, "_ns") == 0) {
    std::snprintf(buf, sizeof buf, "%.6fs", v / 1e9);
  } else if (metric.find("bytes") != std::string::npos) {
    std::snprintf(buf, sizeof buf, "%.1fMiB", v / (1024.0 * 1024.0));
  } else {
    std::snprintf(buf, sizeof buf, "%.6g", v);
  }
  return buf;
}

}  // namespace

Result<Comparison> CompareReports(std::string_view before_json, std::string_view after_json,
                                  double threshold) {
  Result<json> before = Parse(before_json, "before");
  if (!before.ok()) return before.status();
  Result<json> after = Parse(after_json, "after");
  if (!after.ok()) return after.status();
  std::vector<Metric> after_metrics = Flatten(*after);
  Comparison c{.threshold = threshold};
  for (const Metric& b : Flatten(*before)) {
    auto a = std::find_if(after_metrics.begin(), after_metrics.end(),
                          [&](const Metric& m) { return m.name == b.name; });
    if (a == after_metrics.end()) continue;
    MetricDelta d{.metric = b.name, .before = b.value, .after = a->value,
                  .change = Change(b.value, a->value), .better = b.better};
    d.regression = (d.better == Better::kLower && d.change > threshold) ||
                   (d.better == Better::kHigher && d.change < -threshold);
    c.regressions += d.regression ? 1 : 0;
    c.rows.push_back(std::move(d));
  }
  return c;
}

std::string FormatComparison(const Comparison& c) {
  std::string out;
  char line[256];
  std::snprintf(line, sizeof line, "%-52s %16s %16s %9s\n", "metric", "before", "after", "change");
  out += line;
  for (const MetricDelta& d : c.rows) {
    char change[32];
    if (std::isinf(d.change)) {
      std::snprintf(change, sizeof change, "%s", d.change > 0 ? "+inf" : "-inf");
    } else {
      std::snprintf(change, sizeof change, "%+.1f%%", d.change * 100);
    }
    std::snprintf(line, sizeof line, "%-52s %16s %16s %9s%s\n", d.metric.c_str(),
                  Value(d.metric, d.before).c_str(), Value(d.metric, d.after).c_str(), change,
                  d.regression ? "  REGRESSION" : "");
    out += line;
  }
  std::snprintf(line, sizeof line, "meshsim compare: %d regression%s beyond %g%% (%zu metrics)\n",
                c.regressions, c.regressions == 1 ? "" : "s", c.threshold * 100, c.rows.size());
  out += line;
  return out;
}

Result<double> ParseThreshold(std::string_view text) {
  std::string s(text);
  if (!s.empty() && s.back() == '%') s.pop_back();
  char* end = nullptr;
  double v = s.empty() ? -1 : std::strtod(s.c_str(), &end);
  if (s.empty() || *end != '\0' || !(v >= 0) || std::isinf(v)) {
    return Status(StatusCode::kInvalidArgument, "Usage",
                  "--threshold takes a percentage such as 10% or 2.5%, got '" + std::string(text) + "'");
  }
  return v / 100.0;
}

}  // namespace meshsim::reports
