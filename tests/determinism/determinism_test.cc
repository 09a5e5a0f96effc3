// Determinism as a tested contract: every scenario in scenarios/ gives a byte-identical trace
// (and trace hash) when run twice, and a different trace with another seed. Each scenario is
// its own test so a failure names it.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <optional>
#include <sstream>

#include "sim/scenario/loader.h"
#include "sim/world/world.h"

namespace meshsim {
namespace {

std::vector<std::string> ScenarioFiles() {
  std::vector<std::string> files;
  for (const auto& e : std::filesystem::directory_iterator(std::string(MESHSIM_SOURCE_DIR) + "/scenarios")) {
    if (e.path().extension() == ".yaml") files.push_back(e.path().string());
  }
  std::sort(files.begin(), files.end());
  return files;
}

struct Trace {
  std::string text;
  std::string hash;
  int failed = 0;
};

Trace RunOnce(const scenario::Scenario& s, uint64_t seed) {
  std::ostringstream sink;
  auto world = world::World::Create(s, {.seed = seed, .trace_sink = &sink});
  EXPECT_TRUE(world.ok()) << world.status().message();
  if (!world.ok()) return {};
  world::RunResult r = (*world)->Run();
  return {sink.str(), r.trace_hash, r.failed};
}

// The index of the first line where two traces differ, for a readable failure.
std::string FirstDifference(const std::string& a, const std::string& b) {
  std::istringstream x(a), y(b);
  std::string lx, ly;
  for (int line = 1;; ++line) {
    bool gx = static_cast<bool>(std::getline(x, lx)), gy = static_cast<bool>(std::getline(y, ly));
    if (!gx && !gy) return "none";
    if (lx != ly || gx != gy) return "line " + std::to_string(line) + ":\n  " + lx + "\n  " + ly;
  }
}

// The scale scenarios (scale-<count>, day-*: docs/reports.md) take minutes per run; they are
// compared by tests/determinism/CMakeLists.txt's `scale` tests instead (two processes, full
// runs, only with MESHSIM_SCALE_TESTS=1), the same split as the scenario suite's. Every other
// scenario, large-mesh included, runs here to its end.
bool IsScaleScenario(const std::string& path) {
  std::string name = std::filesystem::path(path).stem().string();
  return name.starts_with("day-") ||
         (name.starts_with("scale-") && name.size() > 6 && std::isdigit(static_cast<unsigned char>(name[6])));
}

std::vector<std::string> SuiteScenarios() {
  std::vector<std::string> files = ScenarioFiles();
  std::erase_if(files, IsScaleScenario);
  return files;
}

class ScenarioDeterminism : public testing::TestWithParam<std::string> {
 protected:
  // The scenario, or nullopt (the test is skipped) when it does not load (the scenario
  // suite's failure to report, CTest scenario.<name>).
  std::optional<scenario::Scenario> Load() {
    Result<scenario::Scenario> s = scenario::LoadScenario(GetParam());
    if (!s.ok()) return std::nullopt;
    return *s;
  }
};

TEST_P(ScenarioDeterminism, SameSeedGivesTheSameTraceBytes) {
  std::optional<scenario::Scenario> loaded = Load();
  if (!loaded) GTEST_SKIP() << GetParam() << " does not load (see CTest scenario.<name>)";
  const scenario::Scenario& s = *loaded;
  Trace first = RunOnce(s, s.seed);
  Trace second = RunOnce(s, s.seed);
  ASSERT_FALSE(first.text.empty());
  EXPECT_EQ(first.hash, second.hash);
  EXPECT_TRUE(first.text == second.text) << "first difference at " << FirstDifference(first.text, second.text);
  // Reading the scenario again changes nothing either (no state kept in the loader).
  EXPECT_EQ(RunOnce(*Load(), s.seed).hash, first.hash);
}

TEST_P(ScenarioDeterminism, AnotherSeedGivesAnotherTrace) {
  std::optional<scenario::Scenario> loaded = Load();
  if (!loaded) GTEST_SKIP() << GetParam() << " does not load (see CTest scenario.<name>)";
  const scenario::Scenario& s = *loaded;
  EXPECT_NE(RunOnce(s, s.seed).hash, RunOnce(s, s.seed + 1).hash);
}

std::string TestName(const testing::TestParamInfo<std::string>& info) {
  std::string name = std::filesystem::path(info.param).stem().string();
  std::replace_if(name.begin(), name.end(), [](char c) { return !std::isalnum(static_cast<unsigned char>(c)); }, '_');
  return name;
}

INSTANTIATE_TEST_SUITE_P(Scenarios, ScenarioDeterminism, testing::ValuesIn(SuiteScenarios()), TestName);

}  // namespace
}  // namespace meshsim
