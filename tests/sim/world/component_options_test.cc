#include "sim/world/component_options.h"

#include <gtest/gtest.h>

#include "sim/scenario/loader.h"

namespace meshsim::world {
namespace {

using std::chrono::seconds;

scenario::Scenario Parse(const std::string& text) {
  auto s = scenario::ParseScenario(text, "s.yaml");
  EXPECT_TRUE(s.ok()) << s.status().ToString();
  return *s;
}

TEST(ComponentOptions, SettingsOverrideDefaults) {
  auto options = ReadComponentOptions(Parse(
      "name: x\nduration: 1m\n"
      "settings:\n"
      "  cloudmap: {operation_duration: 2s}\n"
      "  controller: {workers: 5, enable_custom_health_check: true}\n"
      "  control_plane: {discovery_interval: 10s, health_status: HEALTHY_OR_ELSE_ALL}\n"
      "  envoy: {apply_delay: 3ms}\n"));
  ASSERT_TRUE(options.ok()) << options.status().ToString();
  EXPECT_EQ(options->cloudmap.operation_duration, Distribution::Fixed(seconds(2)));
  EXPECT_EQ(options->controller.workers, 5);
  EXPECT_TRUE(options->controller.enable_custom_health_check);
  EXPECT_EQ(options->control_plane.discovery_interval, seconds(10));
  EXPECT_EQ(options->control_plane.health_status, cloudmap::HealthStatusFilter::kHealthyOrElseAll);
  EXPECT_EQ(options->control_plane.envoy_apply_delay, Distribution::Fixed(std::chrono::milliseconds(3)));
  // Untouched knobs keep their defaults.
  EXPECT_EQ(options->controller.reconcile_wait, seconds(5));
}

// The snapshot profile drives the simulated Envoys too (docs/xds.md): without this wiring
// meshsim run would ignore it.
TEST(ComponentOptions, SnapshotProfileDebouncesTheSimulatedEnvoysPushes) {
  auto appmesh = ReadComponentOptions(Parse("name: x\nduration: 1m\n"));
  ASSERT_TRUE(appmesh.ok());
  EXPECT_FALSE(appmesh->control_plane.push_debounce.has_value());
  auto snapshot = ReadComponentOptions(Parse(
      "name: x\nduration: 1m\n"
      "settings:\n"
      "  control_plane: {profile: snapshot, debounce_after: 2s, debounce_max: 7s}\n"));
  ASSERT_TRUE(snapshot.ok()) << snapshot.status().ToString();
  ASSERT_TRUE(snapshot->control_plane.push_debounce.has_value());
  EXPECT_EQ(snapshot->control_plane.push_debounce->after, seconds(2));
  EXPECT_EQ(snapshot->control_plane.push_debounce->max, seconds(7));
}

// settings.controller.aws_api_throttle is the controller's --aws-api-throttle flag: Cloud Map
// rules replace all of its defaults (controller/aws_api_throttle_flag.h).
TEST(ComponentOptions, AwsApiThrottleReplacesTheControllersCloudMapLimits) {
  auto defaults = ReadComponentOptions(Parse("name: x\nduration: 1m\n"));
  ASSERT_TRUE(defaults.ok());
  EXPECT_EQ(defaults->controller.cloudmap_throttles.size(),
            controller::DefaultCloudMapThrottles().size());
  auto raised = ReadComponentOptions(Parse(
      "name: x\nduration: 1m\n"
      "settings:\n"
      "  controller: {aws_api_throttle: \"ServiceDiscovery:^RegisterInstance=500:1000\"}\n"));
  ASSERT_TRUE(raised.ok()) << raised.status().ToString();
  ASSERT_EQ(raised->controller.cloudmap_throttles.size(), 1u);
  EXPECT_EQ(raised->controller.cloudmap_throttles[0].pattern, "^RegisterInstance");
  EXPECT_EQ(raised->controller.cloudmap_throttles[0].qps, 500);
  EXPECT_EQ(raised->controller.cloudmap_throttles[0].burst, 1000);

  auto bad = ReadComponentOptions(Parse(
      "name: x\nduration: 1m\n"
      "settings:\n"
      "  controller:\n"
      "    aws_api_throttle: \"ServiceDiscovery:^RegisterInstance=fast\"\n"));
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find(
                "s.yaml:5:23: error: settings.controller.aws_api_throttle: aws-api-throttle "
                "entry 'ServiceDiscovery:^RegisterInstance=fast'"),
            std::string::npos)
      << bad.status().message();
}

TEST(ComponentOptions, UnknownKeysAndBadValuesOfEveryComponentAreReportedInFileOrder) {
  auto options = ReadComponentOptions(Parse(
      "name: x\nduration: 1m\n"
      "settings:\n"
      "  kubernetes:\n"
      "    watch_dealy: 1s\n"
      "  cloudmap:\n"
      "    api_latency: soon\n"
      "  controller:\n"
      "    workers: many\n"));
  ASSERT_FALSE(options.ok());
  std::string m = options.status().message();
  size_t a = m.find("s.yaml:5:5:"), b = m.find("s.yaml:7:18:"), c = m.find("s.yaml:9:14:");
  ASSERT_NE(a, std::string::npos) << m;
  ASSERT_NE(b, std::string::npos) << m;
  ASSERT_NE(c, std::string::npos) << m;
  EXPECT_LT(a, b);
  EXPECT_LT(b, c);
  EXPECT_NE(m.find("did you mean 'watch_delay'"), std::string::npos) << m;
}

}  // namespace
}  // namespace meshsim::world
