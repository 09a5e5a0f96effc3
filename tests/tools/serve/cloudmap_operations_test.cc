// The socket-free service side of `meshsim serve`: target routing, decoding errors and replies
// against a real FakeCloudMap on a ManualDispatcher.
#include "tools/serve/cloudmap_operations.h"

#include <optional>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "fakes/cloudmap/fake_cloudmap.h"
#include "tests/support/manual_dispatcher.h"
#include "tests/support/recording_tracer.h"
#include "tests/support/test_random.h"

namespace meshsim::serve {
namespace {

using meshsim::testing::ManualDispatcher;
using meshsim::testing::RecordingTracer;
using meshsim::testing::TestRandom;

using nlohmann::json;

class CloudMapOperationsTest : public ::testing::Test {
 protected:
  CloudMapReply Call(const std::string& op, const std::string& body) {
    std::optional<CloudMapReply> got;
    HandleCloudMapCall(*client_, op.empty() ? "" : kCloudMapTargetPrefix + op, body,
                       [&](CloudMapReply r) { got = std::move(r); });
    dispatcher_.RunFor(std::chrono::seconds(10));
    EXPECT_TRUE(got.has_value()) << op;
    return got.value_or(CloudMapReply{0, ""});
  }
  static std::string Type(const CloudMapReply& r) {
    return json::parse(r.body).value("__type", "");
  }

  ManualDispatcher dispatcher_;
  TestRandom random_;
  RecordingTracer tracer_;
  fakes::FakeCloudMap cloudmap_{dispatcher_, random_, tracer_, fakes::CloudMapOptions{}};
  std::unique_ptr<CloudMapClient> client_ = cloudmap_.NewClient("aws-cli");
};

TEST_F(CloudMapOperationsTest, CreatesNamespaceServiceAndDiscoversInstance) {
  CloudMapReply ns = Call("CreateHttpNamespace", R"({"Name":"howto.local"})");
  ASSERT_EQ(ns.http_status, 200) << ns.body;
  std::string op = json::parse(ns.body)["OperationId"];
  CloudMapReply got = Call("GetOperation", json{{"OperationId", op}}.dump());
  ASSERT_EQ(got.http_status, 200) << got.body;
  json operation = json::parse(got.body)["Operation"];
  EXPECT_EQ(operation["Status"], "SUCCESS");
  std::string ns_id = operation["Targets"]["NAMESPACE"];
  CloudMapReply svc = Call("CreateService", json{{"Name", "colorteller"}, {"NamespaceId", ns_id}}.dump());
  ASSERT_EQ(svc.http_status, 200) << svc.body;
  std::string svc_id = json::parse(svc.body)["Service"]["Id"];
  CloudMapReply reg = Call("RegisterInstance",
                           json{{"ServiceId", svc_id}, {"InstanceId", "i-1"},
                                {"Attributes", {{"AWS_INSTANCE_IPV4", "10.0.0.1"}, {"version", "blue"}}}}
                               .dump());
  ASSERT_EQ(reg.http_status, 200) << reg.body;
  CloudMapReply disc = Call("DiscoverInstances",
                            R"({"NamespaceName":"howto.local","ServiceName":"colorteller",)"
                            R"("QueryParameters":{"version":"blue"}})");
  ASSERT_EQ(disc.http_status, 200) << disc.body;
  json d = json::parse(disc.body);
  ASSERT_EQ(d["Instances"].size(), 1u);
  EXPECT_EQ(d["Instances"][0]["InstanceId"], "i-1");
  EXPECT_EQ(d["Instances"][0]["Attributes"]["version"], "blue");
  EXPECT_TRUE(d.contains("InstancesRevision"));
  CloudMapReply del = Call("DeleteService", json{{"Id", svc_id}}.dump());
  EXPECT_EQ(del.http_status, 400);
  EXPECT_EQ(Type(del), "ResourceInUse");
}

TEST_F(CloudMapOperationsTest, ServiceErrorsCarryAwsTypeAndStatus) {
  CloudMapReply r = Call("GetService", R"({"Id":"srv-doesnotexist0000"})");
  EXPECT_EQ(r.http_status, 400);
  EXPECT_EQ(Type(r), "ServiceNotFound");
  EXPECT_FALSE(json::parse(r.body).value("Message", "").empty());
}

TEST_F(CloudMapOperationsTest, MalformedBodiesAreSerializationException) {
  CloudMapReply r = Call("GetService", "{nope");
  EXPECT_EQ(r.http_status, 400);
  EXPECT_EQ(Type(r), "SerializationException");
  EXPECT_EQ(Type(Call("ListServices", R"({"MaxResults":"x"})")), "SerializationException");
}

TEST_F(CloudMapOperationsTest, UnknownOrMissingTargetIsUnknownOperation) {
  EXPECT_EQ(Type(Call("Frobnicate", "{}")), "UnknownOperationException");
  CloudMapReply none = Call("", "{}");
  EXPECT_EQ(none.http_status, 400);
  EXPECT_EQ(Type(none), "UnknownOperationException");
  std::optional<CloudMapReply> other;
  HandleCloudMapCall(*client_, "DynamoDB_20120810.GetItem", "{}",
                     [&](CloudMapReply r) { other = r; });
  ASSERT_TRUE(other);
  EXPECT_EQ(Type(*other), "UnknownOperationException");
}

TEST_F(CloudMapOperationsTest, InjectedFaultsKeepAwsStatusCodes) {
  cloudmap_.SetFault("ListNamespaces",
                     Status(StatusCode::kUnavailable, "ServiceUnavailable", "try later"));
  CloudMapReply r = Call("ListNamespaces", "{}");
  EXPECT_EQ(r.http_status, 503);
  EXPECT_EQ(Type(r), "ServiceUnavailable");
  cloudmap_.SetFault("ListNamespaces", Status(StatusCode::kInternal, "InternalFailure", "boom"));
  EXPECT_EQ(Call("ListNamespaces", "{}").http_status, 500);
  cloudmap_.SetFault("ListNamespaces",
                     Status(StatusCode::kThrottled, "ThrottlingException", "Rate exceeded"));
  EXPECT_EQ(Call("ListNamespaces", "{}").http_status, 400);
}

TEST(RegionFromAuthorization, ReadsCredentialScope) {
  EXPECT_EQ(RegionFromAuthorization(
                "AWS4-HMAC-SHA256 Credential=testing/20240101/eu-west-1/servicediscovery/"
                "aws4_request, SignedHeaders=host, Signature=abc"),
            "eu-west-1");
  EXPECT_EQ(RegionFromAuthorization(""), "");
  EXPECT_EQ(RegionFromAuthorization("AWS4-HMAC-SHA256 Credential=broken"), "");
}

}  // namespace
}  // namespace meshsim::serve
