#include "controller/live/http_cloudmap_client.h"

#include <charconv>
#include <type_traits>

#include <openssl/err.h>
#include <openssl/ssl.h>

#include <boost/asio/ssl.hpp>
#include <boost/beast/ssl.hpp>

#include "controller/api/check.h"
#include "controller/live/cloudmap_json.h"

namespace meshsim::live {
namespace {

namespace ssl = boost::asio::ssl;

constexpr char kTargetPrefix[] = "Route53AutoNaming_v20170314.";
constexpr char kService[] = "servicediscovery";

Status Unavailable(const std::string& what, const boost::system::error_code& ec) {
  std::string name = ec == beast::error::timeout ? "RequestTimeout" : "NetworkingError";
  return Status(StatusCode::kUnavailable, name, what + ": " + ec.message());
}

// A failed TLS handshake, most often a certificate the system CAs (or ca_file) do not vouch
// for, or one issued to another name: say so, since retrying cannot help.
Status HandshakeFailed(const std::string& where, const boost::system::error_code& ec) {
  std::string detail = ec.message();
  if (ec.category() == asio::error::get_ssl_category()) {
    char buf[256];
    ERR_error_string_n(static_cast<unsigned long>(ec.value()), buf, sizeof(buf));
    detail = buf;
  }
  return Status(StatusCode::kUnavailable, "TlsHandshakeFailed",
                "TLS handshake with " + where + " failed (" + detail +
                    "); the server certificate must be valid for the host and signed by a "
                    "trusted CA (system store, or HttpCloudMapClientOptions::ca_file)");
}

// One request on its own connection: resolve, connect, (TLS handshake,) write, read, close.
// Keeps itself alive through the shared_ptr each completion handler holds. `Stream` is
// beast::tcp_stream for http:// and beast::ssl_stream<beast::tcp_stream> for https://.
template <class Stream>
class Exchange : public std::enable_shared_from_this<Exchange<Stream>> {
 public:
  static constexpr bool kTls = !std::is_same_v<Stream, beast::tcp_stream>;

  // `ssl` is used only for TLS; it must outlive the exchange (the client's context does).
  Exchange(asio::io_context& io, ssl::context* ssl, std::string host, uint16_t port,
           Duration timeout, http::request<http::string_body> request,
           HttpCloudMapClient::RawCallback done)
      : resolver_(io), stream_(MakeStream(io, ssl)), host_(std::move(host)), port_(port),
        timeout_(timeout), request_(std::move(request)), done_(std::move(done)) {}

  void Start() {
    if constexpr (kTls) {
      // SNI, and the name the peer's certificate must carry.
      if (!SSL_set_tlsext_host_name(stream_.native_handle(), host_.c_str())) {
        return Finish(Status(StatusCode::kUnavailable, "TlsError",
                             "cannot set the TLS server name " + host_));
      }
      stream_.set_verify_callback(ssl::host_name_verification(host_));
    }
    resolver_.async_resolve(host_, std::to_string(port_),
                            [self = this->shared_from_this()](auto ec, auto results) {
                              self->OnResolved(ec, results);
                            });
  }

 private:
  static Stream MakeStream(asio::io_context& io, ssl::context* ssl) {
    if constexpr (kTls) {
      return Stream(io, *ssl);
    } else {
      return Stream(io);
    }
  }
  beast::tcp_stream& Tcp() {
    if constexpr (kTls) {
      return beast::get_lowest_layer(stream_);
    } else {
      return stream_;
    }
  }
  std::string Where() const { return (kTls ? "https://" : "http://") + host_ + ":" +
                                     std::to_string(port_); }

  void OnResolved(const boost::system::error_code& ec, const tcp::resolver::results_type& r) {
    if (ec) return Finish(Unavailable("cannot resolve " + host_, ec));
    Tcp().expires_after(timeout_);
    Tcp().async_connect(r, [self = this->shared_from_this()](auto ec, auto) {
      if (ec) return self->Finish(Unavailable("cannot connect to " + self->Where(), ec));
      self->Tcp().expires_after(self->timeout_);
      if constexpr (kTls) {
        self->stream_.async_handshake(ssl::stream_base::client, [self](auto ec) {
          if (ec) return self->Finish(HandshakeFailed(self->Where(), ec));
          self->Write();
        });
      } else {
        self->Write();
      }
    });
  }

  void Write() {
    Tcp().expires_after(timeout_);
    http::async_write(stream_, request_, [self = this->shared_from_this()](auto ec, size_t) {
      if (ec) return self->Finish(Unavailable("sending to " + self->Where(), ec));
      self->Tcp().expires_after(self->timeout_);
      http::async_read(self->stream_, self->buffer_, self->response_, [self](auto ec, size_t) {
        self->OnRead(ec);
      });
    });
  }

  void OnRead(const boost::system::error_code& ec) {
    if (ec) return Finish(Unavailable("reading from " + Where(), ec));
    HttpCloudMapClient::RawResponse raw{.status = static_cast<int>(response_.result_int()),
                                        .body = std::move(response_.body())};
    if (auto it = response_.find("x-amzn-ErrorType"); it != response_.end()) {
      raw.error_type = std::string(it->value());
    }
    // The answer is complete; a TLS close_notify exchange would only add a round trip.
    boost::system::error_code ignored;
    Tcp().socket().shutdown(tcp::socket::shutdown_both, ignored);
    Finish(std::move(raw));
  }

  void Finish(Result<HttpCloudMapClient::RawResponse> r) {
    if (done_) std::exchange(done_, nullptr)(std::move(r));
  }

  tcp::resolver resolver_;
  Stream stream_;
  std::string host_;
  uint16_t port_;
  Duration timeout_;
  http::request<http::string_body> request_;
  beast::flat_buffer buffer_;
  http::response<http::string_body> response_;
  HttpCloudMapClient::RawCallback done_;
};

}  // namespace

std::string HttpEndpoint::HostHeader() const {
  bool default_port = (scheme == "http" && port == 80) || (scheme == "https" && port == 443);
  return default_port ? host : host + ":" + std::to_string(port);
}

std::string HttpEndpoint::ToString() const { return scheme + "://" + HostHeader(); }

Result<HttpEndpoint> ParseEndpoint(std::string_view url) {
  auto bad = [&](const std::string& why) {
    return Status(StatusCode::kInvalidArgument, "InvalidEndpoint",
                  "bad endpoint '" + std::string(url) + "': " + why +
                      "; expected http[s]://HOST[:PORT], e.g. http://127.0.0.1:5000 or "
                      "https://servicediscovery.us-west-2.amazonaws.com");
  };
  HttpEndpoint ep;
  size_t sep = url.find("://");
  if (sep == std::string_view::npos) return bad("no scheme");
  ep.scheme = std::string(url.substr(0, sep));
  if (ep.scheme != "http" && ep.scheme != "https") return bad("scheme must be http or https");
  ep.port = ep.scheme == "https" ? 443 : 80;
  std::string_view rest = url.substr(sep + 3);
  if (!rest.empty() && rest.back() == '/') rest.remove_suffix(1);
  if (rest.find('/') != std::string_view::npos) return bad("a path other than / is not supported");
  if (size_t colon = rest.rfind(':'); colon != std::string_view::npos) {
    std::string_view port = rest.substr(colon + 1);
    unsigned value = 0;
    auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
    if (ec != std::errc() || end != port.data() + port.size() || value == 0 || value > 65535) {
      return bad("port must be 1-65535");
    }
    ep.port = static_cast<uint16_t>(value);
    rest = rest.substr(0, colon);
  }
  if (rest.empty()) return bad("no host");
  ep.host = std::string(rest);
  return ep;
}

std::string DefaultEndpointUrl(std::string_view region) {
  bool china = region.rfind("cn-", 0) == 0;
  return "https://servicediscovery." + std::string(region) + ".amazonaws.com" +
         (china ? ".cn" : "");
}

HttpCloudMapClient::HttpCloudMapClient(AsioDispatcher& dispatcher,
                                       HttpCloudMapClientOptions options)
    : dispatcher_(dispatcher), options_(std::move(options)), alive_(std::make_shared<bool>(true)) {
  MESHSIM_CHECK(options_.endpoint.scheme == "http" || options_.endpoint.scheme == "https")
      << "HttpCloudMapClient: unsupported scheme in " << options_.endpoint.ToString();
  if (options_.endpoint.scheme == "https") {
    tls_ = std::make_unique<ssl::context>(ssl::context::tls_client);
    tls_->set_options(ssl::context::no_sslv2 | ssl::context::no_sslv3 | ssl::context::no_tlsv1 |
                      ssl::context::no_tlsv1_1);
    tls_->set_verify_mode(ssl::verify_peer);
    boost::system::error_code ec;
    if (options_.ca_file.empty()) {
      tls_->set_default_verify_paths(ec);
    } else {
      tls_->load_verify_file(options_.ca_file, ec);
    }
    tls_setup_error_ = ec ? "cannot load the trusted CAs (" +
                                (options_.ca_file.empty() ? "system store" : options_.ca_file) +
                                "): " + ec.message()
                          : "";
  }
}

HttpCloudMapClient::~HttpCloudMapClient() { *alive_ = false; }

void HttpCloudMapClient::Send(const std::string& operation, std::string body, RawCallback done) {
  // AWS serves DiscoverInstances* from a "data-" prefixed host (the API's endpoint trait); the
  // SDKs prefix it unless a custom endpoint disables host prefixes.
  bool data_plane = operation.rfind("DiscoverInstances", 0) == 0;
  std::string host = options_.endpoint.host;
  if (data_plane && options_.data_host_prefix) host = "data-" + host;
  HttpEndpoint target = options_.endpoint;
  target.host = host;
  SignableRequest signable{
      .method = "POST",
      .path = "/",
      .headers = {{"Host", target.HostHeader()},
                  {"Content-Type", "application/x-amz-json-1.1"},
                  {"X-Amz-Target", kTargetPrefix + operation}},
      .body = std::move(body)};
  SignRequest(signable, options_.credentials,
              {.region = options_.region, .service = kService, .time = dispatcher_.WallNow()});
  http::request<http::string_body> request(http::verb::post, "/", 11);
  for (const auto& [name, value] : signable.headers) request.set(name, value);
  request.set(http::field::user_agent, "meshsim-live");
  request.body() = std::move(signable.body);
  request.prepare_payload();
  ++requests_sent_;
  if (!tls_setup_error_.empty()) {
    return dispatcher_.Post([done = std::move(done), why = tls_setup_error_] {
      done(Status(StatusCode::kUnavailable, "TlsError", why));
    });
  }
  if (tls_) {
    std::make_shared<Exchange<beast::ssl_stream<beast::tcp_stream>>>(
        dispatcher_.io_context(), tls_.get(), std::move(host), options_.endpoint.port,
        options_.request_timeout, std::move(request), std::move(done))
        ->Start();
  } else {
    std::make_shared<Exchange<beast::tcp_stream>>(
        dispatcher_.io_context(), nullptr, std::move(host), options_.endpoint.port,
        options_.request_timeout, std::move(request), std::move(done))
        ->Start();
  }
}

template <class Resp, class Req>
void HttpCloudMapClient::Call(const char* operation, const Req& req, Callback<Resp> cb) {
  std::weak_ptr<bool> alive = alive_;
  Send(operation, Encode(req), [this, alive, cb = std::move(cb)](Result<RawResponse> raw) {
    if (alive.expired() || !*alive.lock()) return;
    Result<Resp> result = [&]() -> Result<Resp> {
      if (!raw.ok()) return raw.status();
      if (raw->status != 200) return DecodeError(raw->status, raw->body, raw->error_type);
      return Decode<Resp>(raw->body);
    }();
    dispatcher_.Post([alive, cb, result = std::move(result)]() mutable {
      if (!alive.expired() && *alive.lock()) cb(std::move(result));
    });
  });
}

// Every operation: its name is the X-Amz-Target's suffix.
#define MESHSIM_HTTP_CALL(Method, Request, Response)                         \
  void HttpCloudMapClient::Method(const Request& req, Callback<Response> cb) { \
    Call<Response>(#Method, req, std::move(cb));                             \
  }
MESHSIM_CLOUDMAP_OPERATIONS(MESHSIM_HTTP_CALL)
#undef MESHSIM_HTTP_CALL

}  // namespace meshsim::live
