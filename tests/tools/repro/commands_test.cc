// meshsim sweep / replay / shrink / merge through the CLI dispatch, as a user runs them.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "sim/scenario/loader.h"
#include "tests/support/scratch_dir.h"
#include "tools/cli/command_line.h"
#include "tools/cli/commands.h"

namespace meshsim::cli {
namespace {

const std::string kData = std::string(MESHSIM_SOURCE_DIR) + "/tests/tools/repro/data/";

struct Output {
  int code = 0;
  std::string out, err;
};

Output Meshsim(std::vector<std::string> args) {
  args.insert(args.begin(), "meshsim");
  std::vector<const char*> argv;
  for (const auto& a : args) argv.push_back(a.c_str());
  Result<CommandLine> cl = ParseCommandLine(static_cast<int>(argv.size()), argv.data());
  if (!cl.ok()) return {kExitBadInput, "", cl.status().message()};
  std::ostringstream out, err;
  int code = Dispatch(*cl, out, err);
  return {code, out.str(), err.str()};
}

std::string Read(const std::string& path) {
  std::ifstream f(path);
  std::stringstream s;
  s << f.rdbuf();
  return s.str();
}

TEST(SweepCommand, PassingSweepWritesResultsAndPlainProgress) {
  std::string out = meshsim::testing::ScratchDir() + "/sweep.json";
  Output r = Meshsim({"sweep", kData + "scale-around.yaml", "--seeds", "1..4", "-j2", "--out", out});
  EXPECT_EQ(r.code, kExitOk) << r.err;
  EXPECT_NE(r.out.find("runs=4 passed=4 failed=0"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("ready_to_all_envoys p99 (4 seeds)"), std::string::npos) << r.out;
  EXPECT_NE(r.err.find("4/4 seeds, 0 failed"), std::string::npos) << r.err;
  EXPECT_NE(Read(out).find("\"schema\": \"meshsim.sweep/v1\""), std::string::npos);
}

TEST(SweepCommand, FailingSeedsAreListedWithTheirAssertion) {
  Output r = Meshsim({"sweep", kData + "wrong-expectation.yaml", "--seeds", "1..3"});
  EXPECT_EQ(r.code, kExitAssertionFailed);
  EXPECT_NE(r.err.find("seed 2: FAIL assertion 'front Envoy sees only the blue pods'"),
            std::string::npos) << r.err;
  EXPECT_NE(r.out.find("failed in 3 seed(s): front Envoy sees only the blue pods"),
            std::string::npos) << r.out;
}

TEST(SweepCommand, BadFlagsAreBadInput) {
  EXPECT_EQ(Meshsim({"sweep", kData + "scale-around.yaml"}).code, kExitBadInput);
  EXPECT_EQ(Meshsim({"sweep", kData + "scale-around.yaml", "--seeds", "3..1"}).code, kExitBadInput);
  EXPECT_EQ(Meshsim({"sweep", kData + "scale-around.yaml", "--seeds", "1..2", "--shard", "2/2"}).code,
            kExitBadInput);
}

TEST(ShardAndMerge, ShardFilesMergeIntoTheUnshardedFile) {
  std::string dir = meshsim::testing::ScratchDir();
  ASSERT_EQ(Meshsim({"sweep", kData + "scale-around.yaml", "--seeds", "1..5", "--out",
                     dir + "/whole.json"}).code, kExitOk);
  for (const char* shard : {"0", "1"}) {
    ASSERT_EQ(Meshsim({"sweep", kData + "scale-around.yaml", "--seeds", "1..5", "--shard",
                       std::string(shard) + "/2", "--out", dir + "/shard" + shard + ".json"}).code,
              kExitOk);
  }
  Output m = Meshsim({"merge", dir + "/shard1.json", dir + "/shard0.json", "--out", dir + "/merged.json"});
  EXPECT_EQ(m.code, kExitOk) << m.err;
  EXPECT_EQ(Read(dir + "/merged.json"), Read(dir + "/whole.json"));
  EXPECT_EQ(Meshsim({"merge", dir + "/shard0.json", dir + "/shard0.json", "--out",
                     dir + "/x.json"}).code, kExitBadInput);
}

TEST(ReplayCommand, WritesTheSameTraceAsRunFilteredToOnePod) {
  std::string all = meshsim::testing::ScratchDir() + "/all.jsonl";
  std::string run = meshsim::testing::ScratchDir() + "/run.jsonl";
  ASSERT_EQ(Meshsim({"replay", kData + "scale-around.yaml", "--seed", "4", "--out", all}).code, kExitOk);
  ASSERT_EQ(Meshsim({"run", kData + "scale-around.yaml", "--seed", "4", "--quiet", "--trace", run}).code,
            kExitOk);
  EXPECT_EQ(Read(all), Read(run));
  // The first front pod's name, from its PodRunning line.
  std::string text = Read(all);
  size_t at = text.find("\"pod\":\"howto-k8s-cloudmap/front-");
  ASSERT_NE(at, std::string::npos);
  size_t start = text.find("front-", at);
  std::string pod = text.substr(start, text.find('"', start) - start);
  Output r = Meshsim({"replay", kData + "scale-around.yaml", "--seed", "4", "--pod", pod,
                      "--from", "10s", "--to", "3m"});
  EXPECT_EQ(r.code, kExitOk);
  std::istringstream lines(r.out);
  int count = 0;
  for (std::string line; std::getline(lines, line); ++count) {
    EXPECT_EQ(line.rfind("{\"t\":", 0), 0u) << line;
  }
  EXPECT_GT(count, 3);
  EXPECT_LT(count, 200);
  EXPECT_NE(r.err.find("assertions: 4 passed, 0 failed"), std::string::npos) << r.err;
  EXPECT_EQ(Meshsim({"replay", kData + "scale-around.yaml", "--seed", "4", "--pod", "a",
                     "--envoy", "b"}).code, kExitBadInput);
}

TEST(ShrinkCommand, WritesAScenarioThatLoadsAndFailsTheSameAssertion) {
  std::string out = meshsim::testing::ScratchDir() + "/shrunk/wrong.min.yaml";
  std::filesystem::create_directories(meshsim::testing::ScratchDir() + "/shrunk");
  Output r = Meshsim({"shrink", kData + "wrong-expectation.yaml", "--seed", "2", "--out", out});
  ASSERT_EQ(r.code, kExitOk) << r.err;
  EXPECT_NE(r.out.find("1 of 8 timeline/churn/traffic/fault entries kept"), std::string::npos) << r.out;
  Result<scenario::Scenario> s = scenario::LoadScenario(out);
  ASSERT_TRUE(s.ok()) << s.status().message();
  EXPECT_EQ(s->seed, 2u);
  EXPECT_EQ(s->timeline.size(), 1u);
  Output again = Meshsim({"run", out, "--quiet"});
  EXPECT_EQ(again.code, kExitAssertionFailed);
  EXPECT_EQ(Meshsim({"shrink", kData + "scale-around.yaml", "--seed", "2", "--out", out}).code,
            kExitAssertionFailed);  // nothing fails: nothing to shrink
}

}  // namespace
}  // namespace meshsim::cli
