// The live-mode integration test of issue 4 (label: integration): moto's Cloud Map server on a
// free loopback port, `meshsim live scenarios/howto-k8s-cloudmap.yaml --cloudmap-endpoint ...`
// for a bounded wall time, then the real aws CLI's discover-instances for colorapp with
// version=blue must return exactly the blue pod; and a scale-up plus a pod deletion must be
// reflected there. Skipped, with the reason printed, when moto or the aws CLI is not installed.
// The tests run serially (RUN_SERIAL): they pace a simulated cluster by the wall clock.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <functional>
#include <sstream>
#include <thread>

#include "tests/controller/live/moto_server.h"

namespace meshsim::live {
namespace {

using testing::MotoServer;

const std::vector<std::string> kDummyAws = {
    "AWS_ACCESS_KEY_ID=testing", "AWS_SECRET_ACCESS_KEY=testing", "AWS_REGION=us-west-2",
    "AWS_DEFAULT_REGION=us-west-2", "AWS_DISABLE_HOST_PREFIX_INJECTION=true"};

struct Output {
  int code;
  std::string text;
};

Output RunTool(const std::vector<std::string>& argv, const std::string& name,
           std::chrono::milliseconds limit) {
  std::string log = testing::TempPath(name);
  int code = testing::RunCommand(argv, log, limit, kDummyAws);
  return {code, testing::ReadFile(log)};
}

// discover-instances through the aws CLI, as the walkthrough's verification step runs it.
nlohmann::json DiscoverBlue(const MotoServer& moto) {
  Output out = RunTool({"aws", "servicediscovery", "discover-instances", "--namespace-name",
                    "howto-k8s-cloudmap.pvt.aws.local", "--service-name", "colorapp",
                    "--query-parameters", "version=blue", "--endpoint-url", moto.url(),
                    "--region", "us-west-2", "--output", "json"},
                   "aws.json", std::chrono::seconds(60));
  EXPECT_EQ(out.code, 0) << out.text;
  return nlohmann::json::parse(out.text, nullptr, /*allow_exceptions=*/false);
}

// A copy of the walkthrough with one controller worker, plus `extra_timeline` entries. One
// worker because moto, unlike Cloud Map, does not reject a second CreateService of the same
// name in a namespace (ServiceAlreadyExists), so two workers reconciling colorapp-blue and
// colorapp-red at once would create two "colorapp" services there.
std::string WalkthroughCopy(const std::string& name, const std::string& extra_timeline) {
  std::string dir = std::string(MESHSIM_SOURCE_DIR) + "/scenarios/";
  std::string text = testing::ReadFile(dir + "howto-k8s-cloudmap.yaml");
  auto replace = [&text](const std::string& from, const std::string& to) {
    size_t at = text.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    if (at != std::string::npos) text.replace(at, from.size(), to);
  };
  replace("- howto-k8s-cloudmap/manifest.yaml.template",
          "- " + dir + "howto-k8s-cloudmap/manifest.yaml.template");
  replace("timeline:\n  - {at: 0s, apply: manifests}\n",
          "settings:\n  controller: {workers: 1}\n\ntimeline:\n  - {at: 0s, apply: manifests}\n" +
              extra_timeline);
  std::string path = testing::TempPath(name);
  std::ofstream(path) << text;
  return path;
}

TEST(LiveCommand, WalkthroughRegistersExactlyTheBluePodInMoto) {
  if (std::string why = testing::MotoSkipReason(); !why.empty()) GTEST_SKIP() << why;
  MotoServer moto;
  ASSERT_TRUE(moto.Start()) << moto.log();
  Output live = RunTool({MESHSIM_BINARY, "live", WalkthroughCopy("walkthrough.yaml", ""),
                     "--cloudmap-endpoint", moto.url(), "--duration", "30s"},
                    "live.log", std::chrono::seconds(150));
  ASSERT_EQ(live.code, 0) << live.text;
  EXPECT_NE(live.text.find("namespace howto-k8s-cloudmap.pvt.aws.local created"),
            std::string::npos)
      << live.text;

  nlohmann::json found = DiscoverBlue(moto);
  ASSERT_TRUE(found.contains("Instances")) << found.dump(2) << "\n" << live.text;
  ASSERT_EQ(found["Instances"].size(), 1u) << found.dump(2) << "\n" << live.text;
  const nlohmann::json& blue = found["Instances"][0];
  std::string ip = blue["InstanceId"].get<std::string>();
  EXPECT_EQ(blue["Attributes"]["AWS_INSTANCE_IPV4"], ip);
  EXPECT_EQ(blue["Attributes"]["version"], "blue");
  EXPECT_EQ(blue["Attributes"]["k8s.io/pod"].get<std::string>().rfind("colorapp-blue-", 0), 0u)
      << blue.dump(2);
  // meshsim printed that registration.
  EXPECT_NE(live.text.find("RegisterInstance"), std::string::npos) << live.text;
  EXPECT_NE(live.text.find(ip), std::string::npos) << live.text;
}

// discover-instances for colorapp version=<color>; an empty list when the call fails.
nlohmann::json DiscoverColor(const MotoServer& moto, const std::string& color) {
  Output out = RunTool({"aws", "servicediscovery", "discover-instances", "--namespace-name",
                        "howto-k8s-cloudmap.pvt.aws.local", "--service-name", "colorapp",
                        "--query-parameters", "version=" + color, "--endpoint-url", moto.url(),
                        "--region", "us-west-2", "--output", "json"},
                       "aws-" + color + ".json", std::chrono::seconds(60));
  nlohmann::json j = nlohmann::json::parse(out.text, nullptr, /*allow_exceptions=*/false);
  if (out.code != 0 || !j.is_object() || !j.contains("Instances")) return nlohmann::json::array();
  return j["Instances"];
}

std::vector<std::string> Ids(const nlohmann::json& instances) {
  std::vector<std::string> ids;
  for (const auto& i : instances) ids.push_back(i["InstanceId"].get<std::string>());
  return ids;
}

// Polls `done` (about every second, each poll being aws CLI calls) until it holds or
// `deadline` passes; returns whether it held.
bool PollUntil(std::chrono::steady_clock::time_point deadline, const std::function<bool()>& done) {
  while (std::chrono::steady_clock::now() < deadline) {
    if (done()) return true;
    std::this_thread::sleep_for(std::chrono::seconds(1));
  }
  return done();
}

// Scale-up and pod deletion while `meshsim live` keeps running: the test polls moto until the
// state it expects appears (or a generous deadline passes), then stops meshsim with SIGINT.
// Why session 1 saw no DeregisterInstance for the deleted red pod, and why a new pod could stay
// unregistered: (1) the deletion at 10 s came before the red pod's first registration (one
// worker, each first reconcile waits ~3 s for its GetOperation poll), and a pod deleted before
// it is registered is never registered (spec B.3), so there was nothing to deregister; here
// the test waits until blue and red are registered before the actions at 60 s. (2) The
// AsioDispatcher ran Schedule()d callbacks due at the same instant in Asio's heap order, not
// in schedule order, so the fake API server's watch events (due max(last, now + delay)) could
// arrive out of resourceVersion order: the informer then kept an older pod status with
// ContainersReady=False and the new pod was never registered. Fixed in
// controller/live/asio_dispatcher.cc (AsioDispatcher.ScheduledCallbacksDueAtTheSameTime...).
// Enabled after the fixed build passed it end to end against moto (about 70 s).
TEST(LiveCommand, ScalingAndDeletingPodsIsReflectedInMoto) {
  if (std::string why = testing::MotoSkipReason(); !why.empty()) GTEST_SKIP() << why;
  MotoServer moto;
  ASSERT_TRUE(moto.Start()) << moto.log();
  constexpr int kActionAt = 60;  // seconds after meshsim starts
  std::string scenario = WalkthroughCopy(
      "scale-and-delete.yaml",
      "  - {at: " + std::to_string(kActionAt) + "s, scale: {deployment: colorapp-blue, "
      "replicas: 2}}\n"
      "  - {at: " + std::to_string(kActionAt) + "s, delete_pods: {pods: {selector: {version: "
      "red}}, grace_period: 1s}}\n");
  std::string log = testing::TempPath("live-scale.log");
  auto started = std::chrono::steady_clock::now();
  pid_t live = testing::Spawn({MESHSIM_BINARY, "live", scenario, "--cloudmap-endpoint",
                               moto.url(), "--duration", "15m"},
                              log, kDummyAws);
  ASSERT_GT(live, 0);
  auto stop_live = [&] {
    kill(-live, SIGINT);
    return testing::WaitFor(live, std::chrono::seconds(60));
  };

  // 1. The walkthrough's blue and red pods are registered before the actions run.
  nlohmann::json red, blue;
  bool registered = PollUntil(started + std::chrono::seconds(kActionAt - 5), [&] {
    red = DiscoverColor(moto, "red");
    blue = DiscoverColor(moto, "blue");
    return red.size() == 1 && blue.size() == 1;
  });
  if (!registered) {
    stop_live();
    FAIL() << "blue and red were not both registered " << kActionAt - 5
           << " s after start (machine too slow?); blue=" << blue.dump() << " red=" << red.dump()
           << "\n" << testing::ReadFile(log);
  }
  std::string old_red = Ids(red)[0];

  // 2. Then: two blue pods, and one red pod that is not the deleted one.
  bool converged = PollUntil(started + std::chrono::seconds(kActionAt + 180), [&] {
    red = DiscoverColor(moto, "red");
    blue = DiscoverColor(moto, "blue");
    return blue.size() == 2 && red.size() == 1 && Ids(red)[0] != old_red;
  });
  int code = stop_live();
  std::string text = testing::ReadFile(log);
  ASSERT_TRUE(converged) << "blue=" << blue.dump(2) << "\nred=" << red.dump(2) << "\n" << text;
  EXPECT_EQ(code, 0) << text;
  for (const auto& i : blue) {
    EXPECT_EQ(i["Attributes"]["k8s.io/pod"].get<std::string>().rfind("colorapp-blue-", 0), 0u);
  }
  // meshsim printed the deregistration of the deleted red pod's instance.
  bool deregistered = false;
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    deregistered |= line.find("op=DeregisterInstance") != std::string::npos &&
                    line.find("instance=" + old_red) != std::string::npos &&
                    line.find("ok=true") != std::string::npos;
  }
  EXPECT_TRUE(deregistered) << text;
}

TEST(LiveCommand, MissingCredentialsAreAClearError) {
  std::string log = testing::TempPath("nocreds.log");
  int code = testing::RunCommand(
      {"env", "-u", "AWS_ACCESS_KEY_ID", "-u", "AWS_SECRET_ACCESS_KEY", MESHSIM_BINARY, "live",
       std::string(MESHSIM_SOURCE_DIR) + "/scenarios/howto-k8s-cloudmap.yaml",
       "--cloudmap-endpoint", "http://127.0.0.1:9"},
      log, std::chrono::seconds(30));
  std::string text = testing::ReadFile(log);
  EXPECT_EQ(code, 2) << text;
  EXPECT_NE(text.find("AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY"), std::string::npos) << text;
}

}  // namespace
}  // namespace meshsim::live
