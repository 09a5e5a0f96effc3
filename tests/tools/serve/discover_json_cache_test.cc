// DiscoverJsonCache: the remembered request bodies and instance objects of `meshsim serve`'s
// DiscoverInstances path. The body must be the one EncodeDiscoverInstancesResponse writes for
// every response, and an answer through the cache must change exactly when the visible set,
// an instance's attributes or its health change (per reader, with propagation delay), with the
// order still drawn per call.
#include "tools/serve/discover_json.h"

#include <optional>
#include <set>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "controller/live/cloudmap_json.h"
#include "fakes/cloudmap/fake_cloudmap.h"
#include "tests/support/manual_dispatcher.h"
#include "tests/support/recording_tracer.h"
#include "tests/support/test_random.h"
#include "tools/serve/cloudmap_operations.h"

namespace meshsim::serve {
namespace {

namespace cm = cloudmap;
using nlohmann::json;

cm::HttpInstanceSummary Summary(std::string id, cm::SharedAttributes attributes) {
  return {.instance_id = std::move(id),
          .namespace_name = "howto-k8s-cloudmap.pvt.aws.local",
          .service_name = "colorteller",
          .health_status = cm::HealthStatus::kHealthy,
          .attributes = std::move(attributes)};
}

TEST(DiscoverJsonCache, EncodesWhatTheEncoderWritesOnMissAndHit) {
  DiscoverJsonCache cache;
  cm::SharedAttributes blue = cm::Attributes{{"AWS_INSTANCE_IPV4", "10.0.0.1"}, {"q", "a\"b\n"}};
  cm::DiscoverInstancesResponse r;
  r.instances = {Summary("i-1", blue), Summary("i-2", {}), Summary("i-3", {{"version", "red"}})};
  r.instances_revision = 4;
  std::string want = EncodeDiscoverInstancesResponse(r);
  EXPECT_EQ(cache.EncodeResponse(r), want);
  EXPECT_EQ(cache.instances_cached(), 2u);  // the instance without attributes is not kept
  EXPECT_EQ(cache.EncodeResponse(r), want);
  std::swap(r.instances[0], r.instances[2]);  // another order, same objects
  EXPECT_EQ(cache.EncodeResponse(r), EncodeDiscoverInstancesResponse(r));
  EXPECT_EQ(cache.EncodeResponse(cm::DiscoverInstancesResponse{}), live::Encode(cm::DiscoverInstancesResponse{}));
}

TEST(DiscoverJsonCache, TheSameMapWithOtherHealthIdOrNamesIsWrittenAgain) {
  DiscoverJsonCache cache;
  cm::SharedAttributes shared = cm::Attributes{{"app", "colorapp"}};
  cm::DiscoverInstancesResponse r;
  r.instances = {Summary("i-1", shared)};
  cache.EncodeResponse(r);
  r.instances[0].health_status = cm::HealthStatus::kUnhealthy;
  EXPECT_EQ(cache.EncodeResponse(r), EncodeDiscoverInstancesResponse(r));
  EXPECT_NE(cache.EncodeResponse(r).find("\"UNHEALTHY\""), std::string::npos);
  r.instances.push_back(Summary("i-2", shared));  // two instances sharing one map
  r.instances[1].service_name = "colorgateway";
  EXPECT_EQ(cache.EncodeResponse(r), EncodeDiscoverInstancesResponse(r));
  r.instances[0].namespace_name = "other.local";
  EXPECT_EQ(cache.EncodeResponse(r), EncodeDiscoverInstancesResponse(r));
}

TEST(DiscoverJsonCache, NonAsciiTakesNlohmannsPathHitOrMiss) {
  DiscoverJsonCache cache;
  cm::DiscoverInstancesResponse r;
  r.instances = {Summary("i-1", {{"zone", "caf\xc3\xa9"}, {"bad", "\xff"}})};
  EXPECT_EQ(cache.EncodeResponse(r), live::Encode(r));
  EXPECT_EQ(cache.EncodeResponse(r), live::Encode(r));
  r.instances = {Summary("i-\xe2\x82\xac", {})};
  EXPECT_EQ(cache.EncodeResponse(r), live::Encode(r));
}

TEST(DiscoverJsonCache, DropsInstancesCloudMapNoLongerHolds) {
  DiscoverJsonCache cache;
  cm::SharedAttributes kept = cm::Attributes{{"k", "v"}};
  cm::DiscoverInstancesResponse r;
  for (int i = 0; i < 5000; ++i) {
    r.instances = {Summary("i-" + std::to_string(i), cm::Attributes{{"n", std::to_string(i)}})};
    cache.EncodeResponse(r);  // the map dies with the next assignment
  }
  r.instances = {Summary("i-kept", kept)};
  cache.EncodeResponse(r);
  EXPECT_LT(cache.instances_cached(), 4096u);  // swept once it reached 4,096
  for (int i = 0; i < 5000; ++i) cache.EncodeResponse(r);
  EXPECT_EQ(cache.EncodeResponse(r), EncodeDiscoverInstancesResponse(r));
}

TEST(DiscoverJsonCache, RemembersDecodedBodiesButNotErrors) {
  DiscoverJsonCache cache;
  std::string body = R"({"NamespaceName":"ns","ServiceName":"s","QueryParameters":{"v":"1"}})";
  auto a = cache.DecodeRequest(body);
  auto b = cache.DecodeRequest(std::string(body));
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(a->get(), b->get());  // the same decoded request
  EXPECT_EQ((*a)->query_parameters.at("v"), "1");
  auto other = cache.DecodeRequest(R"({"NamespaceName":"ns","ServiceName":"t"})");
  ASSERT_TRUE(other.ok());
  EXPECT_EQ((*other)->service_name, "t");
  EXPECT_EQ(cache.DecodeRequest("{nope").status().error_name(), "SerializationException");
  EXPECT_EQ(cache.DecodeRequest("{nope").status().error_name(), "SerializationException");
  for (int i = 0; i < 3000; ++i) {  // more bodies than it keeps: still decoded right
    auto r = cache.DecodeRequest(R"({"NamespaceName":"ns","ServiceName":"s)" + std::to_string(i) +
                                 R"("})");
    ASSERT_TRUE(r.ok());
    EXPECT_EQ((*r)->service_name, "s" + std::to_string(i));
  }
}

// Through HandleCloudMapCall with the cache, against a FakeCloudMap.
class CachedDiscoverTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto ns = cloudmap_.CreateNamespaceNow("apps.local", cm::NamespaceType::kHttp, "");
    ASSERT_TRUE(ns.ok());
    client_->CreateService({.name = "colorteller",
                            .namespace_id = ns->id,
                            .health_check_custom_config = cm::HealthCheckCustomConfig{1}},
                           [this](Result<cm::Service> s) { service_id_ = s->id; });
    dispatcher_.RunFor(std::chrono::seconds(10));
    ASSERT_FALSE(service_id_.empty());
  }
  static fakes::CloudMapOptions Options() {
    fakes::CloudMapOptions o;
    o.custom_health_delay = Duration::zero();
    return o;
  }
  void Register(const std::string& id, cm::Attributes attributes) {
    client_->RegisterInstance(
        {.service_id = service_id_, .instance_id = id, .attributes = std::move(attributes)},
        [](Result<cm::OperationIdResponse> r) { ASSERT_TRUE(r.ok()); });
    dispatcher_.RunFor(std::chrono::seconds(10));
  }
  // DiscoverInstances of version=blue through the cache, as `reader` ("aws-cli" by default).
  std::string Discover(CloudMapClient* reader = nullptr) {
    std::optional<CloudMapReply> got;
    HandleCloudMapCall(
        reader ? *reader : *client_, std::string(kCloudMapTargetPrefix) + "DiscoverInstances",
        R"({"NamespaceName":"apps.local","ServiceName":"colorteller",)"
        R"("HealthStatus":"ALL","QueryParameters":{"version":"blue"}})",
        [&](CloudMapReply r) { got = std::move(r); }, &cache_);
    dispatcher_.RunFor(std::chrono::seconds(1));
    EXPECT_TRUE(got && got->http_status == 200) << (got ? got->body : "no reply");
    return got ? got->body : "";
  }
  // The answer with its instances in InstanceId order (the fake shuffles them per call).
  std::string Sorted(const std::string& body) {
    json j = json::parse(body);
    std::sort(j["Instances"].begin(), j["Instances"].end(),
              [](const json& a, const json& b) { return a["InstanceId"] < b["InstanceId"]; });
    return j.dump();
  }

  testing::ManualDispatcher dispatcher_;
  testing::TestRandom random_;
  testing::RecordingTracer tracer_;
  fakes::FakeCloudMap cloudmap_{dispatcher_, random_, tracer_, Options()};
  std::unique_ptr<CloudMapClient> client_ = cloudmap_.NewClient("aws-cli");
  std::string service_id_;
  DiscoverJsonCache cache_;
};

TEST_F(CachedDiscoverTest, AnswerFollowsRegistrationsAttributesAndHealth) {
  Register("i-1", {{"AWS_INSTANCE_IPV4", "10.0.0.1"}, {"version", "blue"}});
  std::string one = Sorted(Discover());
  EXPECT_EQ(Sorted(Discover()), one);
  Register("i-2", {{"AWS_INSTANCE_IPV4", "10.0.0.2"}, {"version", "blue"}});
  std::string two = Sorted(Discover());
  EXPECT_EQ(json::parse(two)["Instances"].size(), 2u);
  // Re-registering i-1 with other attributes: the new ones are answered.
  Register("i-1", {{"AWS_INSTANCE_IPV4", "10.0.0.9"}, {"version", "blue"}});
  std::string moved = Sorted(Discover());
  EXPECT_NE(moved.find("10.0.0.9"), std::string::npos) << moved;
  EXPECT_EQ(moved.find("10.0.0.1\""), std::string::npos) << moved;
  // A health change alone (same attribute map) changes the instance's HealthStatus.
  client_->UpdateInstanceCustomHealthStatus(
      {.service_id = service_id_, .instance_id = "i-2", .status = cm::CustomHealthStatus::kUnhealthy},
      [](Result<Empty> r) { ASSERT_TRUE(r.ok()); });
  dispatcher_.RunFor(std::chrono::seconds(10));
  json sick = json::parse(Sorted(Discover()));
  EXPECT_EQ(sick["Instances"][1]["InstanceId"], "i-2");
  EXPECT_EQ(sick["Instances"][1]["HealthStatus"], "UNHEALTHY");
  EXPECT_EQ(sick["Instances"][0]["HealthStatus"], "HEALTHY");
  // Deregistered: gone from the answer.
  client_->DeregisterInstance({.service_id = service_id_, .instance_id = "i-1"},
                              [](Result<cm::OperationIdResponse> r) { ASSERT_TRUE(r.ok()); });
  dispatcher_.RunFor(std::chrono::seconds(10));
  json left = json::parse(Discover());
  ASSERT_EQ(left["Instances"].size(), 1u);
  EXPECT_EQ(left["Instances"][0]["InstanceId"], "i-2");
}

TEST_F(CachedDiscoverTest, OrderIsStillDrawnPerCall) {
  for (int i = 0; i < 8; ++i) {
    Register("i-" + std::to_string(i), {{"AWS_INSTANCE_IPV4", "10.0.0." + std::to_string(i)},
                                        {"version", "blue"}});
  }
  std::set<std::string> orders;
  for (int i = 0; i < 10; ++i) orders.insert(Discover());
  EXPECT_GT(orders.size(), 1u) << "the cache froze the random order";
}

TEST_F(CachedDiscoverTest, EachReaderSeesChangesAfterItsPropagationDelay) {
  Register("i-1", {{"AWS_INSTANCE_IPV4", "10.0.0.1"}, {"version", "blue"}});
  cloudmap_.SetPropagationDelay(Distribution::Fixed(std::chrono::seconds(5)));
  std::unique_ptr<CloudMapClient> other = cloudmap_.NewClient("envoy");
  EXPECT_EQ(json::parse(Discover(other.get()))["Instances"].size(), 1u);
  client_->RegisterInstance({.service_id = service_id_,
                             .instance_id = "i-2",
                             .attributes = {{"AWS_INSTANCE_IPV4", "10.0.0.2"}, {"version", "blue"}}},
                            [](Result<cm::OperationIdResponse> r) { ASSERT_TRUE(r.ok()); });
  dispatcher_.RunFor(std::chrono::seconds(1));
  // Within the delay, both readers still get the old set through the same cache.
  EXPECT_EQ(json::parse(Discover(other.get()))["Instances"].size(), 1u);
  EXPECT_EQ(json::parse(Discover())["Instances"].size(), 1u);
  dispatcher_.RunFor(std::chrono::seconds(10));
  EXPECT_EQ(json::parse(Discover(other.get()))["Instances"].size(), 2u);
  EXPECT_EQ(json::parse(Discover())["Instances"].size(), 2u);
}

}  // namespace
}  // namespace meshsim::serve
