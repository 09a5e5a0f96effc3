// File: controller/live/http_cloudmap_client.h
//
// CloudMapClient against a real Cloud Map HTTP endpoint (AWS, or moto's server): the AWS JSON
// 1.1 protocol (POST /, Content-Type application/x-amz-json-1.1, X-Amz-Target
// Route53AutoNaming_v20170314.<Operation>), bodies by the meshsim::cloudmap_json codec, signed
// with SigV4 for service "servicediscovery". Requests are asynchronous Boost.Beast calls on the
// AsioDispatcher's io_context, one connection per request; every callback is posted on the
// dispatcher. A connection failure or timeout is kUnavailable (retryable), an AWS error body
// becomes its Status (ServiceNotFound -> kNotFound, ThrottlingException -> kThrottled, ...).
// https:// endpoints (AWS itself) use TLS 1.2+ through OpenSSL: SNI, and the peer must present
// a certificate for the host signed by a CA of the system store (or of `ca_file`); a failed
// handshake is kUnavailable "TlsHandshakeFailed" with OpenSSL's reason. DiscoverInstances and
// DiscoverInstancesRevision go to "data-<host>" when `data_host_prefix` is set, as AWS's own
// endpoints require (the SDKs do the same unless a custom endpoint turns host prefixes off).
//
// Example:
//   Result<HttpEndpoint> ep = ParseEndpoint("http://127.0.0.1:5000");
//   HttpCloudMapClient client(dispatcher, {.endpoint = *ep, .region = "us-west-2",
//                                          .credentials = *CredentialsFromEnvironment()});
//   client.ListNamespaces({}, [](Result<cloudmap::ListNamespacesResponse> r) { ... });
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "controller/api/cloudmap_client.h"
#include "controller/live/asio_dispatcher.h"
#include "controller/live/sigv4.h"

namespace boost::asio::ssl {
class context;  // <boost/asio/ssl.hpp> only in the .cc: it drags OpenSSL into every includer
}  // namespace boost::asio::ssl

namespace meshsim::live {

struct HttpEndpoint {
  std::string scheme;  // "http" or "https"
  std::string host;    // "127.0.0.1", "servicediscovery.us-west-2.amazonaws.com"
  uint16_t port = 80;
  // The Host header: host, plus ":port" when not the scheme's default.
  std::string HostHeader() const;
  std::string ToString() const;
};

// Parses "http[s]://host[:port][/]". kInvalidArgument "InvalidEndpoint" for anything else.
Result<HttpEndpoint> ParseEndpoint(std::string_view url);
// AWS's regional endpoint, "https://servicediscovery.<region>.amazonaws.com" (".com.cn" in cn-).
std::string DefaultEndpointUrl(std::string_view region);

struct HttpCloudMapClientOptions {
  HttpEndpoint endpoint;
  std::string region;  // the SigV4 credential scope's region
  AwsCredentials credentials;
  Duration request_timeout = std::chrono::seconds(10);  // connect + write + read
  std::string ca_file;            // https: PEM CAs to trust instead of the system store
  bool data_host_prefix = false;  // DiscoverInstances* to "data-<host>" (AWS's endpoints)
};

class HttpCloudMapClient : public CloudMapClient {
 public:
  // REQUIRES: options.endpoint.scheme is "http" or "https"; the dispatcher outlives the client.
  HttpCloudMapClient(AsioDispatcher& dispatcher, HttpCloudMapClientOptions options);
  // Requests still in flight complete without calling their callbacks.
  ~HttpCloudMapClient() override;
  HttpCloudMapClient(const HttpCloudMapClient&) = delete;
  HttpCloudMapClient& operator=(const HttpCloudMapClient&) = delete;

  // Requests sent so far (for tests and the live summary).
  int64_t requests_sent() const { return requests_sent_; }

  // CloudMapClient: every operation is one signed POST (Call).
#define MESHSIM_HTTP_DECLARE(Method, Request, Response) \
  void Method(const Request& req, Callback<Response> cb) override;
  MESHSIM_CLOUDMAP_OPERATIONS(MESHSIM_HTTP_DECLARE)
#undef MESHSIM_HTTP_DECLARE

  // One HTTP exchange's outcome: status code, error-type header and body.
  struct RawResponse {
    int status = 0;
    std::string error_type;  // x-amzn-ErrorType
    std::string body;
  };
  using RawCallback = std::function<void(Result<RawResponse>)>;

 private:
  template <class Resp, class Req>
  void Call(const char* operation, const Req& req, Callback<Resp> cb);
  // Signs and sends one request; `done` runs on the io_context (not yet posted).
  void Send(const std::string& operation, std::string body, RawCallback done);

  AsioDispatcher& dispatcher_;
  HttpCloudMapClientOptions options_;
  std::unique_ptr<boost::asio::ssl::context> tls_;  // https only
  std::string tls_setup_error_;  // set when the CAs could not be loaded: every request fails
  std::shared_ptr<bool> alive_;
  int64_t requests_sent_ = 0;
};

}  // namespace meshsim::live
