// report.html: one self-contained page (no scripts, no network) with inline SVG charts.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <set>
#include <sstream>
#include <tuple>
#include <vector>

#include "reports/report_writers.h"

namespace meshsim::reports {
namespace {

constexpr int64_t kWidth = 640, kHeight = 240, kLeft = 60, kRight = 20, kTop = 20, kBottom = 40;
constexpr int64_t kPlotW = kWidth - kLeft - kRight, kPlotH = kHeight - kTop - kBottom;
constexpr const char* kColors[] = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728",
                                   "#9467bd", "#8c564b", "#e377c2", "#17becf"};

int64_t X(int64_t v, int64_t max) { return kLeft + (max > 0 ? v * kPlotW / max : 0); }
int64_t Y(int64_t v, int64_t max) { return kTop + kPlotH - (max > 0 ? v * kPlotH / max : 0); }

struct Tick {
  int64_t value;  // in the axis's own integer unit (nanoseconds, counts, per mille)
  std::string label;
};

// The smallest 1, 2 or 5 times a power of ten that is at least `x` (> 0).
double NiceStep(double x) {
  double power = std::pow(10.0, std::floor(std::log10(x)));
  for (double m : {1.0, 2.0, 5.0, 10.0}) {
    if (m * power >= x * (1 - 1e-9)) return m * power;
  }
  return 10 * power;
}

// A tick value as people write it: whole numbers in full (150000, not 1.5e+05), fractions
// with the few digits a 1-2-5 step has (0.25).
std::string Number(double v) {
  char buf[32];
  if (std::nearbyint(v) == v && std::fabs(v) < 1e15) {
    std::snprintf(buf, sizeof buf, "%lld", static_cast<long long>(v));
  } else {
    std::snprintf(buf, sizeof buf, "%g", v);
  }
  return buf;
}

// Ticks at 0 and round steps up to `max`, at most about six: `max` of `scale` (the value of
// one unit) labelled as a number of units followed by `unit`.
std::vector<Tick> RoundTicks(int64_t max, int64_t scale, const std::string& unit) {
  double span = static_cast<double>(std::max<int64_t>(max, 1)) / static_cast<double>(scale);
  double step = NiceStep(span / 5);
  if (scale == 1) step = std::max(step, 1.0);  // counts: whole numbers
  std::vector<Tick> ticks;
  for (int i = 0; i * step <= span * (1 + 1e-9); ++i) {
    double v = i * step;
    ticks.push_back({static_cast<int64_t>(std::llround(v * static_cast<double>(scale))),
                     Number(v) + unit});
  }
  return ticks;
}

// Time ticks (nanoseconds) in the unit that keeps the labels short: ms, s, min or h.
std::vector<Tick> TimeTicks(int64_t max_ns) {
  constexpr int64_t kMs = 1'000'000, kS = 1'000'000'000, kMin = 60 * kS, kHour = 60 * kMin;
  if (max_ns < 2 * kS) return RoundTicks(max_ns, kMs, "ms");
  if (max_ns < 10 * kMin) return RoundTicks(max_ns, kS, "s");
  if (max_ns < 3 * kHour) return RoundTicks(max_ns, kMin, "min");
  return RoundTicks(max_ns, kHour, "h");
}

std::vector<Tick> CountTicks(int64_t max) { return RoundTicks(max, 1, ""); }

std::vector<Tick> FractionTicks() {  // values in per mille of the axis maximum 1000
  return {{0, "0"}, {250, "0.25"}, {500, "0.5"}, {750, "0.75"}, {1000, "1"}};
}

// Both axes with their tick marks, tick labels and titles; `x_max` / `y_max` are the values
// at the right and top ends of the plot.
void Axes(std::ostringstream& out, const std::string& x_label, const std::vector<Tick>& x_ticks,
          int64_t x_max, const std::string& y_label, const std::vector<Tick>& y_ticks,
          int64_t y_max) {
  int64_t bottom = kTop + kPlotH;
  out << "<line x1=\"" << kLeft << "\" y1=\"" << bottom << "\" x2=\"" << kLeft + kPlotW
      << "\" y2=\"" << bottom << "\" stroke=\"#333\"/>"
      << "<line x1=\"" << kLeft << "\" y1=\"" << kTop << "\" x2=\"" << kLeft << "\" y2=\""
      << bottom << "\" stroke=\"#333\"/>";
  for (const Tick& t : x_ticks) {
    if (t.value > x_max) continue;
    int64_t x = X(t.value, x_max);
    out << "<line x1=\"" << x << "\" y1=\"" << bottom << "\" x2=\"" << x << "\" y2=\""
        << bottom + 4 << "\" stroke=\"#333\"/><text class=\"tick x\" x=\"" << x << "\" y=\""
        << bottom + 15 << "\" text-anchor=\"middle\">" << XmlEscape(t.label) << "</text>";
  }
  for (const Tick& t : y_ticks) {
    if (t.value > y_max) continue;
    int64_t y = Y(t.value, y_max);
    out << "<line x1=\"" << kLeft - 4 << "\" y1=\"" << y << "\" x2=\"" << kLeft << "\" y2=\""
        << y << "\" stroke=\"#333\"/><line x1=\"" << kLeft << "\" y1=\"" << y << "\" x2=\""
        << kLeft + kPlotW << "\" y2=\"" << y << "\" stroke=\"#eee\"/><text class=\"tick y\" x=\""
        << kLeft - 6 << "\" y=\"" << y + 4 << "\" text-anchor=\"end\">" << XmlEscape(t.label)
        << "</text>";
  }
  out << "<text x=\"" << kLeft + kPlotW / 2 << "\" y=\"" << kHeight - 6
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
  // At least 1 ms wide: a hop whose samples are all 0 still gets readable ticks.
  int64_t max = std::max<int64_t>(s.max, 1'000'000);
  out << "<svg class=\"cdf\" id=\"cdf-" << hop << "\" xmlns=\"http://www.w3.org/2000/svg\" "
      << "width=\"" << kWidth << "\" height=\"" << kHeight << "\">";
  Axes(out, "latency", TimeTicks(max), max, "fraction of samples", FractionTicks(), 1000);
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
  Axes(out, "simulated time", TimeTicks(end), end, "count", CountTicks(max), max);
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

// Requests per simulated second by outcome, one line each, over the whole run.
void OutcomeChart(std::ostringstream& out, const RequestOutcomes& r, int64_t end_ns) {
  constexpr int64_t kSecond = 1'000'000'000;
  struct Line {
    const char* name;
    int64_t OutcomeTally::*count;
    const char* color;
    Series series;
  };
  std::vector<Line> lines = {{"success", &OutcomeTally::success, "#2ca02c", {}},
                             {"retried", &OutcomeTally::retried, "#ff7f0e", {}},
                             {"connect_failure", &OutcomeTally::connect_failure, "#d62728", {}},
                             {"no_healthy_upstream", &OutcomeTally::no_healthy_upstream,
                              "#9467bd", {}}};
  int64_t max = 1, end = std::max<int64_t>(end_ns, 1);
  for (const auto& [second, t] : r.by_second) {
    end = std::max(end, (second + 1) * kSecond);
    for (Line& l : lines) {
      int64_t v = t.*l.count;
      max = std::max(max, v);
      // A step up at the second's start and back to 0 after it unless the next second is busy.
      if (l.series.empty() || l.series.back().second != v) {
        l.series.emplace_back(second * kSecond, v);
      }
      if (!r.by_second.contains(second + 1) && v != 0) {
        l.series.emplace_back((second + 1) * kSecond, 0);
      }
    }
  }
  out << "<svg class=\"requests\" id=\"requests\" xmlns=\"http://www.w3.org/2000/svg\" width=\""
      << kWidth << "\" height=\"" << kHeight << "\">";
  Axes(out, "simulated time", TimeTicks(end), end, "requests per second", CountTicks(max), max);
  for (const Line& l : lines) {
    if (std::none_of(l.series.begin(), l.series.end(), [](const auto& p) { return p.second; })) {
      continue;  // an outcome that never happened: no flat line over the others at 0
    }
    SeriesLine(out, l.series, end, max, l.color, l.name);
  }
  out << "</svg>\n<ul class=\"legend\">";
  for (const Line& l : lines) {
    out << "<li style=\"color:" << l.color << "\">" << l.name << ": " << r.total.*l.count
        << "</li>";
  }
  out << "</ul>\n";
}

void TrafficSection(std::ostringstream& out, const RequestOutcomes& r, int64_t end_ns) {
  out << "<h2>What it did to traffic</h2>\n";
  if (r.empty()) {
    out << "<p>No traffic (the scenario has no <code>traffic:</code> section).</p>\n";
    return;
  }
  out << "<table><tr><th>stream</th><th>requests</th><th>success</th><th>retried</th>"
      << "<th>connect_failure</th><th>no_healthy_upstream</th><th>failed (503)</th>"
      << "<th>unsent</th></tr>\n";
  auto row = [&](const std::string& name, const OutcomeTally& t, int64_t unsent) {
    out << "<tr><td>" << XmlEscape(name) << "</td><td>" << t.all() << "</td><td>" << t.success
        << "</td><td>" << t.retried << "</td><td>" << t.connect_failure << "</td><td>"
        << t.no_healthy_upstream << "</td><td>" << t.failed() << "</td><td>" << unsent
        << "</td></tr>\n";
  };
  for (const auto& [stream, t] : r.by_stream) {
    auto unsent = r.unsent_by_stream.find(stream);
    row(stream, t, unsent == r.unsent_by_stream.end() ? 0 : unsent->second);
  }
  for (const auto& [stream, n] : r.unsent_by_stream) {
    if (!r.by_stream.contains(stream)) row(stream, {}, n);
  }
  row("all streams", r.total, r.unsent);
  out << "</table>\n<h3>Request outcomes over time</h3>\n";
  OutcomeChart(out, r, end_ns);
}

}  // namespace

std::string ReportHtml(const Metrics& m, const RunSummary& run, const RequestOutcomes& requests) {
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
  out << "</table>\n";
  TrafficSection(out, requests, m.end_ns);
  out << "<h2>Latency CDF per hop</h2>\n";
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
