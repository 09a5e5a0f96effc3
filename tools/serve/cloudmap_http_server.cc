// File: tools/serve/cloudmap_http_server.cc
#include "tools/serve/cloudmap_http_server.h"

#include <cstdio>
#include <optional>

#include "tools/serve/cloudmap_operations.h"

namespace meshsim::serve {

// Shared with every session, so a session outliving the server object stays safe.
struct CloudMapHttpServer::State {
  State(asio::io_context& io, CloudMapClient& c) : acceptor(io), client(&c) {}
  tcp::acceptor acceptor;
  CloudMapClient* client;
  uint64_t served = 0;
  bool stopped = false;
};

namespace {

using Request = http::request<http::string_body>;
using Response = http::response<http::string_body>;

std::string RequestId(uint64_t n) {
  char buf[40];
  std::snprintf(buf, sizeof(buf), "00000000-0000-4000-8000-%012llx",
                static_cast<unsigned long long>(n));
  return buf;
}

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, std::shared_ptr<CloudMapHttpServer::State> state, size_t limit)
      : stream_(std::move(socket)), state_(std::move(state)), limit_(limit) {}

  void Read() {
    parser_.emplace();
    parser_->body_limit(limit_);
    parser_->header_limit(64 * 1024);
    http::async_read(stream_, buffer_, *parser_,
                     [self = shared_from_this()](beast::error_code ec, size_t) {
                       self->OnRead(ec);
                     });
  }

 private:
  void OnRead(beast::error_code ec) {
    if (ec == http::error::body_limit) {
      keep_alive_ = false;
      return Send(ErrorReply(Status(StatusCode::kInvalidArgument, "SerializationException",
                                    "Request body exceeds " + std::to_string(limit_) + " bytes")),
                  413);
    }
    if (ec) return Close();
    Request req = parser_->release();
    keep_alive_ = req.keep_alive();
    version_ = req.version();
    if (req.method() != http::verb::post) {
      return Send(ErrorReply(Status(StatusCode::kInvalidArgument, "UnknownOperationException",
                                    "Cloud Map accepts only POST /")));
    }
    std::string target(req["X-Amz-Target"]);
    auto self = shared_from_this();
    HandleCloudMapCall(*state_->client, target, req.body(),
                       [self](CloudMapReply r) { self->Send(std::move(r)); });
  }

  void Send(CloudMapReply reply, int status_override = 0) {
    auto res = std::make_shared<Response>(
        static_cast<http::status>(status_override ? status_override : reply.http_status),
        version_ ? version_ : 11);
    res->set(http::field::content_type, "application/x-amz-json-1.1");
    res->set("x-amzn-RequestId", RequestId(++state_->served));
    res->keep_alive(keep_alive_ && !state_->stopped);
    res->body() = std::move(reply.body);
    res->prepare_payload();
    http::async_write(stream_, *res,
                      [self = shared_from_this(), res](beast::error_code ec, size_t) {
                        if (ec || !res->keep_alive()) return self->Close();
                        self->Read();
                      });
  }

  void Close() {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
    stream_.socket().close(ignored);
  }

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  std::shared_ptr<CloudMapHttpServer::State> state_;
  size_t limit_;
  bool keep_alive_ = true;
  unsigned version_ = 11;
};

}  // namespace

CloudMapHttpServer::CloudMapHttpServer(asio::io_context& io, CloudMapClient& client,
                                       CloudMapHttpServerOptions options)
    : io_(io), options_(std::move(options)), state_(std::make_shared<State>(io, client)) {}

CloudMapHttpServer::~CloudMapHttpServer() { Stop(); }

Status CloudMapHttpServer::Start() {
  beast::error_code ec;
  asio::ip::address address = asio::ip::make_address(options_.bind, ec);
  if (ec) return Status(StatusCode::kInvalidArgument, "BadAddress", "bad --bind address " + options_.bind);
  tcp::endpoint endpoint(address, options_.port);
  tcp::acceptor& a = state_->acceptor;
  a.open(endpoint.protocol(), ec);
  if (!ec) a.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) a.bind(endpoint, ec);
  if (!ec) a.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    return Status(StatusCode::kUnavailable, "BindFailed",
                  "cannot listen on " + options_.bind + ":" + std::to_string(options_.port) +
                      ": " + ec.message());
  }
  port_ = a.local_endpoint().port();
  Accept();
  return Status::Ok();
}

void CloudMapHttpServer::Stop() {
  state_->stopped = true;
  beast::error_code ignored;
  state_->acceptor.close(ignored);
}

std::string CloudMapHttpServer::url() const {
  bool v6 = options_.bind.find(':') != std::string::npos;
  return "http://" + (v6 ? "[" + options_.bind + "]" : options_.bind) + ":" +
         std::to_string(port_);
}

uint64_t CloudMapHttpServer::requests_served() const { return state_->served; }

void CloudMapHttpServer::Accept() {
  std::shared_ptr<State> state = state_;
  size_t limit = options_.max_body_bytes;
  state->acceptor.async_accept([this, state, limit](beast::error_code ec, tcp::socket socket) {
    if (state->stopped) return;
    if (!ec) std::make_shared<Session>(std::move(socket), state, limit)->Read();
    Accept();
  });
}

}  // namespace meshsim::serve
