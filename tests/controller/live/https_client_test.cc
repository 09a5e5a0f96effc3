// HttpCloudMapClient over https:// against an in-test TLS server whose self-signed certificate
// (for "localhost", made here with OpenSSL) the client trusts only through `ca_file`: the
// handshake succeeds with it, fails without it (system store) and fails for another host name.
// Also: DiscoverInstances goes to the "data-" host when asked, other operations do not.
#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <unistd.h>

#include <boost/asio/ssl.hpp>
#include <boost/beast/ssl.hpp>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "controller/live/http_cloudmap_client.h"
#include "tests/controller/live/test_http_server.h"

namespace meshsim::live {
namespace {

namespace ssl = boost::asio::ssl;
using std::chrono::milliseconds;

// A self-signed certificate for `host` (CN and subjectAltName DNS) and its key, as PEM.
struct SelfSigned {
  std::string cert_pem;
  std::string key_pem;
};

SelfSigned MakeSelfSigned(const std::string& host) {
  std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(EVP_EC_gen("prime256v1"),
                                                          EVP_PKEY_free);
  std::unique_ptr<X509, decltype(&X509_free)> cert(X509_new(), X509_free);
  X509_set_version(cert.get(), 2);
  ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), 1);
  X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600);
  X509_gmtime_adj(X509_getm_notAfter(cert.get()), 3600);
  X509_set_pubkey(cert.get(), key.get());
  X509_NAME* name = X509_get_subject_name(cert.get());
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                             reinterpret_cast<const unsigned char*>(host.c_str()), -1, -1, 0);
  X509_set_issuer_name(cert.get(), name);
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, cert.get(), cert.get(), nullptr, nullptr, 0);
  std::string san = "DNS:" + host;
  for (auto [nid, value] : std::vector<std::pair<int, std::string>>{
           {NID_subject_alt_name, san}, {NID_basic_constraints, "critical,CA:TRUE"}}) {
    X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value.c_str());
    X509_add_ext(cert.get(), ext, -1);
    X509_EXTENSION_free(ext);
  }
  X509_sign(cert.get(), key.get(), EVP_sha256());
  auto pem = [](auto write) {
    std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new(BIO_s_mem()), BIO_free);
    write(bio.get());
    char* data = nullptr;
    long n = BIO_get_mem_data(bio.get(), &data);
    return std::string(data, static_cast<size_t>(n));
  };
  return {pem([&](BIO* b) { PEM_write_bio_X509(b, cert.get()); }),
          pem([&](BIO* b) { PEM_write_bio_PrivateKey(b, key.get(), nullptr, nullptr, 0, nullptr,
                                                     nullptr); })};
}

// One TLS connection at a time on 127.0.0.1: handshake, read one request, answer 200.
class TestHttpsServer {
 public:
  TestHttpsServer(asio::io_context& io, const SelfSigned& identity, std::string body)
      : tls_(ssl::context::tls_server),
        acceptor_(io, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0)),
        body_(std::move(body)) {
    tls_.use_certificate_chain(asio::buffer(identity.cert_pem));
    tls_.use_private_key(asio::buffer(identity.key_pem), ssl::context::pem);
    Accept();
  }
  uint16_t port() const { return acceptor_.local_endpoint().port(); }
  const std::vector<std::string>& targets() const { return targets_; }
  int handshakes_failed() const { return handshakes_failed_; }

 private:
  struct Session {
    Session(tcp::socket s, ssl::context& c) : stream(std::move(s), c) {}
    beast::ssl_stream<tcp::socket> stream;
    beast::flat_buffer buffer;
    http::request<http::string_body> request;
    http::response<http::string_body> response;
  };
  void Accept() {
    acceptor_.async_accept([this](boost::system::error_code ec, tcp::socket socket) {
      if (ec) return;
      auto s = std::make_shared<Session>(std::move(socket), tls_);
      sessions_.push_back(s);
      s->stream.async_handshake(ssl::stream_base::server, [this, s](auto ec) {
        if (ec) return void(++handshakes_failed_);
        http::async_read(s->stream, s->buffer, s->request, [this, s](auto ec, size_t) {
          if (ec) return;
          targets_.push_back(std::string(s->request["X-Amz-Target"]));
          s->response.result(200);
          s->response.version(11);
          s->response.body() = body_;
          s->response.keep_alive(false);
          s->response.prepare_payload();
          http::async_write(s->stream, s->response, [s](auto, size_t) {});
        });
      });
      Accept();
    });
  }

  ssl::context tls_;
  tcp::acceptor acceptor_;
  std::string body_;
  std::vector<std::string> targets_;
  int handshakes_failed_ = 0;
  std::vector<std::shared_ptr<Session>> sessions_;
};

std::string WriteTemp(const std::string& name, const std::string& text) {
  std::string path = "/tmp/meshsim-https-test-" + std::to_string(getpid()) + "-" + name;
  std::ofstream(path) << text;
  return path;
}

HttpCloudMapClientOptions Options(const std::string& url, std::string ca_file) {
  return {.endpoint = *ParseEndpoint(url),
          .region = "us-west-2",
          .credentials = {.access_key_id = "AKIDTEST", .secret_access_key = "secret"},
          .request_timeout = milliseconds(2000),
          .ca_file = std::move(ca_file)};
}

Result<cloudmap::ListNamespacesResponse> ListNamespaces(AsioDispatcher& d,
                                                        HttpCloudMapClient& client) {
  bool done = false;
  Result<cloudmap::ListNamespacesResponse> got = Status(StatusCode::kInternal, "", "unset");
  client.ListNamespaces({}, [&](Result<cloudmap::ListNamespacesResponse> r) {
    got = std::move(r);
    done = true;
  });
  for (int i = 0; i < 500 && !done; ++i) d.RunFor(milliseconds(10));
  return got;
}

class HttpsClient : public ::testing::Test {
 protected:
  HttpsClient()
      : identity(MakeSelfSigned("localhost")),
        ca_file(WriteTemp("ca.pem", identity.cert_pem)),
        server(d.io_context(), identity, R"({"Namespaces":[{"Id":"ns-1","Arn":"arn:ns-1","Name":"a.local","Type":"DNS_PRIVATE"}]})") {}
  ~HttpsClient() override { unlink(ca_file.c_str()); }
  std::string Url(const std::string& host) {
    return "https://" + host + ":" + std::to_string(server.port());
  }
  AsioDispatcher d;
  SelfSigned identity;
  std::string ca_file;
  TestHttpsServer server;
};

TEST_F(HttpsClient, TrustsAServerCertificateSignedByTheGivenCa) {
  HttpCloudMapClient client(d, Options(Url("localhost"), ca_file));
  Result<cloudmap::ListNamespacesResponse> got = ListNamespaces(d, client);
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  ASSERT_EQ(got->namespaces.size(), 1u);
  EXPECT_EQ(got->namespaces[0].id, "ns-1");
  EXPECT_EQ(server.targets(),
            (std::vector<std::string>{"Route53AutoNaming_v20170314.ListNamespaces"}));
}

TEST_F(HttpsClient, RejectsACertificateTheSystemStoreDoesNotTrust) {
  HttpCloudMapClient client(d, Options(Url("localhost"), ""));
  Result<cloudmap::ListNamespacesResponse> got = ListNamespaces(d, client);
  ASSERT_FALSE(got.ok());
  EXPECT_EQ(got.status().error_name(), "TlsHandshakeFailed") << got.status().ToString();
  EXPECT_NE(got.status().message().find("certificate verify failed"), std::string::npos)
      << got.status().ToString();
  EXPECT_TRUE(server.targets().empty());
}

TEST_F(HttpsClient, RejectsACertificateIssuedToAnotherHost) {
  // The certificate names "localhost" only; 127.0.0.1 reaches the same server.
  HttpCloudMapClient client(d, Options(Url("127.0.0.1"), ca_file));
  Result<cloudmap::ListNamespacesResponse> got = ListNamespaces(d, client);
  ASSERT_FALSE(got.ok());
  EXPECT_EQ(got.status().error_name(), "TlsHandshakeFailed") << got.status().ToString();
  EXPECT_TRUE(server.targets().empty());
}

TEST_F(HttpsClient, UnreadableCaFileFailsEveryRequestWithTheReason) {
  HttpCloudMapClient client(d, Options(Url("localhost"), "/nonexistent/ca.pem"));
  Result<cloudmap::ListNamespacesResponse> got = ListNamespaces(d, client);
  ASSERT_FALSE(got.ok());
  EXPECT_EQ(got.status().error_name(), "TlsError");
  EXPECT_NE(got.status().message().find("/nonexistent/ca.pem"), std::string::npos);
}

TEST(HttpCloudMapClientHosts, DiscoverInstancesGoesToTheDataHostOnlyWhenAsked) {
  AsioDispatcher d;
  TestHttpServer server(d.io_context(), [](const TestHttpServer::Request&) {
    return TestHttpServer::Response{200, R"({"Instances":[]})"};
  });
  auto options = Options("http://localhost:" + std::to_string(server.port()), "");
  options.data_host_prefix = true;
  HttpCloudMapClient client(d, options);
  bool done = false;
  Result<cloudmap::DiscoverInstancesResponse> got = Status(StatusCode::kInternal, "", "unset");
  client.DiscoverInstances({.namespace_name = "a.local", .service_name = "s"},
                           [&](Result<cloudmap::DiscoverInstancesResponse> r) {
                             got = std::move(r);
                             done = true;
                           });
  for (int i = 0; i < 500 && !done; ++i) d.RunFor(milliseconds(10));
  // Either "data-localhost" does not resolve here (the error names it), or it does (RFC 6761
  // resolvers map *.localhost to loopback) and the request carries that Host.
  if (server.requests().empty()) {
    ASSERT_FALSE(got.ok());
    EXPECT_NE(got.status().message().find("data-localhost"), std::string::npos)
        << got.status().ToString();
  } else {
    EXPECT_EQ(std::string(server.requests()[0]["Host"]).rfind("data-localhost:", 0), 0u);
  }
  size_t before = server.requests().size();
  // Other operations use the endpoint's own host.
  Result<cloudmap::ListNamespacesResponse> listed = ListNamespaces(d, client);
  ASSERT_EQ(server.requests().size(), before + 1) << listed.status().ToString();
  EXPECT_EQ(std::string(server.requests().back()["Host"]).rfind("localhost:", 0), 0u);
}

}  // namespace
}  // namespace meshsim::live
