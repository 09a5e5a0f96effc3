// Scenario files: every section, the error format, and references into the manifests.
#include "sim/scenario/loader.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "tests/sim/scenario/test_util.h"

namespace meshsim::scenario {
namespace {

using std::chrono::milliseconds;
using std::chrono::minutes;
using std::chrono::seconds;

const std::string kTestdata = "tests/sim/scenario/testdata/";

Result<Scenario> Parse(const std::string& text) {
  // Written as if it sat in testdata/, so manifest paths resolve next to the fixtures.
  return ParseScenario(Yaml(text), SourcePath(kTestdata + "s.yaml"));
}

// The errors with the fixture folder's absolute path shortened to "testdata/".
std::string Errors(const std::string& text) {
  std::string errors = ErrorsOf(Parse(text));
  std::string prefix = SourcePath(kTestdata);
  for (size_t at; (at = errors.find(prefix)) != std::string::npos;) {
    errors.replace(at, prefix.size(), "testdata/");
  }
  return errors;
}

TEST(LoadScenario, ReadsTheWalkthroughScenario) {
  Result<Scenario> s = LoadScenario(SourcePath(kTestdata + "howto-k8s-cloudmap.yaml"));
  ASSERT_TRUE(s.ok()) << s.status().message();
  EXPECT_EQ(s->name, "howto-k8s-cloudmap");
  EXPECT_EQ(s->seed, 7u);
  EXPECT_EQ(s->duration, minutes(5));
  EXPECT_EQ(s->manifests.size(), 13u);
  EXPECT_EQ(s->cluster.node_groups.size(), 2u);
  EXPECT_EQ(s->cluster.node_groups[1].count, 2);
  ASSERT_EQ(s->cloudmap_namespaces.size(), 1u);
  EXPECT_EQ(s->cloudmap_namespaces[0].vpc, "vpc-0abc");
  EXPECT_EQ(s->settings.at("cloudmap").at("api_latency").value, "uniform(15ms, 40ms)");
  EXPECT_EQ(s->settings.at("cloudmap").at("api_latency").span.line, 25);
  ASSERT_EQ(s->timeline.size(), 3u);
  EXPECT_TRUE(std::holds_alternative<ApplyManifests>(s->timeline[0].action));
  const auto& scale = std::get<ScaleDeployment>(s->timeline[1].action);
  EXPECT_EQ(scale.deployment, "colorapp-blue");
  EXPECT_EQ(scale.replicas, 2);
  const auto& del = std::get<DeletePods>(s->timeline[2].action);
  EXPECT_EQ(del.pods.selector->match_labels, (kube::Labels{{"version", "red"}}));
  EXPECT_EQ(del.grace_period, seconds(5));
  ASSERT_EQ(s->assertions.size(), 3u);
  const Assertion& a = s->assertions[0];
  EXPECT_EQ(a.mode, Assertion::Mode::kEventually);
  EXPECT_EQ(a.within, seconds(60));
  EXPECT_EQ(a.after, minutes(2));
  const auto& di = std::get<DiscoverInstancesCheck>(a.check);
  EXPECT_EQ(di.query_parameters, (std::map<std::string, std::string>{{"version", "blue"}}));
  EXPECT_EQ(di.health_status, "HEALTHY");
  EXPECT_EQ(a.expect.pods.at(0).deployment, "colorapp-blue");
  EXPECT_EQ(s->assertions[1].mode, Assertion::Mode::kAt);
  EXPECT_EQ(s->assertions[1].at, minutes(4));
  EXPECT_EQ(std::get<EnvoyEndpointsCheck>(s->assertions[1].check).virtual_service, "colorapp");
  EXPECT_FALSE(s->assertions[2].at.has_value());
  EXPECT_TRUE(s->assertions[2].expect.pods.empty());
  ASSERT_EQ(s->views.size(), 2u);
  EXPECT_EQ(std::get<KubectlGetPodsView>(s->views[0]).namespace_name, "howto-k8s-cloudmap");
  EXPECT_EQ(std::get<DiscoverInstancesView>(s->views[1]).call.service_name, "front");
}

TEST(ParseScenario, DocumentedExampleLoads) {
  std::ifstream in(SourcePath("docs/scenario-format.md"));
  ASSERT_TRUE(in);
  std::stringstream doc;
  doc << in.rdbuf();
  size_t start = doc.str().find("```yaml\n");
  ASSERT_NE(start, std::string::npos);
  start += 8;
  std::string example = doc.str().substr(start, doc.str().find("```", start) - start);
  // As if saved next to the manifest folder it names, in scenarios/.
  Result<Scenario> s = ParseScenario(example, SourcePath("scenarios/doc-example.yaml"));
  ASSERT_TRUE(s.ok()) << s.status().message();
  EXPECT_EQ(s->manifests.size(), 13u);
  EXPECT_EQ(s->assertions.size(), 3u);
}

TEST(ParseScenario, DefaultsAreApplied) {
  Result<Scenario> s = Parse(R"(
name: minimal
duration: 90s
)");
  ASSERT_TRUE(s.ok()) << s.status().message();
  EXPECT_EQ(s->seed, 1u);
  EXPECT_EQ(s->duration, seconds(90));
  EXPECT_EQ(s->cluster.region, "us-west-2");
  EXPECT_TRUE(s->cluster.node_groups.empty());
  EXPECT_TRUE(s->manifests.empty());
}

TEST(ParseScenario, UnknownTopLevelKeyHasDidYouMean) {
  EXPECT_EQ(Errors(R"(
name: x
duration: 1m
timelime: []
)"),
            "testdata/s.yaml:3:1: error: unknown key 'timelime' in the scenario; expected one "
            "of name, description, seed, duration, vars, manifests, cluster, cloudmap, "
            "settings, timeline, traffic, assertions, views (did you mean 'timeline'?)");
}

TEST(ParseScenario, MissingRequiredKeysPointAtTheMap) {
  EXPECT_EQ(Errors(R"(
description: no name, no duration
)"),
            "testdata/s.yaml:1:1: error: missing key 'name' in the scenario; expected the "
            "scenario's name\n"
            "testdata/s.yaml:1:1: error: missing key 'duration' in the scenario; expected a "
            "duration such as 250ms, 30s, 5m, 1h, 1m30s, 1.5s or 0 (units ns, us, ms, s, m, h)");
}

TEST(ParseScenario, BadValuesPointAtTheValue) {
  EXPECT_EQ(Errors(R"(
name: x
seed: -3
duration: 5 minutes
settings:
  cloudmap: {api_latency: [1s]}
)"),
            "testdata/s.yaml:2:7: error: found '-3' for 'seed'; expected an unsigned integer\n"
            "testdata/s.yaml:3:11: error: found '5 minutes' for 'duration'; expected a duration "
            "such as 250ms, 30s, 5m, 1h, 1m30s, 1.5s or 0 (units ns, us, ms, s, m, h)\n"
            "testdata/s.yaml:5:27: error: found a list for 'api_latency'; expected a scalar "
            "setting");
}

TEST(ParseScenario, UnknownSettingsComponent) {
  EXPECT_EQ(Errors(R"(
name: x
duration: 1m
settings:
  cloud_map: {a: 1}
)"),
            "testdata/s.yaml:4:3: error: unknown key 'cloud_map' in settings; expected one of "
            "kubernetes, controller, cloudmap, control_plane, envoy (did you mean 'cloudmap'?)");
}

TEST(ParseScenario, UnknownDeploymentReference) {
  EXPECT_EQ(Errors(R"(
name: x
duration: 10m
vars: {NS: demo}
manifests: [two-deployments.yaml]
timeline:
  - at: 1m
    scale: {deployment: colorap-blue, replicas: 3}
assertions:
  - name: a
    discover_instances: {namespace: n, service: s}
    expect: {pods: [{deployment: web, namespace: other}]}
)"),
            "testdata/s.yaml:7:25: error: unknown deployment 'colorap-blue'; expected one of "
            "api, colorapp-blue (did you mean 'colorapp-blue'?)\n"
            "testdata/s.yaml:11:34: error: unknown deployment 'web' in namespace 'other'; "
            "expected a Deployment defined in the manifests in namespace 'other'");
}

TEST(ParseScenario, RouteToMissingVirtualNodeAndMissingBackend) {
  EXPECT_EQ(Errors(R"(
name: x
duration: 10m
vars: {NS: demo}
manifests: [dangling-mesh.yaml]
)"),
            "testdata/dangling-mesh.yaml:9:17: error: unknown virtual service 'colorap' in "
            "namespace 'demo'; expected one of colorapp (did you mean 'colorapp'?)\n"
            "testdata/dangling-mesh.yaml:16:46: error: unknown virtual router 'missing-router' "
            "in namespace 'demo'; expected one of colorapp-router\n"
            "testdata/dangling-mesh.yaml:32:23: error: unknown virtual node 'colorapp-green' in "
            "namespace 'demo'; expected one of front");
}

TEST(ParseScenario, UnreadableManifestNamesTheFile) {
  EXPECT_EQ(Errors(R"(
name: x
duration: 1m
manifests: [nope.yaml]
)"),
            "testdata/s.yaml:3:13: error: found manifest 'nope.yaml' that cannot be read "
            "(testdata/nope.yaml: No such file or directory); expected a readable file relative "
            "to the scenario's folder");
}

TEST(LoadScenario, UnreadableScenarioNamesTheFile) {
  Result<Scenario> s = LoadScenario("/nonexistent/x.yaml");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(s.status().error_name(), "InvalidScenario");
  EXPECT_EQ(s.status().message(),
            "/nonexistent/x.yaml: error: cannot read scenario file: No such file or directory; "
            "expected a readable YAML file");
}

TEST(LoadScenario, DirectoryIsNotAScenario) {
  std::string dir = SourcePath("tests/sim/scenario/testdata");
  EXPECT_EQ(ErrorsOf(LoadScenario(dir)),
            dir +
                ": error: cannot read scenario file: Is a directory; expected a readable YAML "
                "file");
}

TEST(ParseScenario, DuplicateKeyIsAnError) {
  EXPECT_EQ(Errors("name: x\nduration: 1m\nname: y\n"),
            "testdata/s.yaml:3:1: error: duplicate key 'name' in the scenario; expected each key "
            "once");
}

TEST(ParseScenario, SyntaxErrorHasPosition) {
  EXPECT_EQ(Errors("name: x\nduration: 1m\ntimeline:\n  - at: 1m\n   apply: manifests\n"),
            "testdata/s.yaml:5:4: error: found invalid YAML (end of sequence not found); expected "
            "well-formed YAML");
}

TEST(ParseScenario, TimelineEntryNeedsExactlyOneAction) {
  EXPECT_EQ(Errors(R"(
name: x
duration: 1m
timeline:
  - at: 2m
  - {at: 1s, apply: everything}
)"),
            "testdata/s.yaml:4:5: error: found none of them in timeline[0]; expected exactly "
            "one of apply, delete, scale, update, delete_pods, flap_readiness, fail_node, "
            "drain_node, churn, controller_pause, controller_resume, controller_crash, "
            "controller_restart, controller_slow_down, cloudmap_latency_spike, "
            "cloudmap_throttling, cloudmap_error_burst, cloudmap_access_denied, "
            "cloudmap_propagation_delay, control_plane_stall, envoy_disconnect, "
            "envoy_reconnect, envoy_partition\n"
            "testdata/s.yaml:4:9: error: found 2m0s, after the scenario's duration 1m0s; expected "
            "at most the duration\n"
            "testdata/s.yaml:5:21: error: found 'everything' for 'apply'; expected one of "
            "manifests");
}

TEST(ParseScenario, PodRefNeedsExactlyOneWay) {
  EXPECT_EQ(Errors(R"(
name: x
duration: 1m
timeline:
  - at: 1s
    delete_pods: {pods: {name: a, selector: {app: b}}, grace_period: soon}
)"),
            "testdata/s.yaml:5:25: error: found selector, name in timeline[0].delete_pods.pods; "
            "expected exactly one of deployment, selector, name\n"
            "testdata/s.yaml:5:70: error: found 'soon' for 'grace_period'; expected a duration "
            "such as 250ms, 30s, 5m, 1h, 1m30s, 1.5s or 0 (units ns, us, ms, s, m, h)");
}

TEST(ParseScenario, CloudMapNamespaceVpcOnlyForPrivateDns) {
  EXPECT_EQ(Errors(R"(
name: x
duration: 1m
cloudmap:
  namespaces: [{name: a, type: HTTP, vpc: v}, {name: b, type: DNS}]
)"),
            "testdata/s.yaml:4:43: error: found a vpc for a HTTP namespace; expected vpc only "
            "with type DNS_PRIVATE\n"
            "testdata/s.yaml:4:63: error: found 'DNS' for 'type'; expected one of DNS_PRIVATE, "
            "HTTP, DNS_PUBLIC");
}

}  // namespace
}  // namespace meshsim::scenario
