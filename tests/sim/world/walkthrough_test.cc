// The seed walkthrough end to end: load the scenario, run the world, and check the
// verification views against the walkthrough's output shape, and determinism by trace hash.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <regex>
#include <sstream>

#include "sim/scenario/loader.h"
#include "sim/world/world.h"

namespace meshsim::world {
namespace {

const std::string kScenario = std::string(MESHSIM_SOURCE_DIR) + "/scenarios/howto-k8s-cloudmap.yaml";

struct Outcome {
  RunResult result;
  std::string views;
  std::string trace;
};

Outcome RunWalkthrough(std::optional<uint64_t> seed = std::nullopt) {
  auto s = scenario::LoadScenario(kScenario);
  EXPECT_TRUE(s.ok()) << s.status().ToString();
  std::ostringstream trace;
  auto world = World::Create(*s, {.seed = seed, .trace_sink = &trace});
  EXPECT_TRUE(world.ok()) << world.status().ToString();
  Outcome o;
  o.result = (*world)->Run();
  o.views = (*world)->RenderViews();
  o.trace = trace.str();
  return o;
}

// Splits the views into (command, output) pairs at the "$ " lines.
std::vector<std::pair<std::string, std::string>> SplitViews(const std::string& views) {
  std::vector<std::pair<std::string, std::string>> out;
  std::istringstream in(views);
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("$ ", 0) == 0) {
      out.push_back({line.substr(2), ""});
    } else if (!out.empty()) {
      out.back().second += line + "\n";
    }
  }
  return out;
}

TEST(Walkthrough, EveryAssertionHolds) {
  Outcome o = RunWalkthrough();
  for (const auto& a : o.result.assertions) EXPECT_TRUE(a.passed) << a.message;
  EXPECT_EQ(o.result.failed, 0);
  EXPECT_EQ(o.result.passed, 6);
  EXPECT_EQ(o.result.sim_time, std::chrono::minutes(4) + std::chrono::seconds(15));
}

TEST(Walkthrough, SameSeedGivesByteIdenticalTrace) {
  Outcome a = RunWalkthrough(), b = RunWalkthrough();
  EXPECT_EQ(a.result.trace_hash, b.result.trace_hash);
  EXPECT_EQ(a.trace, b.trace);
  EXPECT_EQ(a.views, b.views);
  EXPECT_GT(a.result.trace_events, 50u);
}

TEST(Walkthrough, DifferentSeedGivesDifferentTrace) {
  EXPECT_NE(RunWalkthrough(1).result.trace_hash, RunWalkthrough(2).result.trace_hash);
}

TEST(Walkthrough, PodTableShowsThreeRunningPodsWithSidecars) {
  auto views = SplitViews(RunWalkthrough().views);
  ASSERT_EQ(views.size(), 4u);
  EXPECT_EQ(views[0].first, "kubectl get pod -n howto-k8s-cloudmap -o wide");
  std::istringstream table(views[0].second);
  std::string header;
  std::getline(table, header);
  EXPECT_EQ(header.find("NAME"), 0u);
  for (const char* column : {"READY", "STATUS", "RESTARTS", "AGE", "IP", "NODE", "NOMINATED NODE",
                             "READINESS GATES"}) {
    EXPECT_NE(header.find(column), std::string::npos) << column;
  }
  // The hash is the decimal uint32 safe-encoded: 10 characters, fewer for small values.
  std::regex row(R"(^(colorapp-blue|colorapp-red|front)-[bcdfghjklmnpqrstvwxz2456789]{8,10}-)"
                 R"([bcdfghjklmnpqrstvwxz2456789]{5} +2/2 +Running +0 +4m1\ds +192\.168\.\d+\.\d+ +)"
                 R"(ip-192-168-\d+-\d+\.us-west-2\.compute\.internal +<none> +1/1$)");
  std::string line;
  int rows = 0;
  while (std::getline(table, line) && !line.empty()) {
    EXPECT_TRUE(std::regex_match(line, row)) << line;
    ++rows;
  }
  EXPECT_EQ(rows, 3);
}

TEST(Walkthrough, DiscoverInstancesShowsTheSeedsShapeAndKeys) {
  auto views = SplitViews(RunWalkthrough().views);
  ASSERT_EQ(views.size(), 4u);
  const std::vector<std::pair<std::string, std::string>> expected = {
      {"front", "front"}, {"colorapp", "blue"}, {"colorapp", "red"}};
  for (size_t i = 0; i < expected.size(); ++i) {
    const auto& [service, version] = expected[i];
    SCOPED_TRACE(views[i + 1].first);
    EXPECT_NE(views[i + 1].first.find("--service-name " + service), std::string::npos);
    auto json = nlohmann::ordered_json::parse(views[i + 1].second);
    ASSERT_EQ(json["Instances"].size(), 1u);
    const auto& inst = json["Instances"][0];
    std::vector<std::string> keys;
    for (const auto& [k, v] : inst.items()) keys.push_back(k);
    EXPECT_EQ(keys, (std::vector<std::string>{"InstanceId", "NamespaceName", "ServiceName",
                                              "HealthStatus", "Attributes"}));
    EXPECT_EQ(inst["NamespaceName"], "howto-k8s-cloudmap.pvt.aws.local");
    EXPECT_EQ(inst["ServiceName"], service);
    const auto& attrs = inst["Attributes"];
    // Every key of the walkthrough's sample output is there.
    for (const char* key : {"AWS_INIT_HEALTH_STATUS", "AWS_INSTANCE_IPV4", "app", "k8s.io/namespace",
                            "k8s.io/pod", "pod-template-hash", "version"}) {
      EXPECT_TRUE(attrs.contains(key)) << key;
    }
    EXPECT_EQ(attrs["AWS_INIT_HEALTH_STATUS"], "HEALTHY");
    EXPECT_EQ(attrs["AWS_INSTANCE_IPV4"], inst["InstanceId"]);
    EXPECT_EQ(attrs["k8s.io/namespace"], "howto-k8s-cloudmap");
    EXPECT_EQ(attrs["app"], service == "front" ? "front" : "colorapp");
    if (service != "front") {
      EXPECT_EQ(attrs["version"], version);
    }
    std::string pod = attrs["k8s.io/pod"];
    EXPECT_EQ(pod.find(service == "front" ? "front-" : "colorapp-" + version + "-"), 0u) << pod;
    EXPECT_NE(pod.find(attrs["pod-template-hash"].get<std::string>()), std::string::npos);
    // The pod in the table with that name has that IP.
    EXPECT_NE(views[0].second.find(pod), std::string::npos);
  }
}

}  // namespace
}  // namespace meshsim::world
