// SettingsReader: typed reads of a component's settings, and unknown keys.
#include "sim/scenario/settings_reader.h"

#include <gtest/gtest.h>

#include "sim/scenario/loader.h"
#include "tests/sim/scenario/test_util.h"

namespace meshsim::scenario {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

Scenario Load(const std::string& settings) {
  Result<Scenario> s = ParseScenario("name: x\nduration: 1m\nsettings:\n" + settings, "s.yaml");
  EXPECT_TRUE(s.ok()) << s.status().message();
  return s.ok() ? *s : Scenario{};
}

TEST(SettingsReader, ReadsTypedValuesAndKeepsDefaults) {
  Scenario s = Load(R"(  controller:
    sync_period: 10m
    max_concurrent_reconciles: 3
    enable_custom_health_check: true
    log_level: debug
    cloudmap_dns_ttl: uniform(1s, 2s)
    name: c1
)");
  SettingsReader r("controller", s.settings["controller"]);
  EXPECT_EQ(r.GetDuration("sync_period", seconds(1)), std::chrono::minutes(10));
  EXPECT_EQ(r.GetInt("max_concurrent_reconciles", 1), 3);
  EXPECT_TRUE(r.GetBool("enable_custom_health_check", false));
  EXPECT_EQ(r.GetEnum("log_level", {"info", "debug"}, "info"), "debug");
  EXPECT_EQ(r.GetDistribution("cloudmap_dns_ttl", Distribution()),
            Distribution::Uniform(seconds(1), seconds(2)));
  EXPECT_EQ(r.GetString("name", ""), "c1");
  EXPECT_EQ(r.GetDuration("absent", milliseconds(7)), milliseconds(7));
  EXPECT_TRUE(r.Finish().ok()) << r.Finish().message();
}

TEST(SettingsReader, AbsentComponentIsEmpty) {
  Scenario s = Load("  envoy: {}\n");
  SettingsReader r("cloudmap", s.settings["cloudmap"]);
  EXPECT_EQ(r.GetInt("n", 4), 4);
  EXPECT_TRUE(r.Finish().ok());
}

TEST(SettingsReader, ReportsUnknownKeysWithDidYouMean) {
  Scenario s = Load(R"(  cloudmap:
    api_latncy: 20ms
    operation_duration: 1s
    zzz: 1
)");
  SettingsReader r("cloudmap", s.settings["cloudmap"]);
  r.GetDistribution("api_latency", Distribution());
  r.GetDistribution("operation_duration", Distribution());
  Status status = r.Finish();
  EXPECT_EQ(status.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(status.error_name(), "InvalidScenario");
  EXPECT_EQ(status.message(),
            "s.yaml:5:5: error: unknown key 'api_latncy' in settings.cloudmap; expected one of "
            "api_latency, operation_duration (did you mean 'api_latency'?)\n"
            "s.yaml:7:5: error: unknown key 'zzz' in settings.cloudmap; expected one of "
            "api_latency, operation_duration");
}

TEST(SettingsReader, ReportsBadValuesAtTheValueAndReturnsDefault) {
  Scenario s = Load(R"(  envoy:
    drain: soon
    workers: many
    enabled: maybe
    mode: fast
    latency: gauss(1s)
)");
  SettingsReader r("envoy", s.settings["envoy"]);
  EXPECT_EQ(r.GetDuration("drain", seconds(5)), seconds(5));
  EXPECT_EQ(r.GetInt("workers", 2), 2);
  EXPECT_FALSE(r.GetBool("enabled", false));
  EXPECT_EQ(r.GetEnum("mode", {"slow", "fist"}, "slow"), "slow");
  EXPECT_EQ(r.GetDistribution("latency", Distribution()), Distribution());
  EXPECT_EQ(r.Finish().message(),
            "s.yaml:5:12: error: found 'soon' for settings.envoy.drain; expected a duration "
            "such as 250ms, 30s, 5m, 1h, 1m30s, 1.5s or 0 (units ns, us, ms, s, m, h)\n"
            "s.yaml:6:14: error: found 'many' for settings.envoy.workers; expected an integer\n"
            "s.yaml:7:14: error: found 'maybe' for settings.envoy.enabled; expected true or "
            "false\n"
            "s.yaml:8:11: error: found 'fast' for settings.envoy.mode; expected one of slow, "
            "fist (did you mean 'fist'?)\n"
            "s.yaml:9:14: error: found 'gauss(1s)' for settings.envoy.latency; expected a "
            "duration (fixed) or uniform(LOW, HIGH), exponential(mean=D), normal(mean=D, "
            "stddev=D)");
}

}  // namespace
}  // namespace meshsim::scenario
