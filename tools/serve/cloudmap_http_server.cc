// File: tools/serve/cloudmap_http_server.cc
#include "tools/serve/cloudmap_http_server.h"

#include <cstdio>
#include <map>
#include <optional>

#include "tools/serve/cloudmap_operations.h"

namespace meshsim::serve {

// Shared with every session, so a session outliving the server object stays safe.
struct CloudMapHttpServer::State {
  State(asio::io_context& io, ClientForRegion c) : acceptor(io), clients(std::move(c)) {}
  tcp::acceptor acceptor;
  ClientForRegion clients;
  uint64_t served = 0;
  bool stopped = false;
  // Hardening (docs/robustness.md): limits, open connections, the closers of the connections
  // waiting for a request (Shutdown closes them), and Shutdown's `done`, run when the last
  // connection closes or the grace timer fires, whichever is first.
  CloudMapHttpServerOptions options;
  size_t open = 0;
  uint64_t sessions = 0;
  std::map<uint64_t, std::function<void()>> idle;
  std::function<void()> on_drained;
  std::shared_ptr<asio::steady_timer> grace;

  void Drained() {
    if (grace) grace->cancel();
    if (!on_drained) return;
    std::function<void()> done = std::move(on_drained);
    on_drained = nullptr;
    done();
  }
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
  Session(tcp::socket socket, std::shared_ptr<CloudMapHttpServer::State> state)
      : stream_(std::move(socket)),
        idle_timer_(stream_.get_executor()),
        state_(std::move(state)),
        id_(++state_->sessions),
        limit_(state_->options.max_body_bytes) {
    ++state_->open;
  }
  ~Session() {
    state_->idle.erase(id_);
    if (--state_->open == 0) state_->Drained();
  }

  // Waits, at most idle_timeout, for the first byte of the next request, then reads it.
  void Read() {
    if (state_->stopped) return Close();
    if (buffer_.size() > 0) return ReadRequest();  // a pipelined request is already here
    state_->idle[id_] = [weak = weak_from_this()] {
      if (auto self = weak.lock()) self->Close();
    };
    idle_timer_.expires_after(state_->options.idle_timeout);
    idle_timer_.async_wait([self = shared_from_this()](beast::error_code ec) {
      if (!ec) self->Close();
    });
    stream_.socket().async_wait(tcp::socket::wait_read,
                                [self = shared_from_this()](beast::error_code ec) {
                                  self->state_->idle.erase(self->id_);
                                  self->idle_timer_.cancel();
                                  if (ec || self->state_->stopped) return self->Close();
                                  self->ReadRequest();
                                });
  }

  // Over max_connections: answered 503 without reading the request, then closed.
  void Reject() {
    keep_alive_ = false;
    Send(ErrorReply(Status(StatusCode::kUnavailable, "ServiceUnavailable",
                           "Too many open connections; retry later")),
         503);
  }

 private:
  // The whole request (line, headers, body) must arrive within read_timeout: a slow-loris
  // client trickling bytes is dropped.
  void ReadRequest() {
    parser_.emplace();
    parser_->body_limit(limit_);
    parser_->header_limit(static_cast<std::uint32_t>(state_->options.max_header_bytes));
    stream_.expires_after(state_->options.read_timeout);
    http::async_read(stream_, buffer_, *parser_,
                     [self = shared_from_this()](beast::error_code ec, size_t) {
                       self->OnRead(ec);
                     });
  }

  void OnRead(beast::error_code ec) {
    if (ec == http::error::body_limit) {
      keep_alive_ = false;
      return Send(ErrorReply(Status(StatusCode::kInvalidArgument, "SerializationException",
                                    "Request body exceeds " + std::to_string(limit_) + " bytes")),
                  413);
    }
    if (ec == http::error::header_limit) {
      keep_alive_ = false;
      return Send(ErrorReply(Status(StatusCode::kInvalidArgument, "SerializationException",
                                    "Request headers exceed " +
                                        std::to_string(state_->options.max_header_bytes) +
                                        " bytes")),
                  431);
    }
    if (ec && ec != http::error::end_of_stream && ec != http::error::partial_message &&
        ec.category() == http::make_error_code(http::error::bad_method).category()) {
      keep_alive_ = false;  // not HTTP/1.1: answer once, AWS-shaped, and hang up
      return Send(ErrorReply(Status(StatusCode::kInvalidArgument, "SerializationException",
                                    "Malformed HTTP request: " + ec.message())),
                  400);
    }
    if (ec) return Close();  // timeout (slow client), reset, or closed between requests
    Request req = parser_->release();
    keep_alive_ = req.keep_alive();
    version_ = req.version();
    if (req.method() != http::verb::post) {
      return Send(ErrorReply(Status(StatusCode::kInvalidArgument, "UnknownOperationException",
                                    "Cloud Map accepts only POST /")));
    }
    std::string target(req["X-Amz-Target"]);
    auto self = shared_from_this();
    std::string authorization(req[http::field::authorization]);
    CloudMapClient& client = state_->clients(RegionFromAuthorization(authorization));
    HandleCloudMapCall(client, target, req.body(),
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
    stream_.expires_after(state_->options.read_timeout);  // a client that never reads is dropped
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
  asio::steady_timer idle_timer_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  std::shared_ptr<CloudMapHttpServer::State> state_;
  uint64_t id_;
  size_t limit_;
  bool keep_alive_ = true;
  unsigned version_ = 11;
};

}  // namespace

CloudMapHttpServer::CloudMapHttpServer(asio::io_context& io, CloudMapClient& client,
                                       CloudMapHttpServerOptions options)
    : CloudMapHttpServer(
          io, [&client](const std::string&) -> CloudMapClient& { return client; },
          std::move(options)) {}

CloudMapHttpServer::CloudMapHttpServer(asio::io_context& io, ClientForRegion clients,
                                       CloudMapHttpServerOptions options)
    : io_(io),
      options_(std::move(options)),
      state_(std::make_shared<State>(io, std::move(clients))) {
  state_->options = options_;
}

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

void CloudMapHttpServer::Shutdown(std::function<void()> done) {
  Stop();
  std::shared_ptr<State> state = state_;
  std::map<uint64_t, std::function<void()>> idle = std::move(state->idle);
  state->idle.clear();
  for (auto& [id, close] : idle) close();  // their sessions end in later handlers
  if (state->open == 0) return done();
  state->on_drained = std::move(done);
  state->grace = std::make_shared<asio::steady_timer>(io_, options_.shutdown_grace);
  state->grace->async_wait([state](beast::error_code ec) {
    if (!ec) state->Drained();
  });
}

size_t CloudMapHttpServer::open_connections() const { return state_->open; }

std::string CloudMapHttpServer::url() const {
  bool v6 = options_.bind.find(':') != std::string::npos;
  return "http://" + (v6 ? "[" + options_.bind + "]" : options_.bind) + ":" +
         std::to_string(port_);
}

uint64_t CloudMapHttpServer::requests_served() const { return state_->served; }

void CloudMapHttpServer::Accept() {
  std::shared_ptr<State> state = state_;
  state->acceptor.async_accept([this, state](beast::error_code ec, tcp::socket socket) {
    if (state->stopped) return;
    if (!ec) {
      // Each answer goes out in one write; do not let Nagle hold a short one back.
      beast::error_code ignored;
      socket.set_option(tcp::no_delay(true), ignored);
      auto session = std::make_shared<Session>(std::move(socket), state);
      if (state->open > state->options.max_connections) {
        session->Reject();
      } else {
        session->Read();
      }
    }
    Accept();
  });
}

}  // namespace meshsim::serve
