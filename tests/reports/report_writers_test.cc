#include "reports/report_writers.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "tests/reports/test_trace.h"

namespace meshsim::reports {
namespace {

struct Outputs {
  std::string json, md, junit, trace, html;
};

Outputs Render() {
  TraceCollector c = testing::LoadSmallTrace();
  Metrics m = ComputeMetrics(c);
  RunSummary run = testing::SmallRun();
  RequestOutcomes r = ComputeRequestOutcomes(c.events());
  return {ReportJson(m, run, r), ReportMarkdown(m, run, r), JunitXml(run),
          ChromeTrace(m, c.events()), ReportHtml(m, run, r)};
}

// Compares with tests/reports/golden/NAME; MESHSIM_UPDATE_GOLDEN=1 rewrites the file instead.
void ExpectGolden(const std::string& name, const std::string& actual) {
  std::string path = testing::GoldenDir() + "/" + name;
  if (std::getenv("MESHSIM_UPDATE_GOLDEN")) {
    std::ofstream(path, std::ios::binary) << actual;
    return;
  }
  std::ifstream in(path, std::ios::binary);
  ASSERT_TRUE(in) << "missing golden file " << path << " (MESHSIM_UPDATE_GOLDEN=1 writes it)";
  std::stringstream expected;
  expected << in.rdbuf();
  EXPECT_EQ(actual, expected.str()) << "differs from " << path;
}

// Minimal XML well-formedness: balanced, properly nested tags and quoted attributes.
bool WellFormedXml(const std::string& xml, std::string& why) {
  std::vector<std::string> open;
  size_t i = 0;
  while ((i = xml.find('<', i)) != std::string::npos) {
    size_t end = xml.find('>', i);
    if (end == std::string::npos) return why = "unterminated tag", false;
    std::string tag = xml.substr(i + 1, end - i - 1);
    i = end + 1;
    if (tag.empty() || tag[0] == '?' || tag[0] == '!') continue;
    if (tag.find('<') != std::string::npos) return why = "'<' inside a tag", false;
    size_t quotes = 0;
    for (char ch : tag) quotes += ch == '"';
    if (quotes % 2) return why = "unbalanced quotes in <" + tag + ">", false;
    if (tag.back() == '/') continue;
    std::string name = tag.substr(tag[0] == '/' ? 1 : 0);
    name = name.substr(0, name.find_first_of(" \t\n"));
    if (tag[0] != '/') {
      open.push_back(name);
    } else if (open.empty() || open.back() != name) {
      return why = "unexpected </" + name + ">", false;
    } else {
      open.pop_back();
    }
  }
  if (!open.empty()) return why = "unclosed <" + open.back() + ">", false;
  return true;
}

TEST(ReportWriters, MatchGoldenFiles) {
  Outputs o = Render();
  ExpectGolden("report.json", o.json);
  ExpectGolden("report.md", o.md);
  ExpectGolden("junit.xml", o.junit);
  ExpectGolden("trace.json", o.trace);
  ExpectGolden("report.html", o.html);
}

TEST(ReportWriters, OutputIsDeterministic) {
  Outputs a = Render(), b = Render();
  EXPECT_EQ(a.json, b.json);
  EXPECT_EQ(a.trace, b.trace);
  EXPECT_EQ(a.html, b.html);
}

TEST(ReportJson, HasTheVersionedSchemaAndHopStats) {
  auto j = nlohmann::json::parse(Render().json);
  EXPECT_EQ(j["schema"], "meshsim.report/v1");
  EXPECT_EQ(j["hops"]["ready_to_all_envoys"]["p50_ns"], 2'900'000'000);
  EXPECT_EQ(j["hops"]["ready_to_all_envoys"]["buckets"][3]["le"], "3");
  EXPECT_EQ(j["hops"]["ready_to_all_envoys"]["buckets"][3]["count"], 1);  // 2.9s <= 3s
  EXPECT_EQ(j["hops"]["ready_to_all_envoys"]["buckets"][8]["count"], 2);  // +Inf
  EXPECT_EQ(j["run"]["failed"], 1);
  EXPECT_EQ(j["stale_endpoints"]["windows"].size(), 2u);
}

TEST(ReportJson, HasTheRequestOutcomesInTotalPerStreamAndPerSecond) {
  auto j = nlohmann::json::parse(Render().json);
  const auto& total = j["requests"]["total"];
  EXPECT_EQ(total["success"], 34);
  EXPECT_EQ(total["retried"], 3);
  EXPECT_EQ(total["connect_failure"], 1);
  EXPECT_EQ(total["no_healthy_upstream"], 2);
  EXPECT_EQ(total["failed"], 3);
  EXPECT_EQ(total["total"], 40);
  EXPECT_EQ(total["unsent"], 3);
  EXPECT_EQ(j["requests"]["by_stream"]["client-to-web"], total);
  ASSERT_EQ(j["requests"]["per_second"].size(), 4u);
  EXPECT_EQ(j["requests"]["per_second"][0]["second"], 4);
  EXPECT_EQ(j["requests"]["per_second"][0]["no_healthy_upstream"], 2);
  EXPECT_EQ(j["requests"]["per_second"][2]["retried"], 2);
}

TEST(ReportMarkdown, SaysWhatTheRunDidToTraffic) {
  std::string md = Render().md;
  EXPECT_NE(md.find("## What it did to traffic"), std::string::npos);
  EXPECT_NE(md.find("| client-to-web | 40 | 34 | 3 | 1 | 2 | 3 (7.50%) | 3 |"), std::string::npos)
      << md;
  // The seconds with trouble, not the quiet ones.
  EXPECT_NE(md.find("| 4 | 8 | 0 | 0 | 2 |"), std::string::npos) << md;
  EXPECT_NE(md.find("| 10 | 7 | 2 | 1 | 0 |"), std::string::npos) << md;
  EXPECT_EQ(md.find("| 5 | 10 | 0 | 0 | 0 |"), std::string::npos) << md;
}

TEST(JunitXml, IsWellFormedWithOneTestcasePerAssertion) {
  std::string xml = Render().junit;
  std::string why;
  EXPECT_TRUE(WellFormedXml(xml, why)) << why << "\n" << xml;
  size_t cases = 0;
  for (size_t i = 0; (i = xml.find("<testcase ", i)) != std::string::npos; ++i) ++cases;
  EXPECT_EQ(cases, 2u);
  EXPECT_NE(xml.find("<failure message=\"assertion &apos;client-2 drops&apos;"),
            std::string::npos);
  EXPECT_NE(xml.find("&lt;web-a&gt; &amp; more"), std::string::npos);
}

TEST(WellFormedXml, RejectsMisnestedTags) {
  std::string why;
  EXPECT_FALSE(WellFormedXml("<a><b></a></b>", why));
  EXPECT_FALSE(WellFormedXml("<a x=\"1>", why));
  EXPECT_TRUE(WellFormedXml("<?xml version=\"1.0\"?><a><b/></a>", why));
}

TEST(ChromeTrace, ParsesAsTraceEventsWithHopSpansAndNamedTracks) {
  auto j = nlohmann::json::parse(Render().trace);
  ASSERT_TRUE(j["traceEvents"].is_array());
  int spans = 0, instants = 0, threads = 0;
  for (const auto& e : j["traceEvents"]) {
    ASSERT_TRUE(e.contains("ph") && e.contains("pid") && e.contains("name"));
    if (e["ph"] == "X") {
      ++spans;
      EXPECT_GE(e["dur"].get<double>(), 0.0);
    }
    instants += e["ph"] == "i";
    threads += e["ph"] == "M" && e["name"] == "thread_name";
  }
  EXPECT_GT(spans, 10);
  EXPECT_GT(instants, 20);
  // world, k8s, controller, cloudmap, controlplane, envoy, traffic; 2 pods
  EXPECT_EQ(threads, 7 + 2);
}

TEST(ReportHtml, IsSelfContainedWithItsCharts) {
  std::string html = Render().html;
  EXPECT_NE(html.find("<svg class=\"timeline\""), std::string::npos);
  EXPECT_NE(html.find("id=\"cdf-ready_to_all_envoys\""), std::string::npos);
  EXPECT_NE(html.find("<polyline"), std::string::npos);
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find("src="), std::string::npos);
  EXPECT_EQ(html.find("href="), std::string::npos);
  std::string why;
  EXPECT_TRUE(WellFormedXml(html.substr(html.find("<html")), why)) << why;
}

// Every chart's axes carry labelled ticks with units, so values can be read off the picture.
TEST(ReportHtml, EveryChartHasLabelledTicksOnBothAxes) {
  std::string html = Render().html;
  int charts = 0;
  for (size_t at = 0; (at = html.find("<svg", at)) != std::string::npos; ++at) {
    ++charts;
    std::string svg = html.substr(at, html.find("</svg>", at) - at);
    std::string id = svg.substr(svg.find("id=\""), 30);
    size_t x_ticks = 0, y_ticks = 0;
    for (size_t i = 0; (i = svg.find("class=\"tick x\"", i)) != std::string::npos; ++i) ++x_ticks;
    for (size_t i = 0; (i = svg.find("class=\"tick y\"", i)) != std::string::npos; ++i) ++y_ticks;
    EXPECT_GE(x_ticks, 3u) << id;
    EXPECT_GE(y_ticks, 3u) << id;
  }
  EXPECT_GE(charts, 3);  // timeline, requests, CDFs
  // Units: the 20 s run's time axis in seconds, latencies in seconds or milliseconds.
  EXPECT_NE(html.find(">20s</text>"), std::string::npos);
  EXPECT_NE(html.find(">0.5</text>"), std::string::npos);  // the CDF's fraction axis
  size_t cdf = html.find("id=\"cdf-ready_to_all_envoys\"");
  ASSERT_NE(cdf, std::string::npos);
  std::string chart = html.substr(cdf, html.find("</svg>", cdf) - cdf);
  EXPECT_NE(chart.find("s</text>"), std::string::npos) << chart;
}

TEST(ReportHtml, ShowsRequestOutcomesOverTime) {
  std::string html = Render().html;
  EXPECT_NE(html.find("<h2>What it did to traffic</h2>"), std::string::npos);
  size_t chart = html.find("<svg class=\"requests\"");
  ASSERT_NE(chart, std::string::npos);
  std::string svg = html.substr(chart, html.find("</svg>", chart) - chart);
  EXPECT_NE(svg.find("<title>success</title>"), std::string::npos);
  EXPECT_NE(svg.find("<title>no_healthy_upstream</title>"), std::string::npos);
  EXPECT_NE(svg.find("requests per second"), std::string::npos);
}

TEST(Seconds, FormatsFixedThreeDecimals) {
  EXPECT_EQ(Seconds(0), "0.000s");
  EXPECT_EQ(Seconds(2'900'000'000), "2.900s");
  EXPECT_EQ(Seconds(12'345'678), "0.012s");
  EXPECT_EQ(Seconds(-1), "-");
}

}  // namespace
}  // namespace meshsim::reports
