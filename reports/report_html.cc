// report.html: one self-contained page (no scripts, no network) with inline SVG charts.
#include <algorithm>
#include <set>
#include <tuple>
#include <sstream>

#include "reports/report_writers.h"

namespace meshsim::reports {
namespace {

constexpr int64_t kWidth = 640, kHeight = 240, kLeft = 60, kRight = 20, kTop = 20, kBottom = 40;
constexpr int64_t kPlotW = kWidth - kLeft - kRight, kPlotH = kHeight - kTop - kBottom;
constexpr const char* kColors[] = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728",
                                   "#9467bd", "#8c564b", "#e377c2", "#17becf"};

int64_t X(int64_t v, int64_t max) { return kLeft + (max > 0 ? v * kPlotW / max : 0); }
int64_t Y(int64_t v, int64_t max) { return kTop + kPlotH - (max > 0 ? v * kPlotH / max : 0); }

void Axes(std::ostringstream& out, const std::string& x_label, const std::string& y_label) {
  out << "<line x1=\"" << kLeft << "\" y1=\"" << kTop + kPlotH << "\" x2=\"" << kLeft + kPlotW
      << "\" y2=\"" << kTop + kPlotH << "\" stroke=\"#333\"/>"
      << "<line x1=\"" << kLeft << "\" y1=\"" << kTop << "\" x2=\"" << kLeft << "\" y2=\""
      << kTop + kPlotH << "\" stroke=\"#333\"/>"
      << "<text x=\"" << kLeft + kPlotW / 2 << "\" y=\"" << kHeight - 8
      << "\" text-anchor=\"middle\">" << XmlEscape(x_label) << "</text>"
      << "<text x=\"12\" y=\"" << kTop + kPlotH / 2 << "\" transform=\"rotate(-90 12 "
      << kTop + kPlotH / 2 << ")\" text-anchor=\"middle\">" << XmlEscape(y_label) << "</text>\n";
}

void CdfChart(std::ostringstream& out, std::string_view hop, const LatencyStats& s) {
  out << "<h3>" << hop << "</h3>\n";
  if (s.count == 0) {
    out << "<p>no samples</p>\n";
    return;
  }
  int64_t max = std::max<int64_t>(s.max, 1);
  out << "<svg class=\"cdf\" id=\"cdf-" << hop << "\" xmlns=\"http://www.w3.org/2000/svg\" "
      << "width=\"" << kWidth << "\" height=\"" << kHeight << "\">";
  Axes(out, "latency (0 to " + Seconds(s.max) + ")", "fraction of samples");
  out << "<polyline fill=\"none\" stroke=\"" << kColors[0] << "\" points=\"" << X(0, max) << ","
      << Y(0, s.count);
  // One step per sample, but at most about two per horizontal pixel: big runs have hundreds
  // of thousands of samples, and the chart cannot show more than its width anyway.
  int64_t stride = std::max<int64_t>(1, s.count / (2 * kPlotW));
  for (int64_t i = 0; i < s.count; i += stride) {
    int64_t last = std::min(i + stride, s.count) - 1;
    int64_t x = X(s.sorted[static_cast<size_t>(last)], max);
    out << " " << x << "," << Y(i, s.count) << " " << x << "," << Y(last + 1, s.count);
  }
  out << "\"/></svg>\n<p>n=" << s.count << " p50 " << Seconds(s.p50) << " p90 " << Seconds(s.p90)
      << " p99 " << Seconds(s.p99) << " max " << Seconds(s.max) << "</p>\n";
}

void SeriesLine(std::ostringstream& out, const Series& s, int64_t end, int64_t max,
                const char* color, const std::string& label) {
  if (s.empty()) return;
  out << "<polyline fill=\"none\" stroke=\"" << color << "\" points=\"" << X(0, end) << ","
      << Y(0, max);
  int64_t value = 0;
  for (const auto& [t, v] : s) {
    out << " " << X(t, end) << "," << Y(value, max) << " " << X(t, end) << "," << Y(v, max);
    value = v;
  }
  out << " " << X(end, end) << "," << Y(value, max) << "\"><title>" << XmlEscape(label)
      << "</title></polyline>";
}

// The fewest and the most endpoints any Envoy had at each instant, as two step series: the
// timeline of a run with thousands of Envoys as a band instead of thousands of lines.
std::pair<Series, Series> EnvoyBand(const std::map<std::string, Series>& by_envoy) {
  std::vector<std::tuple<int64_t, size_t, int64_t>> changes;  // (time, envoy, value)
  size_t index = 0;
  for (const auto& [envoy, s] : by_envoy) {
    for (const auto& [t, v] : s) changes.emplace_back(t, index, v);
    ++index;
  }
  std::stable_sort(changes.begin(), changes.end(),
                   [](const auto& a, const auto& b) { return std::get<0>(a) < std::get<0>(b); });
  std::vector<int64_t> current(by_envoy.size(), 0);
  std::multiset<int64_t> values(current.begin(), current.end());
  Series low, high;
  for (size_t i = 0; i < changes.size(); ++i) {
    auto [t, envoy, v] = changes[i];
    values.erase(values.find(current[envoy]));
    values.insert(v);
    current[envoy] = v;
    bool last_at_t = i + 1 == changes.size() || std::get<0>(changes[i + 1]) != t;
    if (!last_at_t) continue;
    if (low.empty() || low.back().second != *values.begin()) low.emplace_back(t, *values.begin());
    if (high.empty() || high.back().second != *values.rbegin()) {
      high.emplace_back(t, *values.rbegin());
    }
  }
  return {std::move(low), std::move(high)};
}

void Timeline(std::ostringstream& out, const Metrics& m) {
  std::vector<std::pair<std::string, const Series*>> lines = {
      {"ready pods", &m.ready_pods}, {"registered instances", &m.registered_instances}};
  // Up to six Envoys get a line each (the palette has eight colours); more become a band.
  constexpr size_t kMaxEnvoyLines = 6;
  std::pair<Series, Series> band;
  if (m.envoy_endpoints.size() <= kMaxEnvoyLines) {
    for (const auto& [envoy, s] : m.envoy_endpoints) lines.emplace_back("Envoy " + envoy, &s);
  } else {
    band = EnvoyBand(m.envoy_endpoints);
    std::string n = std::to_string(m.envoy_endpoints.size());
    lines.emplace_back("fewest endpoints in any of the " + n + " Envoys", &band.first);
    lines.emplace_back("most endpoints in any of the " + n + " Envoys", &band.second);
  }
  int64_t max = 1;
  for (const auto& [label, s] : lines) {
    for (const auto& [t, v] : *s) max = std::max(max, v);
  }
  int64_t end = std::max<int64_t>(m.end_ns, 1);
  out << "<svg class=\"timeline\" id=\"timeline\" xmlns=\"http://www.w3.org/2000/svg\" width=\""
      << kWidth << "\" height=\"" << kHeight << "\">";
  Axes(out, "simulated time (0 to " + Seconds(m.end_ns) + ")", "count (max " +
       std::to_string(max) + ")");
  size_t color = 0;
  for (const auto& [label, s] : lines) {
    SeriesLine(out, *s, end, max, kColors[color++ % 8], label);
  }
  out << "</svg>\n<ul class=\"legend\">";
  color = 0;
  for (const auto& [label, s] : lines) {
    out << "<li style=\"color:" << kColors[color++ % 8] << "\">" << XmlEscape(label) << "</li>";
  }
  out << "</ul>\n";
}

}  // namespace

std::string ReportHtml(const Metrics& m, const RunSummary& run) {
  std::ostringstream out;
  out << "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"/>"
      << "<title>meshsim report: " << XmlEscape(run.scenario) << "</title>"
      << "<style>body{font-family:sans-serif;max-width:960px;margin:2em auto}"
      << "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:2px 6px}"
      << "svg text{font-size:11px}</style></head><body>\n"
      << "<h1>meshsim report: " << XmlEscape(run.scenario) << "</h1>\n<p>seed " << run.seed
      << ", simulated " << Seconds(run.sim_time_ns) << ", trace hash "
      << XmlEscape(run.trace_hash) << "</p>\n";
  if (run.bench) out << "<p class=\"bench\">" << XmlEscape(BenchLine(*run.bench)) << "</p>\n";
  out << "<h2>Ready pods, registered instances and Envoy endpoints</h2>\n";
  Timeline(out, m);
  out << "<h2>Latency per hop</h2>\n<table><tr><th>hop</th><th>count</th><th>p50</th>"
      << "<th>p90</th><th>p99</th><th>p99.9</th><th>max</th></tr>\n";
  for (std::string_view hop : kHops) {
    const LatencyStats& s = m.overall.at(std::string(hop));
    auto cell = [&](int64_t v) { return Seconds(s.count == 0 ? -1 : v); };  // "-": no samples
    out << "<tr><td>" << hop << "</td><td>" << s.count << "</td><td>" << cell(s.p50)
        << "</td><td>" << cell(s.p90) << "</td><td>" << cell(s.p99) << "</td><td>"
        << cell(s.p999) << "</td><td>" << cell(s.max) << "</td></tr>\n";
  }
  out << "</table>\n<h2>Latency CDF per hop</h2>\n";
  for (std::string_view hop : kHops) CdfChart(out, hop, m.overall.at(std::string(hop)));
  out << "<h2>Assertions</h2>\n<ul>\n";
  for (const auto& a : run.assertions) {
    out << "<li>" << (a.passed ? "PASS " : "FAIL ") << XmlEscape(a.name)
        << (a.message.empty() ? "" : ": " + XmlEscape(a.message)) << "</li>\n";
  }
  out << "</ul>\n</body></html>\n";
  return out.str();
}

}  // namespace meshsim::reports
