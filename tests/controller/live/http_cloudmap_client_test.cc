// Tests of controller/live/http_cloudmap_client.cc against a tiny in-test Beast server on
// 127.0.0.1: the wire shape of AWS JSON 1.1 requests, a SigV4 signature the server can
// verify with the secret, decoding of answers and AWS errors, and transport failures.
#include "controller/live/http_cloudmap_client.h"

#include <gtest/gtest.h>

#include <regex>

#include "tests/controller/live/test_http_server.h"

namespace meshsim::live {
namespace {

using std::chrono::milliseconds;

constexpr char kSecret[] = "test-secret";

HttpCloudMapClientOptions Options(uint16_t port) {
  return {.endpoint = *ParseEndpoint("http://127.0.0.1:" + std::to_string(port)),
          .region = "us-west-2",
          .credentials = {.access_key_id = "AKIDTEST", .secret_access_key = kSecret},
          .request_timeout = milliseconds(500)};
}

// Runs the dispatcher until `done` or 5 s pass.
void RunUntil(AsioDispatcher& d, const bool& done) {
  for (int i = 0; i < 500 && !done; ++i) d.RunFor(milliseconds(10));
}

std::string Field(const TestHttpServer::Request& r, const std::string& name) {
  auto it = r.find(name);
  return it == r.end() ? "<absent>" : std::string(it->value());
}

// Recomputes the request's signature the way the service does, from the headers it names.
std::string ExpectedSignature(const TestHttpServer::Request& r) {
  std::smatch m;
  std::string auth = Field(r, "Authorization");
  std::regex shape(
      "AWS4-HMAC-SHA256 Credential=AKIDTEST/([0-9]{8})/us-west-2/servicediscovery/aws4_request, "
      "SignedHeaders=([a-z0-9;-]+), Signature=[0-9a-f]{64}");
  if (!std::regex_match(auth, m, shape)) return "bad Authorization: " + auth;
  std::string date = m[1], signed_headers = m[2];
  SignableRequest req{.method = std::string(r.method_string()), .path = std::string(r.target()),
                      .body = r.body()};
  std::stringstream names(signed_headers);
  for (std::string name; std::getline(names, name, ';');) req.headers.emplace_back(name, Field(r, name));
  std::string scope = CredentialScope(date, "us-west-2", "servicediscovery");
  std::string to_sign = StringToSign(Field(r, "X-Amz-Date"), scope,
                                     CanonicalRequest(req, Sha256Hex(req.body)));
  return HexEncode(HmacSha256(SigningKey(kSecret, date, "us-west-2", "servicediscovery"), to_sign));
}

TEST(HttpCloudMapClient, SendsSignedJson11RequestAndDecodesTheAnswer) {
  AsioDispatcher d;
  TestHttpServer server(d.io_context(), [](const TestHttpServer::Request&) {
    return TestHttpServer::Response{
        200, R"({"Namespaces":[{"Id":"ns-1","Arn":"arn:ns-1","Name":"a.local","Type":"DNS_PRIVATE"}]})"};
  });
  HttpCloudMapClient client(d, Options(server.port()));
  bool done = false;
  Result<cloudmap::ListNamespacesResponse> got = Status(StatusCode::kInternal, "", "unset");
  client.ListNamespaces({.max_results = 7}, [&](Result<cloudmap::ListNamespacesResponse> r) {
    got = std::move(r);
    done = true;
  });
  EXPECT_FALSE(done) << "never before the call returns";
  RunUntil(d, done);
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  ASSERT_EQ(got->namespaces.size(), 1u);
  EXPECT_EQ(got->namespaces[0].id, "ns-1");
  EXPECT_EQ(got->namespaces[0].type, cloudmap::NamespaceType::kDnsPrivate);

  ASSERT_EQ(server.requests().size(), 1u);
  const auto& r = server.requests()[0];
  EXPECT_EQ(r.method(), http::verb::post);
  EXPECT_EQ(r.target(), "/");
  EXPECT_EQ(Field(r, "Content-Type"), "application/x-amz-json-1.1");
  EXPECT_EQ(Field(r, "X-Amz-Target"), "Route53AutoNaming_v20170314.ListNamespaces");
  EXPECT_EQ(Field(r, "Host"), "127.0.0.1:" + std::to_string(server.port()));
  EXPECT_TRUE(std::regex_match(Field(r, "X-Amz-Date"), std::regex("[0-9]{8}T[0-9]{6}Z")));
  EXPECT_EQ(r.body(), R"({"MaxResults":7})");
  std::string auth = Field(r, "Authorization");
  EXPECT_NE(auth.find("SignedHeaders=content-type;host;x-amz-date;x-amz-target,"), std::string::npos)
      << auth;
  EXPECT_NE(auth.find("Signature=" + ExpectedSignature(r)), std::string::npos) << auth;
  EXPECT_EQ(client.requests_sent(), 1);
}

TEST(HttpCloudMapClient, SessionTokenIsSentAndSigned) {
  AsioDispatcher d;
  TestHttpServer server(d.io_context(), [](const TestHttpServer::Request&) {
    return TestHttpServer::Response{200, R"({"OperationId":"op-1"})"};
  });
  HttpCloudMapClientOptions options = Options(server.port());
  options.credentials.session_token = "session-token";
  HttpCloudMapClient client(d, options);
  bool done = false;
  std::string op;
  client.RegisterInstance({.service_id = "srv-1", .instance_id = "10.0.0.1",
                           .attributes = {{"AWS_INSTANCE_IPV4", "10.0.0.1"}}},
                          [&](Result<cloudmap::OperationIdResponse> r) {
                            op = r.ok() ? r->operation_id : r.status().ToString();
                            done = true;
                          });
  RunUntil(d, done);
  EXPECT_EQ(op, "op-1");
  ASSERT_EQ(server.requests().size(), 1u);
  const auto& r = server.requests()[0];
  EXPECT_EQ(Field(r, "X-Amz-Target"), "Route53AutoNaming_v20170314.RegisterInstance");
  EXPECT_EQ(Field(r, "X-Amz-Security-Token"), "session-token");
  EXPECT_NE(Field(r, "Authorization").find("x-amz-security-token"), std::string::npos);
  EXPECT_NE(Field(r, "Authorization").find(ExpectedSignature(r)), std::string::npos);
}

TEST(HttpCloudMapClient, AwsErrorBodyBecomesItsStatus) {
  AsioDispatcher d;
  TestHttpServer server(d.io_context(), [](const TestHttpServer::Request&) {
    return TestHttpServer::Response{400, R"({"__type":"ServiceNotFound","message":"no srv-9"})"};
  });
  HttpCloudMapClient client(d, Options(server.port()));
  bool done = false;
  Status status;
  client.GetService({.id = "srv-9"}, [&](Result<cloudmap::Service> r) {
    status = r.status();
    done = true;
  });
  RunUntil(d, done);
  EXPECT_EQ(status.code(), StatusCode::kNotFound);
  EXPECT_EQ(status.error_name(), "ServiceNotFound");
  EXPECT_EQ(status.message(), "no srv-9");
}

TEST(HttpCloudMapClient, ThrottlingIsKThrottled) {
  AsioDispatcher d;
  TestHttpServer server(d.io_context(), [](const TestHttpServer::Request&) {
    return TestHttpServer::Response{400, R"({"__type":"ThrottlingException","message":"slow"})"};
  });
  HttpCloudMapClient client(d, Options(server.port()));
  bool done = false;
  Status status;
  client.DeleteService({.id = "srv-1"}, [&](Result<Empty> r) {
    status = r.status();
    done = true;
  });
  RunUntil(d, done);
  EXPECT_EQ(status.code(), StatusCode::kThrottled);
}

TEST(HttpCloudMapClient, ConnectionRefusedIsUnavailable) {
  AsioDispatcher d;
  uint16_t port;
  {
    TestHttpServer closed(d.io_context(), [](const TestHttpServer::Request&) {
      return TestHttpServer::Response{};
    });
    port = closed.port();
  }
  HttpCloudMapClient client(d, Options(port));
  bool done = false;
  Status status;
  client.ListServices({}, [&](Result<cloudmap::ListServicesResponse> r) {
    status = r.status();
    done = true;
  });
  RunUntil(d, done);
  EXPECT_EQ(status.code(), StatusCode::kUnavailable);
  EXPECT_EQ(status.error_name(), "NetworkingError");
}

TEST(HttpCloudMapClient, UnansweredRequestTimesOutAsUnavailable) {
  AsioDispatcher d;
  TestHttpServer server(d.io_context(), [](const TestHttpServer::Request&) {
    return std::optional<TestHttpServer::Response>();
  });
  HttpCloudMapClientOptions options = Options(server.port());
  options.request_timeout = milliseconds(100);
  HttpCloudMapClient client(d, options);
  bool done = false;
  Status status;
  client.GetOperation({.operation_id = "op-1"}, [&](Result<cloudmap::Operation> r) {
    status = r.status();
    done = true;
  });
  RunUntil(d, done);
  EXPECT_EQ(status.code(), StatusCode::kUnavailable);
  EXPECT_EQ(status.error_name(), "RequestTimeout");
}

TEST(HttpCloudMapClient, DestroyedClientNeverCallsBack) {
  AsioDispatcher d;
  TestHttpServer server(d.io_context(), [](const TestHttpServer::Request&) {
    return TestHttpServer::Response{200, R"({"Services":[]})"};
  });
  bool called = false;
  {
    HttpCloudMapClient client(d, Options(server.port()));
    client.ListServices({}, [&](Result<cloudmap::ListServicesResponse>) { called = true; });
  }
  d.RunFor(milliseconds(200));
  EXPECT_EQ(server.requests().size(), 1u) << "the request itself still went out";
  EXPECT_FALSE(called);
}

TEST(HttpEndpoint, ParsesHostAndPort) {
  Result<HttpEndpoint> ep = ParseEndpoint("http://127.0.0.1:5000/");
  ASSERT_TRUE(ep.ok()) << ep.status().ToString();
  EXPECT_EQ(ep->host, "127.0.0.1");
  EXPECT_EQ(ep->port, 5000);
  EXPECT_EQ(ep->HostHeader(), "127.0.0.1:5000");
  Result<HttpEndpoint> aws = ParseEndpoint(DefaultEndpointUrl("us-west-2"));
  ASSERT_TRUE(aws.ok());
  EXPECT_EQ(aws->scheme, "https");
  EXPECT_EQ(aws->port, 443);
  EXPECT_EQ(aws->HostHeader(), "servicediscovery.us-west-2.amazonaws.com");
  EXPECT_EQ(DefaultEndpointUrl("cn-north-1"), "https://servicediscovery.cn-north-1.amazonaws.com.cn");
}

TEST(HttpEndpoint, RejectsMalformedUrls) {
  for (const char* bad : {"127.0.0.1:5000", "ftp://h", "http://", "http://h:0", "http://h:99999",
                          "http://h:x", "http://h/path"}) {
    Result<HttpEndpoint> ep = ParseEndpoint(bad);
    EXPECT_FALSE(ep.ok()) << bad;
    EXPECT_EQ(ep.status().error_name(), "InvalidEndpoint") << bad;
  }
}

}  // namespace
}  // namespace meshsim::live
