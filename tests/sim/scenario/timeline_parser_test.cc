// The timeline's actions and repeats, latency and interval assertions, and the error of each
// mistake they can hold (file:line:column, exact text).
#include <gtest/gtest.h>

#include "sim/scenario/loader.h"
#include "tests/sim/scenario/test_util.h"

namespace meshsim::scenario {
namespace {

using std::chrono::minutes;
using std::chrono::seconds;

const std::string kTestdata = "tests/sim/scenario/testdata/";

Result<Scenario> Parse(const std::string& text) {
  return ParseScenario(Yaml(text), SourcePath(kTestdata + "s.yaml"));
}

std::string Errors(const std::string& text) {
  std::string errors = ErrorsOf(Parse(text));
  std::string prefix = SourcePath(kTestdata);
  for (size_t at; (at = errors.find(prefix)) != std::string::npos;) {
    errors.replace(at, prefix.size(), "testdata/");
  }
  return errors;
}

// A scenario with two deployments in namespace demo, then `rest`.
std::string WithDeployments(const std::string& rest) {
  return "name: x\nduration: 10m\nvars: {NS: demo}\nmanifests: [two-deployments.yaml]\n" +
         Yaml(rest);
}

TEST(ParseTimeline, ReadsEveryKubernetesAction) {
  Result<Scenario> s = Parse(WithDeployments(R"(
timeline:
  - {at: 0s, apply: manifests}
  - {at: 1m, apply: {file: extra-deployment.yaml}}
  - {at: 2m, apply: {kind: Deployment, name: api}}
  - {at: 3m, delete: {kind: Deployment, name: api, namespace: demo}}
  - at: 4m
    update: {deployment: colorapp-blue, image: i:v2, labels: {rev: "2"}, env: {A: b},
             max_surge: 1, max_unavailable: 0%}
  - {at: 5m, delete_pods: {pods: {selector: {app: blue}}, grace_period: 0s}}
  - {at: 5m, every: 10s, until: 6m, flap_readiness: {pods: {deployment: api}, down: 3s}}
  - {at: 6m, fail_node: {node: 1, monitor_grace: 10s, toleration: 30s}}
  - {at: 7m, drain_node: {node_of: {deployment: api}}}
  - {at: 8m, churn: {deployment: api, rate: 2/m, kill_fraction: 0.5, until: 9m}}
  - {at: 9m, every: 5s, count: 3, scale: {deployment: api, replicas: 2}}
)"));
  ASSERT_TRUE(s.ok()) << s.status().message();
  ASSERT_EQ(s->timeline.size(), 11u);
  EXPECT_TRUE(std::get<ApplyManifests>(s->timeline[0].action).all);
  const auto& file = std::get<ApplyManifests>(s->timeline[1].action);
  ASSERT_EQ(file.manifests.size(), 1u);
  EXPECT_FALSE(file.all);
  EXPECT_EQ(file.manifests[0].kind, "Deployment");
  EXPECT_EQ(std::get<ApplyManifests>(s->timeline[2].action).manifests.size(), 1u);
  const auto& del = std::get<DeleteObjects>(s->timeline[3].action);
  ASSERT_EQ(del.targets.size(), 1u);
  EXPECT_EQ(del.targets[0].name, "api");
  EXPECT_EQ(del.targets[0].namespace_name, "demo");
  const auto& update = std::get<RollingUpdate>(s->timeline[4].action);
  EXPECT_EQ(update.image, "i:v2");
  EXPECT_EQ(update.labels.at("rev"), "2");
  EXPECT_EQ(update.max_surge, "1");
  EXPECT_EQ(update.max_unavailable, "0%");
  EXPECT_EQ(std::get<DeletePods>(s->timeline[5].action).grace_period, seconds(0));
  EXPECT_EQ(s->timeline[6].every, seconds(10));
  EXPECT_EQ(s->timeline[6].until, minutes(6));
  EXPECT_EQ(std::get<FlapReadiness>(s->timeline[6].action).down, seconds(3));
  const auto& fail = std::get<FailNode>(s->timeline[7].action);
  EXPECT_EQ(fail.node.index, 1);
  EXPECT_EQ(fail.toleration, seconds(30));
  EXPECT_TRUE(std::get<DrainNode>(s->timeline[8].action).node.node_of.has_value());
  const auto& churn = std::get<Churn>(s->timeline[9].action);
  EXPECT_EQ(churn.per_minute_milli, 2000);
  EXPECT_EQ(churn.kill_per_mille, 500);
  EXPECT_EQ(churn.until, minutes(9));
  EXPECT_EQ(s->timeline[10].count, 3);
}

TEST(ParseTimeline, RatesAndFractions) {
  auto churn = [](const std::string& rate, const std::string& fraction) {
    Result<Scenario> s = Parse(WithDeployments(
        "timeline:\n  - {at: 0s, churn: {deployment: api, rate: " + rate +
        ", kill_fraction: " + fraction + "}}\n"));
    if (!s.ok()) return std::string("error");
    const auto& c = std::get<Churn>(s->timeline[0].action);
    return std::to_string(c.per_minute_milli) + " " + std::to_string(c.kill_per_mille);
  };
  EXPECT_EQ(churn("0.5/s", "25%"), "30000 250");
  EXPECT_EQ(churn("120/h", "1"), "2000 1000");
  EXPECT_EQ(churn("3/m", "0.125"), "3000 125");
  EXPECT_EQ(churn("3", "0.5"), "error");
  EXPECT_EQ(churn("0/m", "0.5"), "error");
  EXPECT_EQ(churn("1/m", "1.5"), "error");
  EXPECT_EQ(churn("1/m", "0.0001"), "error");
}

TEST(ParseTimeline, ErrorUnknownActionKey) {
  EXPECT_EQ(Errors(WithDeployments(R"(
timeline:
  - {at: 1m, scael: {deployment: api, replicas: 1}}
)")),
            "testdata/s.yaml:6:5: error: found none of them in timeline[0]; expected exactly one "
            "of apply, delete, scale, update, delete_pods, flap_readiness, fail_node, "
            "drain_node, churn, controller_pause, controller_resume, controller_crash, "
            "controller_restart, controller_slow_down, cloudmap_latency_spike, "
            "cloudmap_throttling, cloudmap_error_burst, cloudmap_access_denied, "
            "cloudmap_propagation_delay, control_plane_stall, envoy_disconnect, envoy_reconnect, "
            "envoy_partition\ntestdata/s.yaml:6:14: error: unknown key 'scael' in timeline[0]; "
            "expected one of at, every, until, count, apply, delete, scale, update, delete_pods, "
            "flap_readiness, fail_node, drain_node, churn, controller_pause, controller_resume, "
            "controller_crash, controller_restart, controller_slow_down, cloudmap_latency_spike, "
            "cloudmap_throttling, cloudmap_error_burst, cloudmap_access_denied, "
            "cloudmap_propagation_delay, control_plane_stall, envoy_disconnect, envoy_reconnect, "
            "envoy_partition");
}

TEST(ParseTimeline, ErrorWrongTypes) {
  EXPECT_EQ(Errors(WithDeployments(R"(
timeline:
  - {at: 1m, scale: {deployment: api, replicas: many}}
  - {at: 2m, update: {deployment: api, labels: [a, b]}}
  - {at: 3m, fail_node: {node: first}}
)")),
            "testdata/s.yaml:6:49: error: found 'many' for 'replicas'; expected a non-negative "
            "integer\ntestdata/s.yaml:7:22: error: found no template change in "
            "timeline[1].update; expected at least one of image, labels, annotations, "
            "env\ntestdata/s.yaml:7:48: error: found a list for 'labels'; expected a map of "
            "strings\ntestdata/s.yaml:8:32: error: found 'first' for 'node'; expected a "
            "non-negative integer");
}

TEST(ParseTimeline, ErrorBadDurations) {
  EXPECT_EQ(Errors(WithDeployments(R"(
timeline:
  - {at: 1m, every: 10 s, scale: {deployment: api, replicas: 1}}
  - {at: 2m, flap_readiness: {pods: {deployment: api}, down: -3s}}
  - {at: 20m, scale: {deployment: api, replicas: 1}}
)")),
            "testdata/s.yaml:6:21: error: found '10 s' for 'every'; expected a duration such as "
            "250ms, 30s, 5m, 1h, 1m30s, 1.5s or 0 (units ns, us, ms, s, m, "
            "h)\ntestdata/s.yaml:7:62: error: found '-3s' for 'down'; expected a duration such "
            "as 250ms, 30s, 5m, 1h, 1m30s, 1.5s or 0 (units ns, us, ms, s, m, "
            "h)\ntestdata/s.yaml:8:10: error: found 20m0s, after the scenario's duration 10m0s; "
            "expected at most the duration");
}

TEST(ParseTimeline, ErrorUnknownReferences) {
  EXPECT_EQ(Errors(WithDeployments(R"(
timeline:
  - {at: 1m, update: {deployment: colorapp-red, image: x}}
  - {at: 2m, delete: {kind: Deployment, name: ap}}
  - {at: 3m, apply: {file: missing.yaml}}
  - {at: 4m, churn: {deployment: web, rate: 1/m, kill_fraction: 0.5}}
)")),
            "testdata/s.yaml:6:35: error: unknown deployment 'colorapp-red'; expected one of "
            "api, colorapp-blue (did you mean 'colorapp-blue'?)\ntestdata/s.yaml:7:22: error: "
            "unknown Deployment 'ap'; expected one of api, colorapp-blue (did you mean "
            "'api'?)\ntestdata/s.yaml:8:21: error: found manifest 'missing.yaml' that cannot be "
            "read (testdata/missing.yaml: No such file or directory); expected a readable file "
            "relative to the scenario's folder\ntestdata/s.yaml:9:34: error: unknown deployment "
            "'web'; expected one of api, colorapp-blue");
}

TEST(ParseTimeline, ErrorRepeatAndChangeShapes) {
  EXPECT_EQ(Errors(WithDeployments(R"(
timeline:
  - {at: 1m, count: 3, scale: {deployment: api, replicas: 1}}
  - {at: 2m, update: {deployment: api}}
  - {at: 3m, update: {deployment: api, image: x, max_surge: lots}}
  - {at: 4m, fail_node: {node: 0, node_of: {deployment: api}}}
)")),
            "testdata/s.yaml:6:21: error: found count without every in timeline[0]; expected "
            "every: DURATION to repeat the action\ntestdata/s.yaml:7:22: error: found no "
            "template change in timeline[1].update; expected at least one of image, labels, "
            "annotations, env\ntestdata/s.yaml:8:61: error: found 'lots' for 'max_surge'; "
            "expected a non-negative integer or a percentage such as 25%\ntestdata/s.yaml:9:25: "
            "error: found node, node_of in timeline[3].fail_node; expected exactly one of node, "
            "node_of");
}

TEST(ParseTimeline, ReadsComponentFaults) {
  Result<Scenario> s = Parse(WithDeployments(R"(
timeline:
  - {at: 1m, controller_pause: {for: 30s}}
  - {at: 1m, controller_crash: {}}
  - {at: 1m, controller_restart:}
  - {at: 1m, controller_slow_down: {reconcile_delay: 2s}}
  - {at: 1m, cloudmap_latency_spike: {delay: 'uniform(1s, 2s)', for: 1m, operations: [RegisterInstance]}}
  - {at: 1m, cloudmap_throttling: {requests_per_second: 2, for: 1m}}
  - {at: 1m, cloudmap_error_burst: {error: ServiceUnavailable, fraction: 50%, for: 10s}}
  - {at: 1m, cloudmap_access_denied: {for: 1m}}
  - {at: 1m, cloudmap_propagation_delay: {delay: 5s}}
  - {at: 1m, control_plane_stall: {for: 30s}}
  - {at: 1m, envoy_partition: {pods: {deployment: api}, for: 30s}}
)"));
  ASSERT_TRUE(s.ok()) << s.status().message();
  ASSERT_EQ(s->timeline.size(), 11u);
  EXPECT_EQ(std::get<Fault>(s->timeline[0].action).for_duration, seconds(30));
  EXPECT_EQ(std::get<Fault>(s->timeline[2].action).kind, "controller_restart");
  EXPECT_EQ(std::get<Fault>(s->timeline[3].action).reconcile_delay, seconds(2));
  EXPECT_EQ(std::get<Fault>(s->timeline[4].action).operations,
            std::vector<std::string>{"RegisterInstance"});
  EXPECT_EQ(std::get<Fault>(s->timeline[5].action).requests_per_second, 2);
  EXPECT_EQ(std::get<Fault>(s->timeline[6].action).per_mille, 500);
  EXPECT_TRUE(std::get<Fault>(s->timeline[10].action).pods.has_value());
}

TEST(ParseTimeline, ErrorFaultShapes) {
  EXPECT_EQ(Errors(WithDeployments(R"(
timeline:
  - {at: 1m, cloudmap_latency_spike: {delay: fast, for: 30s, pods: {deployment: api}}}
  - {at: 2m, cloudmap_error_burst: {error: Oops, fraction: 0.5}}
)")),
            "testdata/s.yaml:6:46: error: found 'fast' for 'delay'; expected a duration (fixed) "
            "or uniform(LOW, HIGH), exponential(mean=D), normal(mean=D, "
            "stddev=D)\ntestdata/s.yaml:6:62: error: unknown key 'pods' in "
            "timeline[0].cloudmap_latency_spike; expected one of for, delay, "
            "operations\ntestdata/s.yaml:7:36: error: missing key 'for' in "
            "timeline[1].cloudmap_error_burst; expected how long the fault lasts, such as "
            "30s\ntestdata/s.yaml:7:44: error: found 'Oops' for 'error'; expected one of "
            "ServiceUnavailable, InternalFailure, ThrottlingException, RequestLimitExceeded, "
            "AccessDeniedException");
}

TEST(ParseAssertions, ReadsIntervalAndLatencyAssertions) {
  Result<Scenario> s = Parse(WithDeployments(R"(
assertions:
  - name: always
    always: {from: 1m, to: 2m}
    discover_instances: {namespace: n, service: s}
    expect: {pods: [{deployment: api}]}
  - name: never empty
    never: {}
    discover_instances: {namespace: n, service: s}
    expect: {pods: []}
  - name: latency
    latency: {hop: ready_to_discoverable, p99: {max: 10s}, count: {min: 2}}
)"));
  ASSERT_TRUE(s.ok()) << s.status().message();
  EXPECT_EQ(s->assertions[0].mode, Assertion::Mode::kAlways);
  EXPECT_EQ(s->assertions[0].from, minutes(1));
  EXPECT_EQ(s->assertions[0].to, minutes(2));
  EXPECT_EQ(s->assertions[1].mode, Assertion::Mode::kNever);
  EXPECT_FALSE(s->assertions[1].to.has_value());
  const auto& latency = std::get<LatencyCheck>(s->assertions[2].check);
  EXPECT_EQ(latency.hop, "ready_to_discoverable");
  ASSERT_EQ(latency.bounds.size(), 2u);
  EXPECT_EQ(latency.bounds[0].stat, "p99");
  EXPECT_EQ(latency.bounds[0].max, std::chrono::nanoseconds(seconds(10)).count());
  EXPECT_EQ(latency.bounds[1].min, 2);
}

TEST(ParseAssertions, ErrorsOfIntervalAndLatencyAssertions) {
  EXPECT_EQ(Errors(WithDeployments(R"(
assertions:
  - name: two modes
    always: {}
    at: 1m
    discover_instances: {namespace: n, service: s}
    expect: {pods: []}
  - name: backwards
    never: {from: 2m, to: 1m}
    discover_instances: {namespace: n, service: s}
    expect: {pods: []}
  - name: bad hop
    latency: {hop: ready_to_registred, p99: {max: 1s}}
  - name: no bound
    latency: {hop: ready_to_registered}
  - name: latency with expect
    latency: {hop: ready_to_registered, max: {max: 1s}}
    expect: {pods: []}
)")),
            "testdata/s.yaml:7:13: error: found at, always in assertions[0]; expected at most "
            "one of eventually, at, always, never\ntestdata/s.yaml:12:27: error: found to 1m0s "
            "before from 2m0s in assertions[1]; expected to >= from\ntestdata/s.yaml:16:20: "
            "error: found unknown hop 'ready_to_registred'; expected FROM_to_TO with FROM and TO "
            "among ready, seen, register_sent, registered, discoverable, control_plane, envoy, "
            "all_envoys, terminating, deregister_sent, deregistered, control_plane_removed, "
            "envoy_removed, all_envoys_removed, e.g. ready_to_registered, ready_to_discoverable, "
            "ready_to_all_envoys, terminating_to_deregistered, terminating_to_all_envoys_removed "
            "(did you mean 'ready_to_registered'?)\ntestdata/s.yaml:18:14: error: found no bound "
            "in assertions[3].latency; expected at least one of p50, p90, p99, p999, max, count, "
            "e.g. p99: {max: 10s}\ntestdata/s.yaml:21:13: error: found expect in a latency "
            "assertion assertions[4]; expected expect only with discover_instances or "
            "envoy_endpoints");
}

TEST(ParseScenario, ErrorBackendCycle) {
  EXPECT_EQ(Errors(R"(
name: x
duration: 1m
manifests: [backend-cycle.yaml]
)"),
            "testdata/backend-cycle.yaml:22:50: error: found a backend cycle: virtual node "
            "'front' -> virtual service 'colorapp' -> virtual node 'colorapp-blue' -> virtual "
            "service 'front-svc' -> virtual node 'front'; expected virtual node backends that "
            "never lead back to the same virtual node");
}

}  // namespace
}  // namespace meshsim::scenario
