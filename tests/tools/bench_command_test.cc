// meshsim bench, meshsim compare and the scale fields of meshsim run --summary-json.
#include "tools/cli/bench_command.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "tests/support/scratch_dir.h"
#include "tools/cli/command_line.h"
#include "tools/cli/commands.h"

namespace meshsim::cli {
namespace {

const std::string kWalkthrough =
    std::string(MESHSIM_SOURCE_DIR) + "/scenarios/howto-k8s-cloudmap.yaml";

struct Ran {
  int code;
  std::string out, err;
};

Ran RunArgs(std::vector<const char*> args) {
  args.insert(args.begin(), "meshsim");
  auto cl = ParseCommandLine(static_cast<int>(args.size()), args.data());
  EXPECT_TRUE(cl.ok()) << cl.status().ToString();
  std::ostringstream out, err;
  int code = Dispatch(*cl, out, err);
  return {code, out.str(), err.str()};
}

// A directory of this test's own (see scratch_dir.h); `name` separates two uses in one test.
std::string TempDir(const std::string& name) { return meshsim::testing::ScratchDir(name); }

nlohmann::json ReadJson(const std::string& path) {
  std::ifstream f(path);
  return nlohmann::json::parse(f);
}

void WriteText(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

TEST(BenchCommand, WritesTheReportWithBenchFigures) {
  std::string dir = TempDir("one");
  Ran r = RunArgs({"bench", kWalkthrough.c_str(), "--report-dir", dir.c_str()});
  ASSERT_EQ(r.code, kExitOk) << r.out << r.err;
  EXPECT_NE(r.out.find("meshsim bench: scenario=howto-k8s-cloudmap"), std::string::npos) << r.out;
  for (const char* file : {"report.json", "report.md", "report.html", "junit.xml", "trace.json"}) {
    EXPECT_TRUE(std::filesystem::exists(dir + "/" + file)) << file;
  }
  nlohmann::json report = ReadJson(dir + "/report.json");
  const nlohmann::json& bench = report.at("bench");
  EXPECT_GT(bench.at("wall_ns").get<int64_t>(), 0);
  EXPECT_GT(bench.at("events_per_second").get<double>(), 0);
  EXPECT_GT(bench.at("sim_to_real_ratio").get<double>(), 1.0);  // 4m15s simulated
  EXPECT_GT(bench.at("peak_rss_bytes").get<int64_t>(), 1 << 20);
  EXPECT_EQ(bench.at("pods_peak").get<int64_t>(), 3);  // front, colorapp-blue, colorapp-red
  EXPECT_EQ(bench.at("envoys_peak").get<int64_t>(), 3);
  EXPECT_EQ(report.at("run").at("failed").get<int>(), 0);
  std::ifstream md(dir + "/report.md");
  std::string text((std::istreambuf_iterator<char>(md)), {});
  EXPECT_NE(text.find("Benchmark: wall "), std::string::npos);
}

TEST(BenchCommand, SeveralScenariosGoToOneFolderEach) {
  std::string dir = TempDir("two");
  Ran r = RunArgs({"bench", kWalkthrough.c_str(), kWalkthrough.c_str(), "--report-dir",
                   dir.c_str(), "--seed", "3"});
  ASSERT_EQ(r.code, kExitOk) << r.out << r.err;
  nlohmann::json report = ReadJson(dir + "/howto-k8s-cloudmap/report.json");
  EXPECT_EQ(report.at("run").at("seed").get<int>(), 3);
}

TEST(BenchCommand, NeedsAReportDirAndAReadableScenario) {
  EXPECT_EQ(RunArgs({"bench", kWalkthrough.c_str()}).code, kExitBadInput);
  std::string dir = TempDir("missing");
  Ran r = RunArgs({"bench", "/nonexistent/x.yaml", "--report-dir", dir.c_str()});
  EXPECT_EQ(r.code, kExitBadInput);
  EXPECT_NE(r.err.find("/nonexistent/x.yaml"), std::string::npos) << r.err;
}

// A crafted report.json with one hop and bench figures.
std::string Report(int64_t p99_ns, double events_per_second, int failed = 0) {
  nlohmann::json stats = {{"count", 10}, {"p50_ns", 1000}, {"p90_ns", 2000},
                          {"p99_ns", p99_ns}, {"p999_ns", p99_ns}, {"max_ns", p99_ns},
                          {"buckets", nlohmann::json::array()}};
  nlohmann::json j = {{"schema", "meshsim.report/v1"},
                      {"run", {{"failed", failed}, {"events", 100}}},
                      {"hops", {{"ready_to_all_envoys", stats}}},
                      {"bench", {{"wall_ns", 1000}, {"events_per_second", events_per_second}}}};
  return j.dump();
}

struct Compared {
  int code;
  std::string out, err;
};

Compared Compare(const std::string& before, const std::string& after, const char* threshold) {
  std::string dir = TempDir("compare");
  std::filesystem::create_directories(dir);
  WriteText(dir + "/before.json", before);
  WriteText(dir + "/after.json", after);
  std::string b = dir + "/before.json", a = dir + "/after.json";
  std::vector<const char*> args = {"compare", b.c_str(), a.c_str()};
  if (threshold) {
    args.push_back("--threshold");
    args.push_back(threshold);
  }
  Ran r = RunArgs(args);
  return {r.code, r.out, r.err};
}

TEST(CompareCommand, SameReportsHaveNoRegression) {
  Compared c = Compare(Report(5000, 1e6), Report(5000, 1e6), nullptr);
  EXPECT_EQ(c.code, kExitOk) << c.out << c.err;
  EXPECT_NE(c.out.find("hops.ready_to_all_envoys.p99_ns"), std::string::npos) << c.out;
  EXPECT_NE(c.out.find("0 regressions beyond 10%"), std::string::npos) << c.out;
}

TEST(CompareCommand, SlowerLatencyBeyondTheThresholdFails) {
  Compared c = Compare(Report(5000, 1e6), Report(6000, 1e6), "10%");  // +20 %
  EXPECT_EQ(c.code, kExitAssertionFailed) << c.out;
  EXPECT_NE(c.out.find("+20.0%  REGRESSION"), std::string::npos) << c.out;
}

TEST(CompareCommand, ChangesWithinTheThresholdPass) {
  Compared c = Compare(Report(5000, 1e6), Report(6000, 1e6), "25%");
  EXPECT_EQ(c.code, kExitOk) << c.out;
}

TEST(CompareCommand, FewerEventsPerSecondIsARegressionMoreIsNot) {
  EXPECT_EQ(Compare(Report(5000, 1e6), Report(5000, 8e5), "10%").code, kExitAssertionFailed);
  EXPECT_EQ(Compare(Report(5000, 1e6), Report(5000, 2e6), "10%").code, kExitOk);
  EXPECT_EQ(Compare(Report(5000, 1e6), Report(4000, 1e6), "10%").code, kExitOk);  // faster
}

TEST(CompareCommand, AFailedAssertionWhereNoneFailedIsARegression) {
  Compared c = Compare(Report(5000, 1e6, 0), Report(5000, 1e6, 1), "10%");
  EXPECT_EQ(c.code, kExitAssertionFailed);
  EXPECT_NE(c.out.find("run.failed"), std::string::npos);
  EXPECT_NE(c.out.find("+inf  REGRESSION"), std::string::npos) << c.out;
}

TEST(CompareCommand, BadInputExitsTwo) {
  EXPECT_EQ(Compare("not json", Report(1, 1), nullptr).code, kExitBadInput);
  Compared wrong = Compare(R"({"schema":"other/v9"})", Report(1, 1), nullptr);
  EXPECT_EQ(wrong.code, kExitBadInput);
  EXPECT_NE(wrong.err.find("before report is not schema meshsim.report/v1"), std::string::npos)
      << wrong.err;
  EXPECT_EQ(Compare(Report(1, 1), Report(1, 1), "ten").code, kExitBadInput);
  EXPECT_EQ(RunArgs({"compare", "only-one.json"}).code, kExitBadInput);
}

TEST(CompareCommand, ComparesTwoRealBenchReports) {
  std::string dir = TempDir("real");
  ASSERT_EQ(RunArgs({"bench", kWalkthrough.c_str(), "--report-dir", (dir + "/a").c_str()}).code,
            kExitOk);
  ASSERT_EQ(RunArgs({"bench", kWalkthrough.c_str(), "--report-dir", (dir + "/b").c_str()}).code,
            kExitOk);
  std::string a = dir + "/a/report.json", b = dir + "/b/report.json";
  // Latencies are deterministic, so only wall-clock figures may differ: a huge threshold
  // passes, and every latency row shows no change.
  Ran r = RunArgs({"compare", a.c_str(), b.c_str(), "--threshold", "100000%"});
  EXPECT_EQ(r.code, kExitOk) << r.out;
  EXPECT_NE(r.out.find("hops.ready_to_all_envoys.p50_ns"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("bench.peak_rss_bytes"), std::string::npos) << r.out;
}

TEST(RunCommand, SummaryJsonReportsPodsEnvoysWallAndPeakRss) {
  std::string dir = TempDir("summary");
  std::filesystem::create_directories(dir);
  std::string path = dir + "/summary.json";
  Ran r = RunArgs({"run", kWalkthrough.c_str(), "--quiet", "--summary-json", path.c_str()});
  ASSERT_EQ(r.code, kExitOk) << r.out << r.err;
  nlohmann::json j = ReadJson(path);
  EXPECT_EQ(j.at("pods_peak").get<int64_t>(), 3);
  EXPECT_EQ(j.at("envoys").get<int64_t>(), 3);
  EXPECT_GT(j.at("wall_ns").get<int64_t>(), 0);
  EXPECT_GT(j.at("peak_rss_bytes").get<int64_t>(), 1 << 20);
}

}  // namespace
}  // namespace meshsim::cli
