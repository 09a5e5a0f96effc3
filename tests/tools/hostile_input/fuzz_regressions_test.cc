// Inputs the fuzzers of fuzz/ found crashing, kept as regression tests in the normal suite.
// Their failures were undefined behaviour, so they fail loudly under `tools/test --sanitize`
// (ASan/UBSan); in the plain build they check the answer is still right.
#include <gtest/gtest.h>

#include <string>

#include "sim/scenario/loader.h"

namespace meshsim::scenario {
namespace {

// fuzz_duration: a 30-digit fraction overflowed the __int128 fraction * unit product
// (UBSan: signed integer overflow in duration_parser.cc AddTerm).
TEST(FuzzRegressions, LongDurationFractionIsAnErrorNotAnOverflow) {
  EXPECT_FALSE(ParseDuration("1.888888888888888888888888888888s.5s").ok());
  EXPECT_FALSE(ParseDuration("1." + std::string(40, '9') + "h").ok());
  Result<Duration> fine = ParseDuration("1.5000000000s");  // trailing zeros are exact
  ASSERT_TRUE(fine.ok());
  EXPECT_EQ(fine->count(), 1'500'000'000);
}

// fuzz_scenario and fuzz_manifest, on their first seed: MapReader::Finish bound a reference to
// a member of the temporary proxy `it->first` returns (ASan: stack-use-after-scope) for every
// mapping key checked. Any map read with an unknown and a duplicate key goes through it.
TEST(FuzzRegressions, MapKeysAreCheckedThroughAValidNode) {
  Result<Scenario> s = ParseScenario("name: x\nname: y\ncluster: {nodez: 1}\n", "keys.yaml");
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.status().message().find("duplicate key 'name'"), std::string::npos)
      << s.status().message();
  EXPECT_NE(s.status().message().find("unknown key 'nodez'"), std::string::npos)
      << s.status().message();
}

// fuzz_manifest (a timeout): yaml-cpp 0.7's LoadAll loops forever on a ',' outside a flow
// collection, and Load silently stops at it. Without the check this test hangs.
TEST(FuzzRegressions, StrayCommaIsAnErrorNotAHang) {
  auto manifests = ParseManifests(",\napiVersion: v1\nkind: Namespace\n", "m.yaml", {});
  ASSERT_FALSE(manifests.ok());
  EXPECT_NE(manifests.status().message().find("m.yaml:1:1: error: found ','"), std::string::npos)
      << manifests.status().message();
  auto trailing = ParseManifests("apiVersion: v1\n---\n{a: 1},\n", "m.yaml", {});
  ASSERT_FALSE(trailing.ok());
  EXPECT_NE(trailing.status().message().find("m.yaml:3:7: error: found ','"), std::string::npos)
      << trailing.status().message();
  Result<Scenario> s = ParseScenario("name: x\n---\n,\n", "s.yaml");
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.status().message().find("found ','"), std::string::npos) << s.status().message();
}

}  // namespace
}  // namespace meshsim::scenario
