// `meshsim serve`'s HTTP layer over real loopback sockets: a Beast client in the test thread,
// the server and a FakeCloudMap on an io_context in a second thread. Every wait is bounded.
#include "tools/serve/cloudmap_http_server.h"

#include <thread>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "fakes/cloudmap/fake_cloudmap.h"
#include "tests/support/recording_tracer.h"
#include "tests/support/test_random.h"
#include "controller/live/asio_dispatcher.h"

namespace meshsim::serve {
namespace {

using meshsim::testing::RecordingTracer;
using meshsim::testing::TestRandom;

using nlohmann::json;

class CloudMapHttpServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(server_.Start().ok());
    thread_ = std::thread([this] { dispatcher_.RunFor(std::chrono::seconds(60)); });
  }
  void TearDown() override {
    asio::post(io_, [this] { server_.Stop(); io_.stop(); });
    thread_.join();
  }

  // One request on a fresh connection; returns the response (status 0 on a socket error).
  http::response<http::string_body> Send(const std::string& target, const std::string& body,
                                         const std::string& host = "127.0.0.1",
                                         const std::string& authorization = "") {
    asio::io_context io;
    beast::tcp_stream stream(io);
    stream.expires_after(std::chrono::seconds(10));
    beast::error_code ec;
    stream.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), server_.port()), ec);
    http::request<http::string_body> req(http::verb::post, "/", 11);
    req.set(http::field::host, host);
    if (!target.empty()) req.set("X-Amz-Target", target);
    if (!authorization.empty()) req.set(http::field::authorization, authorization);
    req.set(http::field::content_type, "application/x-amz-json-1.1");
    req.body() = body;
    req.prepare_payload();
    http::write(stream, req, ec);
    beast::flat_buffer buf;
    http::response<http::string_body> res;
    if (!ec) http::read(stream, buf, res, ec);
    if (ec) res.result(0);
    return res;
  }

  live::AsioDispatcher dispatcher_;
  asio::io_context& io_ = dispatcher_.io_context();
  TestRandom random_;
  RecordingTracer tracer_;
  fakes::FakeCloudMap cloudmap_{dispatcher_, random_, tracer_, fakes::CloudMapOptions{}};
  std::unique_ptr<CloudMapClient> client_ = cloudmap_.NewClient("aws-cli");
  std::unique_ptr<CloudMapClient> east_client_ = cloudmap_.NewClient("aws-cli", "eu-west-1");
  std::vector<std::string> regions_;  // the region of each request, as the server saw it
  CloudMapHttpServer server_{io_,
                             [this](const std::string& region) -> CloudMapClient& {
                               regions_.push_back(region);
                               return region == "eu-west-1" ? *east_client_ : *client_;
                             },
                             {.port = 0, .max_body_bytes = 4096}};
  std::thread thread_;
};

TEST_F(CloudMapHttpServerTest, AnswersJsonWithRequestIdOnAPickedPort) {
  EXPECT_NE(server_.port(), 0);
  EXPECT_EQ(server_.url(), "http://127.0.0.1:" + std::to_string(server_.port()));
  auto res = Send("Route53AutoNaming_v20170314.ListNamespaces", "{}");
  ASSERT_EQ(res.result_int(), 200) << res.body();
  EXPECT_EQ(res[http::field::content_type], "application/x-amz-json-1.1");
  EXPECT_FALSE(res["x-amzn-RequestId"].empty());
  EXPECT_EQ(json::parse(res.body()), json::parse(R"({"Namespaces":[]})"));
}

TEST_F(CloudMapHttpServerTest, AcceptsTheDataHostPrefix) {
  auto res = Send("Route53AutoNaming_v20170314.DiscoverInstances",
                  R"({"NamespaceName":"none.local","ServiceName":"x"})", "data-127.0.0.1");
  EXPECT_EQ(res.result_int(), 400);
  EXPECT_EQ(json::parse(res.body())["__type"], "NamespaceNotFound");
}

TEST_F(CloudMapHttpServerTest, RefusesUnknownMissingAndMalformed) {
  auto unknown = Send("Route53AutoNaming_v20170314.Nope", "{}");
  EXPECT_EQ(unknown.result_int(), 400);
  EXPECT_EQ(json::parse(unknown.body())["__type"], "UnknownOperationException");
  auto missing = Send("", "{}");
  EXPECT_EQ(missing.result_int(), 400);
  EXPECT_EQ(json::parse(missing.body())["__type"], "UnknownOperationException");
  auto bad = Send("Route53AutoNaming_v20170314.GetNamespace", "{\"Id\":");
  EXPECT_EQ(bad.result_int(), 400);
  EXPECT_EQ(json::parse(bad.body())["__type"], "SerializationException");
}

TEST_F(CloudMapHttpServerTest, BoundsTheRequestBody) {
  std::string big = R"({"Name":")" + std::string(10000, 'a') + R"("})";
  auto res = Send("Route53AutoNaming_v20170314.CreateHttpNamespace", big);
  EXPECT_EQ(res.result_int(), 413);
  EXPECT_EQ(json::parse(res.body())["__type"], "SerializationException");
  // The server still serves afterwards.
  EXPECT_EQ(Send("Route53AutoNaming_v20170314.ListServices", "{}").result_int(), 200);
}

TEST_F(CloudMapHttpServerTest, TheSigV4RegionPicksTheClientSoArnsCarryIt) {
  std::string auth =
      "AWS4-HMAC-SHA256 Credential=testing/20261125/eu-west-1/servicediscovery/aws4_request, "
      "SignedHeaders=host;x-amz-date, Signature=00";
  auto created = Send("Route53AutoNaming_v20170314.CreateHttpNamespace", R"({"Name":"east"})",
                      "127.0.0.1", auth);
  ASSERT_EQ(created.result_int(), 200) << created.body();
  auto unsigned_call = Send("Route53AutoNaming_v20170314.ListServices", "{}");
  ASSERT_EQ(unsigned_call.result_int(), 200);
  asio::post(io_, [this] { server_.Stop(); io_.stop(); });
  thread_.join();
  EXPECT_EQ(regions_, (std::vector<std::string>{"eu-west-1", ""}));
  thread_ = std::thread([] {});  // TearDown joins it
}

TEST(CloudMapHttpServer, BindFailureIsAnError) {
  live::AsioDispatcher dispatcher;
  asio::io_context& io = dispatcher.io_context();
  TestRandom random;
  RecordingTracer tracer;
  fakes::FakeCloudMap cloudmap(dispatcher, random, tracer, fakes::CloudMapOptions{});
  auto client = cloudmap.NewClient("aws-cli");
  CloudMapHttpServer a(io, *client, {});
  ASSERT_TRUE(a.Start().ok());
  CloudMapHttpServer b(io, *client, {.port = a.port()});
  EXPECT_EQ(b.Start().code(), StatusCode::kUnavailable);
  CloudMapHttpServer c(io, *client, {.bind = "not-an-ip"});
  EXPECT_FALSE(c.Start().ok());
}

}  // namespace
}  // namespace meshsim::serve
