// report.md, junit.xml, the shared formatting helpers and WriteReportDir.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <utility>
#include <vector>

#include "reports/report_writers.h"

namespace meshsim::reports {
namespace {

void HopTable(std::ostringstream& out, const std::map<std::string, LatencyStats>& hops) {
  out << "| hop | count | p50 | p90 | p99 | p99.9 | max |\n"
         "|---|---:|---:|---:|---:|---:|---:|\n";
  for (std::string_view name : kHops) {
    const LatencyStats& s = hops.at(std::string(name));
    auto cell = [&](int64_t v) { return Seconds(s.count == 0 ? -1 : v); };  // "-": no samples
    out << "| " << name << " | " << s.count << " | " << cell(s.p50) << " | " << cell(s.p90)
        << " | " << cell(s.p99) << " | " << cell(s.p999) << " | " << cell(s.max) << " |\n";
  }
}

std::string Share(int64_t part, int64_t whole) {
  if (whole == 0) return "-";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f%%", 100.0 * static_cast<double>(part) /
                                               static_cast<double>(whole));
  return buf;
}

void TallyRow(std::ostringstream& out, const std::string& name, const OutcomeTally& t,
              int64_t unsent) {
  out << "| " << name << " | " << t.all() << " | " << t.success << " | " << t.retried << " | "
      << t.connect_failure << " | " << t.no_healthy_upstream << " | "
      << t.failed() << " (" << Share(t.failed(), t.all()) << ") | " << unsent << " |\n";
}

// "What it did to traffic": outcomes per stream and in total, then the seconds in which a
// request was retried or failed (the first ones; report.json has every second).
void TrafficSection(std::ostringstream& out, const RequestOutcomes& r) {
  out << "\n## What it did to traffic\n\n";
  if (r.empty()) {
    out << "No traffic (the scenario has no `traffic:` section).\n";
    return;
  }
  out << "| stream | requests | success | retried | connect_failure | no_healthy_upstream | "
         "failed (503) | unsent |\n|---|---:|---:|---:|---:|---:|---:|---:|\n";
  for (const auto& [stream, t] : r.by_stream) {
    auto unsent = r.unsent_by_stream.find(stream);
    TallyRow(out, stream, t, unsent == r.unsent_by_stream.end() ? 0 : unsent->second);
  }
  for (const auto& [stream, n] : r.unsent_by_stream) {
    if (!r.by_stream.contains(stream)) TallyRow(out, stream, {}, n);
  }
  TallyRow(out, "all streams", r.total, r.unsent);
  std::vector<std::pair<int64_t, OutcomeTally>> troubled;
  int64_t worst_second = -1, worst = 0;
  for (const auto& [second, t] : r.by_second) {
    if (t.retried + t.failed() > 0) troubled.emplace_back(second, t);
    if (t.failed() > worst) worst = t.failed(), worst_second = second;
  }
  if (troubled.empty()) {
    out << "\nNo request was retried or failed.\n";
    return;
  }
  out << "\n" << troubled.size() << " seconds with retried or failed requests";
  if (worst_second >= 0) {
    out << "; the worst had " << worst << " failed, at " << worst_second << "s";
  }
  out << ".\n\n| second | success | retried | connect_failure | no_healthy_upstream |\n"
         "|---:|---:|---:|---:|---:|\n";
  constexpr size_t kMaxRows = 50;
  for (size_t i = 0; i < troubled.size() && i < kMaxRows; ++i) {
    const auto& [second, t] = troubled[i];
    out << "| " << second << " | " << t.success << " | " << t.retried << " | "
        << t.connect_failure << " | " << t.no_healthy_upstream << " |\n";
  }
  if (troubled.size() > kMaxRows) {
    out << "\n(" << troubled.size() - kMaxRows << " more seconds in report.json)\n";
  }
}

bool WriteText(const std::filesystem::path& path, const std::string& text) {
  std::ofstream f(path, std::ios::binary);
  f << text;
  return static_cast<bool>(f);
}

}  // namespace

std::string Seconds(int64_t ns) {
  if (ns < 0) return "-";
  std::string frac = std::to_string((ns % 1'000'000'000) / 1'000'000);
  return std::to_string(ns / 1'000'000'000) + "." + std::string(3 - frac.size(), '0') + frac +
         "s";
}

std::string BenchLine(const BenchFigures& b) {
  char buf[200];
  std::snprintf(buf, sizeof buf,
                "wall %s, %.0f events/s, %.0fx real time, peak RSS %.1f MiB, %lld pods at most, "
                "%lld Envoys at most",
                Seconds(b.wall_ns).c_str(), b.events_per_second, b.sim_to_real_ratio,
                static_cast<double>(b.peak_rss_bytes) / (1024.0 * 1024.0),
                static_cast<long long>(b.pods_peak), static_cast<long long>(b.envoys_peak));
  return buf;
}

std::string XmlEscape(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string ReportMarkdown(const Metrics& m, const RunSummary& run,
                           const RequestOutcomes& requests) {
  std::ostringstream out;
  int failed = 0;
  for (const auto& a : run.assertions) failed += a.passed ? 0 : 1;
  out << "# meshsim report: " << run.scenario << "\n\n"
      << "seed " << run.seed << ", simulated " << Seconds(run.sim_time_ns) << ", " << run.events
      << " events, trace hash `" << run.trace_hash << "`, assertions: "
      << run.assertions.size() - failed << " passed, " << failed << " failed\n\n";
  if (run.bench) out << "Benchmark: " << BenchLine(*run.bench) << "\n\n";
  out << "## Propagation latency, all pods\n\n";
  HopTable(out, m.overall);
  for (const auto& [vn, hops] : m.by_vn) {
    out << "\n## Virtual node " << vn << "\n\n";
    HopTable(out, hops);
  }
  out << "\n## Stale endpoints\n\n"
      << m.stale.size() << " windows, max " << Seconds(m.stale_stats.max) << "\n\n"
      << "| pod | ip | envoy | from | length | resolved |\n|---|---|---|---:|---:|---|\n";
  // Big runs have a window per (pod, Envoy): the table shows the first ones, report.json all.
  constexpr size_t kMaxRows = 50;
  for (size_t i = 0; i < m.stale.size() && i < kMaxRows; ++i) {
    const StaleWindow& w = m.stale[i];
    out << "| " << w.pod << " | " << w.ip << " | " << w.envoy << " | " << Seconds(w.start_ns)
        << " | " << Seconds(w.length_ns) << " | " << (w.resolved ? "yes" : "no") << " |\n";
  }
  if (m.stale.size() > kMaxRows) {
    out << "\n(" << m.stale.size() - kMaxRows << " more windows in report.json)\n";
  }
  out << "\n## Time with zero endpoints\n\n| cluster | worst Envoy |\n|---|---:|\n";
  for (const auto& [cluster, z] : m.zero_endpoints) {
    out << "| " << cluster << " | " << Seconds(z.max_ns) << " |\n";
  }
  TrafficSection(out, requests);
  out << "\n## Assertions\n\n| assertion | result | at |\n|---|---|---:|\n";
  for (const auto& a : run.assertions) {
    out << "| " << a.name << " | " << (a.passed ? "PASS" : "FAIL") << " | "
        << Seconds(a.decided ? a.decided_at_ns : -1) << " |\n";
  }
  return out.str();
}

std::string JunitXml(const RunSummary& run) {
  int failed = 0;
  for (const auto& a : run.assertions) failed += a.passed ? 0 : 1;
  std::ostringstream out;
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      << "<testsuites tests=\"" << run.assertions.size() << "\" failures=\"" << failed << "\">\n"
      << "  <testsuite name=\"" << XmlEscape(run.scenario) << "\" tests=\""
      << run.assertions.size() << "\" failures=\"" << failed << "\" time=\"0\">\n";
  for (const auto& a : run.assertions) {
    out << "    <testcase classname=\"" << XmlEscape(run.scenario) << "\" name=\""
        << XmlEscape(a.name) << "\" file=\"" << XmlEscape(a.location) << "\">";
    if (!a.passed) {
      std::string message = a.message.empty() ? "not decided by the end of the run" : a.message;
      out << "\n      <failure message=\"" << XmlEscape(message) << "\">expected "
          << XmlEscape(a.expected) << "; actual " << XmlEscape(a.actual) << "</failure>\n    ";
    }
    out << "</testcase>\n";
  }
  out << "  </testsuite>\n</testsuites>\n";
  return out.str();
}

Status WriteReportDir(const std::string& dir, const Metrics& m, const RunSummary& run,
                      const std::vector<CollectedEvent>& events) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return Status(StatusCode::kInvalidArgument, "ReportDir", dir + ": " + ec.message());
  RequestOutcomes requests = ComputeRequestOutcomes(events);
  const std::pair<const char*, std::string> files[] = {
      {"report.json", ReportJson(m, run, requests)},
      {"report.md", ReportMarkdown(m, run, requests)},
      {"junit.xml", JunitXml(run)},
      {"trace.json", ChromeTrace(m, events)},
      {"report.html", ReportHtml(m, run, requests)}};
  for (const auto& [name, text] : files) {
    std::filesystem::path path = std::filesystem::path(dir) / name;
    if (!WriteText(path, text)) {
      return Status(StatusCode::kInvalidArgument, "ReportDir", "cannot write " + path.string());
    }
  }
  return Status::Ok();
}

}  // namespace meshsim::reports
