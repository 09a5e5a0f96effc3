// The walkthrough under the legacy (v0.x) controller profile: the discover-instances views must
// show exactly the seed README's attribute keys and HealthStatus HEALTHY, and the walkthrough's
// assertions must still hold.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <sstream>

#include "sim/scenario/loader.h"
#include "sim/world/world.h"

namespace meshsim::world {
namespace {

const std::string kScenario =
    std::string(MESHSIM_SOURCE_DIR) + "/scenarios/howto-k8s-cloudmap-legacy.yaml";

struct Outcome {
  RunResult result;
  std::string views;
};

Outcome RunLegacy() {
  auto s = scenario::LoadScenario(kScenario);
  EXPECT_TRUE(s.ok()) << s.status().ToString();
  auto world = World::Create(*s, {});
  EXPECT_TRUE(world.ok()) << world.status().ToString();
  Outcome o;
  o.result = (*world)->Run();
  o.views = (*world)->RenderViews();
  return o;
}

// The JSON outputs of the views, in order (the text after each "$ aws ..." line).
std::vector<nlohmann::ordered_json> DiscoverOutputs(const std::string& views) {
  std::vector<nlohmann::ordered_json> out;
  std::istringstream in(views);
  std::string line, body;
  bool in_aws = false;
  auto flush = [&] {
    if (in_aws) out.push_back(nlohmann::ordered_json::parse(body));
    body.clear();
  };
  while (std::getline(in, line)) {
    if (line.rfind("$ ", 0) == 0) {
      flush();
      in_aws = line.find("discover-instances") != std::string::npos;
    } else {
      body += line + "\n";
    }
  }
  flush();
  return out;
}

TEST(WalkthroughLegacy, EveryAssertionHolds) {
  Outcome o = RunLegacy();
  for (const auto& a : o.result.assertions) EXPECT_TRUE(a.passed) << a.message;
  EXPECT_EQ(o.result.failed, 0);
  EXPECT_EQ(o.result.passed, 6);
}

TEST(WalkthroughLegacy, DiscoverInstancesHasExactlyTheSeedsAttributeKeysAndHealthy) {
  Outcome o = RunLegacy();
  std::vector<nlohmann::ordered_json> outputs = DiscoverOutputs(o.views);
  ASSERT_EQ(outputs.size(), 3u);
  const std::vector<std::string> seed_keys = {"AWS_INIT_HEALTH_STATUS", "AWS_INSTANCE_IPV4", "app",
                                              "k8s.io/namespace", "k8s.io/pod",
                                              "pod-template-hash", "version"};
  for (const auto& json : outputs) {
    ASSERT_EQ(json["Instances"].size(), 1u) << json.dump();
    const auto& inst = json["Instances"][0];
    EXPECT_EQ(inst["HealthStatus"], "HEALTHY");
    std::vector<std::string> keys;
    for (const auto& [k, v] : inst["Attributes"].items()) keys.push_back(k);
    EXPECT_EQ(keys, seed_keys) << inst.dump();
    EXPECT_EQ(inst["Attributes"]["AWS_INSTANCE_IPV4"], inst["InstanceId"]);
  }
}

}  // namespace
}  // namespace meshsim::world
