// The `traffic:` section and the `requests` check (sim/scenario/traffic_parser.cc): what they
// read, and the exact error of each mistake (file:line:column).
#include <gtest/gtest.h>

#include "sim/scenario/loader.h"
#include "tests/sim/scenario/test_util.h"

namespace meshsim::scenario {
namespace {

using std::chrono::minutes;
using std::chrono::seconds;

// The walkthrough's manifests (front, colorapp-blue/red, services colorapp and front), then
// `rest`; the scenario "lives" in scenarios/, so its manifest path resolves.
Result<Scenario> Parse(const std::string& rest) {
  std::string text =
      "name: x\nduration: 10m\n"
      "vars: {APP_NAMESPACE: ns, MESH_NAME: m, CLOUDMAP_NAMESPACE: c.local, "
      "FRONT_APP_IMAGE: f, COLOR_APP_IMAGE: c}\n"
      "manifests: [howto-k8s-cloudmap/manifest.yaml.template]\n" +
      Yaml(rest);
  return ParseScenario(text, SourcePath("scenarios/t.yaml"));
}

std::string Errors(const std::string& rest) {
  std::string errors = ErrorsOf(Parse(rest));
  std::string prefix = SourcePath("scenarios/");
  for (size_t at; (at = errors.find(prefix)) != std::string::npos;) errors.replace(at, prefix.size(), "");
  return errors;
}

TEST(ParseTraffic, ReadsStreamsAndRequestsChecks) {
  Result<Scenario> s = Parse(R"(
traffic:
  - {from: front, to: colorapp, rps: 100}
  - {name: direct, from: front, to_node: colorapp-blue, rps: 0.5, arrivals: poisson,
     start: 1m, stop: 2m, namespace: ns}
assertions:
  - name: a
    requests: {from: front, to: colorapp, outcome: failed, max: 0}
  - name: b
    always: {from: 1m}
    requests: {stream: direct, outcome: retried, since: 1m, until: 90s, min: 1,
               max_fraction: 1%, min_fraction: 0.001, max_per_second: 3}
)");
  ASSERT_TRUE(s.ok()) << s.status().message();
  ASSERT_EQ(s->traffic.size(), 2u);
  const TrafficStream& a = s->traffic[0];
  EXPECT_EQ(a.name, "front->colorapp");
  EXPECT_EQ(a.rate_milli_rps, 100'000);
  EXPECT_FALSE(a.poisson);
  EXPECT_FALSE(a.to_virtual_node);
  EXPECT_EQ(a.start, seconds(0));
  EXPECT_FALSE(a.stop.has_value());
  const TrafficStream& b = s->traffic[1];
  EXPECT_EQ(b.name, "direct");
  EXPECT_EQ(b.to, "colorapp-blue");
  EXPECT_TRUE(b.to_virtual_node);
  EXPECT_EQ(b.rate_milli_rps, 500);
  EXPECT_TRUE(b.poisson);
  EXPECT_EQ(b.start, minutes(1));
  EXPECT_EQ(b.stop, minutes(2));
  EXPECT_EQ(b.namespace_name, "ns");
  const auto& c0 = std::get<RequestsCheck>(s->assertions[0].check);
  EXPECT_EQ(c0.outcome, "failed");
  EXPECT_EQ(c0.max, 0);
  EXPECT_EQ(c0.from, "front");
  const auto& c1 = std::get<RequestsCheck>(s->assertions[1].check);
  EXPECT_EQ(c1.stream, "direct");
  EXPECT_EQ(c1.since, minutes(1));
  EXPECT_EQ(c1.until, seconds(90));
  EXPECT_EQ(c1.max_per_mille, 10);
  EXPECT_EQ(c1.min_per_mille, 1);
  EXPECT_EQ(c1.max_per_second, 3);
}

TEST(ParseTraffic, BadStreamsPointAtTheirValues) {
  EXPECT_EQ(Errors(R"(
traffic:
  - {from: front, to: colorapp, rps: fast}
  - {name: a, from: fronte, to: colorapp, rps: 1}
  - {name: b, from: front, to: colorapp, to_node: colorapp-blue, rps: 1}
  - {name: c, from: front, to: colorapp, rps: 1, arrivals: burst}
  - {name: d, from: front, to: colorapp, rps: 1, start: 2m, stop: 1m}
  - {name: e, from: front, to: colorapp, rps: 0}
  - {name: e, from: front, to: colorapp, rps: 1}
)"),
            "t.yaml:6:38: error: found 'fast' for 'rps'; expected a positive number of requests "
            "per second with at most 3 decimals, such as 100 or 0.5\n"
            "t.yaml:7:21: error: unknown virtual node 'fronte'; expected one of colorapp-blue, "
            "colorapp-red, front (did you mean 'front'?)\n"
            "t.yaml:8:5: error: found to, to_node in traffic[2]; expected exactly one of to, "
            "to_node\n"
            "t.yaml:9:60: error: found 'burst' for 'arrivals'; expected one of fixed, poisson\n"
            "t.yaml:10:67: error: found stop at or before start in traffic[4]; expected a stop "
            "later than the start\n"
            "t.yaml:11:47: error: found '0' for 'rps'; expected a positive number of requests "
            "per second with at most 3 decimals, such as 100 or 0.5\n"
            "t.yaml:12:5: error: found a second traffic stream named 'e' in traffic[6]; expected "
            "unique names (set `name:`)");
}

TEST(ParseTraffic, RequestsChecksMustPickAStreamAndHaveABound) {
  EXPECT_EQ(Errors(R"(
traffic:
  - {name: s, from: front, to: colorapp, rps: 1}
assertions:
  - name: a
    requests: {stream: t, outcome: failed, max: 0}
  - name: b
    requests: {from: front, to: colorapp, outcome: failed}
  - name: c
    requests: {stream: s, outcome: errors, max: 0}
  - name: d
    requests: {stream: s, outcome: all, since: 2m, until: 1m, max: 0}
)"),
            "t.yaml:9:15: error: found no traffic stream named 't' for assertions[0].requests; "
            "expected one of s (did you mean 's'?)\n"
            "t.yaml:11:15: error: found no bound in assertions[1].requests; expected at least "
            "one of min, max, min_fraction, max_fraction, max_per_second\n"
            "t.yaml:13:36: error: found 'errors' for 'outcome'; expected one of success, "
            "retried, connect_failure, no_healthy_upstream, failed, all\n"
            "t.yaml:15:59: error: found until at or before since in assertions[3].requests; "
            "expected a window that is not empty");
}

TEST(ParseTraffic, RequestsCheckWithoutTrafficIsAnError) {
  EXPECT_EQ(Errors(R"(
assertions:
  - name: a
    requests: {outcome: failed, max: 0}
)"),
            "t.yaml:7:15: error: found a requests check in assertions[0].requests but no "
            "traffic stream; expected a `traffic:` section");
}

}  // namespace
}  // namespace meshsim::scenario
