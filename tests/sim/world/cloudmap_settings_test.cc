// settings.cloudmap: per-operation latency, propagation delay, rate limits and injected errors
// reach CloudMapOptions, and bad values are errors with their position.
#include <gtest/gtest.h>

#include "sim/scenario/loader.h"
#include "sim/world/component_options.h"

namespace meshsim::world {
namespace {

using namespace std::chrono_literals;

scenario::Scenario Parse(const std::string& text) {
  auto s = scenario::ParseScenario(text, "s.yaml");
  EXPECT_TRUE(s.ok()) << s.status().ToString();
  return *s;
}

Result<ComponentOptions> Read(const std::string& cloudmap_block) {
  return ReadComponentOptions(
      Parse("name: x\nduration: 1m\nsettings:\n  cloudmap:\n" + cloudmap_block));
}

TEST(CloudMapSettings, DefaultsAreOffExceptTheDocumentedRateLimits) {
  auto o = ReadComponentOptions(Parse("name: x\nduration: 1m\n"));
  ASSERT_TRUE(o.ok());
  EXPECT_TRUE(o->cloudmap.latency.empty());
  EXPECT_EQ(o->cloudmap.propagation_delay, Distribution());
  EXPECT_TRUE(o->cloudmap.errors.empty());
  EXPECT_EQ(o->cloudmap.rate_limits, fakes::AwsDocumentedRateLimits());
}

TEST(CloudMapSettings, EveryKnobIsRead) {
  auto o = Read(
      "    latency.DiscoverInstances: uniform(20ms, 80ms)\n"
      "    propagation_delay: exponential(mean=2s)\n"
      "    rate_limit.DiscoverInstances: off\n"
      "    rate_limit.RegisterInstance: 5/s burst 10\n"
      "    rate_limit.default: 100/s\n"
      "    error.AccessDeniedException.operation: RegisterInstance\n"
      "    error.AccessDeniedException.caller: controller\n"
      "    error.AccessDeniedException.from: 30s\n"
      "    error.AccessDeniedException.until: 50s\n"
      "    error.ServiceUnavailable.probability: 0.05\n");
  ASSERT_TRUE(o.ok()) << o.status().ToString();
  const fakes::CloudMapOptions& c = o->cloudmap;
  EXPECT_EQ(c.latency.at("DiscoverInstances"), Distribution::Uniform(20ms, 80ms));
  EXPECT_EQ(c.latency.size(), 1u);
  EXPECT_EQ(c.propagation_delay, Distribution::Exponential(2s));
  EXPECT_FALSE(c.rate_limits.at("DiscoverInstances").limited());
  EXPECT_EQ(c.rate_limits.at("RegisterInstance"), (fakes::RateLimit{5, 10}));
  EXPECT_EQ(c.rate_limits.at("*"), (fakes::RateLimit{100, 100}));
  ASSERT_EQ(c.errors.size(), 2u);
  EXPECT_EQ(c.errors[0], (fakes::ErrorInjection{.error = "AccessDeniedException",
                                                .operation = "RegisterInstance",
                                                .caller = "controller",
                                                .probability_ppm = 1'000'000,
                                                .from = MonotonicTime(30s),
                                                .until = MonotonicTime(50s)}));
  EXPECT_EQ(c.errors[1].error, "ServiceUnavailable");
  EXPECT_EQ(c.errors[1].probability_ppm, 50'000);
  EXPECT_EQ(c.errors[1].operation, "*");
  EXPECT_FALSE(c.errors[1].until.has_value());
}

TEST(CloudMapSettings, BadValuesAndUnknownKeysAreErrorsWithPositions) {
  auto o = Read(
      "    rate_limit.DiscoverInstances: fast\n"
      "    error.InternalFailure.probability: 1.5\n"
      "    latency.DiscoverInstance: 1s\n"
      "    error.AccessDeniedException.operation: Register\n");
  ASSERT_FALSE(o.ok());
  std::string m = o.status().message();
  EXPECT_NE(m.find("s.yaml:5:35: error: found 'fast' for settings.cloudmap.rate_limit."
                   "DiscoverInstances; expected off, N/s or N/s burst M"),
            std::string::npos)
      << m;
  EXPECT_NE(m.find("s.yaml:6:40:"), std::string::npos) << m;
  EXPECT_NE(m.find("a probability from 0 to 1"), std::string::npos) << m;
  EXPECT_NE(m.find("did you mean 'latency.DiscoverInstances'"), std::string::npos) << m;
  EXPECT_NE(m.find("s.yaml:8:44:"), std::string::npos) << m;
}

// Scale scenarios model an account with raised quotas; only the adjustable ones are settings.
TEST(CloudMapSettings, AdjustableQuotasCanBeRaisedAndFixedOnesCannot) {
  auto o = Read("    quota.namespaces: 100\n    quota.instances_per_namespace: 200000\n");
  ASSERT_TRUE(o.ok()) << o.status().ToString();
  EXPECT_EQ(o->cloudmap.max_namespaces, 100);
  EXPECT_EQ(o->cloudmap.max_instances_per_namespace, 200'000);
  EXPECT_EQ(o->cloudmap.max_instances_per_service, 1000);  // not adjustable in AWS

  auto bad = Read("    quota.namespaces: 0\n    quota.instances_per_service: 5000\n");
  ASSERT_FALSE(bad.ok());
  std::string m = bad.status().message();
  EXPECT_NE(m.find("s.yaml:5:23: error: found '0' for settings.cloudmap.quota.namespaces; "
                   "expected a whole number from 1 to 10000000"),
            std::string::npos)
      << m;
  EXPECT_NE(m.find("quota.instances_per_service"), std::string::npos) << m;
}

}  // namespace
}  // namespace meshsim::world
