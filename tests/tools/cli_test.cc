#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdio>
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

Result<CommandLine> Parse(std::vector<const char*> args) {
  args.insert(args.begin(), "meshsim");
  return ParseCommandLine(static_cast<int>(args.size()), args.data());
}

struct Ran {
  int code;
  std::string out, err;
};

Ran RunArgs(std::vector<const char*> args) {
  auto cl = Parse(std::move(args));
  EXPECT_TRUE(cl.ok()) << cl.status().ToString();
  std::ostringstream out, err;
  int code = Dispatch(*cl, out, err);
  return {code, out.str(), err.str()};
}

std::string TempPath(const std::string& name) {
  return meshsim::testing::ScratchDir() + "/" + name;
}

TEST(CommandLine, ParsesCommandArgsAndFlags) {
  auto cl = Parse({"run", "x.yaml", "--seed", "7", "--summary-json=out.json", "--quiet"});
  ASSERT_TRUE(cl.ok());
  EXPECT_EQ(cl->command, "run");
  EXPECT_EQ(cl->args, std::vector<std::string>{"x.yaml"});
  EXPECT_EQ(cl->Get("--seed"), "7");
  EXPECT_EQ(cl->Get("--summary-json"), "out.json");
  EXPECT_TRUE(cl->Has("--quiet"));
}

TEST(CommandLine, UnknownFlagAndMissingValueAreUsageErrors) {
  auto unknown = Parse({"run", "x.yaml", "--sede", "7"});
  ASSERT_FALSE(unknown.ok());
  EXPECT_NE(unknown.status().message().find("unknown flag '--sede'"), std::string::npos);
  auto missing = Parse({"run", "x.yaml", "--seed"});
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message().find("needs a value"), std::string::npos);
}

TEST(CommandLine, VersionAndHelpWinAnywhere) {
  EXPECT_EQ(Parse({"run", "--version"})->command, "version");
  EXPECT_EQ(Parse({"-h"})->command, "help");
  EXPECT_EQ(Parse({})->command, "help");
}

TEST(Cli, VersionAndHelpPrint) {
  Ran v = RunArgs({"--version"});
  EXPECT_EQ(v.code, kExitOk);
  EXPECT_EQ(v.out.rfind("meshsim ", 0), 0u);
  Ran h = RunArgs({"help"});
  EXPECT_EQ(h.code, kExitOk);
  EXPECT_NE(h.out.find("meshsim run FILE"), std::string::npos);
}

TEST(Cli, UnknownCommandIsBadInput) {
  Ran r = RunArgs({"frobnicate"});
  EXPECT_EQ(r.code, kExitBadInput);
  EXPECT_NE(r.err.find("unknown command 'frobnicate'"), std::string::npos);
}

TEST(Cli, MissingFileIsBadInputNamingTheFile) {
  Ran r = RunArgs({"run", "/nonexistent/scenario.yaml"});
  EXPECT_EQ(r.code, kExitBadInput);
  EXPECT_NE(r.err.find("/nonexistent/scenario.yaml"), std::string::npos);
}

TEST(Cli, InvalidScenarioIsBadInputWithPosition) {
  std::string path = TempPath("bad.yaml");
  std::ofstream(path) << "name: x\nduration: 10s\nseeed: 3\n";
  Ran r = RunArgs({"run", path.c_str()});
  EXPECT_EQ(r.code, kExitBadInput);
  EXPECT_NE(r.err.find(path + ":3:1: error: unknown key 'seeed'"), std::string::npos) << r.err;
}

TEST(Cli, BadSeedIsBadInput) {
  Ran r = RunArgs({"run", kWalkthrough.c_str(), "--seed", "-4"});
  EXPECT_EQ(r.code, kExitBadInput);
  EXPECT_NE(r.err.find("--seed takes an unsigned integer"), std::string::npos);
}

TEST(Cli, RunWritesSummaryJsonWithTheDocumentedKeys) {
  std::string path = TempPath("summary.json");
  Ran r = RunArgs({"run", kWalkthrough.c_str(), "--seed", "3", "--summary-json", path.c_str(), "--quiet"});
  EXPECT_EQ(r.code, kExitOk) << r.out << r.err;
  EXPECT_NE(r.out.find("seed=3"), std::string::npos);
  EXPECT_NE(r.out.find("passed, 0 failed"), std::string::npos);
  std::ifstream f(path);
  auto j = nlohmann::json::parse(f);
  for (const char* key : {"scenario", "seed", "sim_time_ns", "events", "wall_ns", "trace_hash", "assertions"}) {
    EXPECT_TRUE(j.contains(key)) << key;
  }
  EXPECT_EQ(j["seed"], 3);
  EXPECT_EQ(j["scenario"], "howto-k8s-cloudmap");
  EXPECT_EQ(j["sim_time_ns"], 255'000'000'000LL);
  EXPECT_EQ(j["assertions"]["failed"], 0);
  EXPECT_GT(j["assertions"]["passed"], 0);
  EXPECT_EQ(j["trace_hash"].get<std::string>().size(), 16u);
}

TEST(Cli, SummaryJsonDashGoesToStandardOutput) {
  Ran r = RunArgs({"run", kWalkthrough.c_str(), "--quiet", "--summary-json", "-"});
  EXPECT_EQ(r.code, kExitOk) << r.out << r.err;
  auto j = nlohmann::json::parse(r.out);  // only the JSON: --quiet, and no text summary line
  EXPECT_EQ(j["scenario"], "howto-k8s-cloudmap");
  EXPECT_FALSE(std::filesystem::exists("-"));
}

TEST(Cli, FailingAssertionExitsOne) {
  // The walkthrough with colorapp-blue scaled to zero before anything is ready: the blue
  // assertions cannot hold.
  std::string path = TempPath("failing.yaml");
  std::ifstream in(kWalkthrough);
  std::stringstream text;
  text << in.rdbuf();
  std::string s = text.str();
  std::string manifests = "  - howto-k8s-cloudmap/manifest.yaml.template";
  s.replace(s.find(manifests), manifests.size(),
            "  - " + std::string(MESHSIM_SOURCE_DIR) + "/scenarios/howto-k8s-cloudmap/manifest.yaml.template");
  s.replace(s.find("  - {at: 0s, apply: manifests}"), 30,
            "  - {at: 0s, apply: manifests}\n  - {at: 1s, scale: {deployment: colorapp-blue, replicas: 0}}");
  std::ofstream(path) << s;
  Ran r = RunArgs({"run", path.c_str()});
  EXPECT_EQ(r.code, kExitAssertionFailed) << r.out << r.err;
  EXPECT_NE(r.out.find("FAIL assertion 'colorapp version=blue returns exactly the blue pods'"),
            std::string::npos) << r.out;
}

TEST(Cli, CheckValidatesWithoutRunning) {
  Ran r = RunArgs({"check", kWalkthrough.c_str()});
  EXPECT_EQ(r.code, kExitOk) << r.err;
  EXPECT_NE(r.out.find(": ok ("), std::string::npos);
}


TEST(RunCommand, ReportDirWritesTheFiveReportFiles) {
  std::string dir = TempPath("meshsim-report-dir");
  Ran r = RunArgs({"run", kWalkthrough.c_str(), "--quiet", "--report-dir", dir.c_str()});
  EXPECT_EQ(r.code, 0) << r.err;
  for (const char* name : {"report.json", "report.md", "junit.xml", "trace.json", "report.html"}) {
    std::ifstream f(dir + "/" + name);
    EXPECT_TRUE(f.good()) << name << " missing";
  }
  std::ifstream f(dir + "/report.json");
  nlohmann::json j = nlohmann::json::parse(f, nullptr, /*allow_exceptions=*/false);
  ASSERT_FALSE(j.is_discarded());
  EXPECT_EQ(j["schema"], "meshsim.report/v1");
  EXPECT_EQ(j["hops"]["ready_to_all_envoys"]["count"], 2);  // blue and red reach front's Envoy
}

}  // namespace
}  // namespace meshsim::cli
