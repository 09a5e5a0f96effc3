// File: tools/serve/cloudmap_http_server.cc
#include "tools/serve/cloudmap_http_server.h"

#include <algorithm>
#include <array>
#include <map>
#include <optional>
#include <vector>

#include "tools/serve/cloudmap_operations.h"
#include "tools/serve/http_response_head.h"

namespace meshsim::serve {

// Shared with every session, so a session outliving the server object stays safe.
struct CloudMapHttpServer::State {
  State(asio::io_context& io, ClientForRegion c) : acceptor(io), clients(std::move(c)) {}
  tcp::acceptor acceptor;
  ClientForRegion clients;
  uint64_t served = 0;
  bool stopped = false;
  // DiscoverInstances' decoded bodies and instance JSON (tools/serve/discover_json.h).
  DiscoverJsonCache discover_cache;
  // Hardening (docs/robustness.md): limits, open connections, a way to close each open
  // connection if it is waiting for a request (Shutdown closes those; registered once per
  // connection, not per request), and Shutdown's `done`, run when the last connection closes
  // or the grace timer fires, whichever is first.
  CloudMapHttpServerOptions options;
  size_t open = 0;
  uint64_t sessions = 0;
  std::map<uint64_t, std::function<void()>> close_if_idle;
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
using Clock = std::chrono::steady_clock;

std::string_view View(beast::string_view s) { return {s.data(), s.size()}; }

// One connection. Per request, on a kept-alive connection: one read of whatever arrived, the
// request parsed from it in place (only a request that arrived in pieces is read again), one
// write of the head and body together. Bounds (docs/robustness.md): idle_timeout for the first
// byte of a request; read_timeout from there for the rest (slow-loris clients are dropped) and
// for writing the answer (a client that never reads is dropped); none while the request is with
// Cloud Map. They share one timer that is re-armed only when it fires, not per request.
class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, std::shared_ptr<CloudMapHttpServer::State> state)
      : socket_(std::move(socket)),
        timer_(socket_.get_executor()),
        state_(std::move(state)),
        id_(++state_->sessions),
        limit_(state_->options.max_body_bytes) {
    ++state_->open;
  }
  ~Session() {
    state_->close_if_idle.erase(id_);
    if (--state_->open == 0) state_->Drained();
  }

  // Serves requests until the client or a bound ends the connection.
  void Start() {
    state_->close_if_idle[id_] = [weak = weak_from_this()] {
      if (auto self = weak.lock(); self && self->idle_) self->Close();
    };
    Read();
  }

  // Over max_connections: answered 503 without reading the request, then closed.
  void Reject() {
    keep_alive_ = false;
    Send(ErrorReply(Status(StatusCode::kUnavailable, "ServiceUnavailable",
                           "Too many open connections; retry later")),
         503);
  }

 private:
  static constexpr size_t kReadChunk = 16 * 1024;

  // The current I/O must finish within `limit` from now. Unbound(): no bound (the request is
  // with Cloud Map). Moving the deadline costs no timer call: the timer fires at least every
  // min(read_timeout, idle_timeout), so before any deadline set since it was armed, and then
  // either closes the connection or waits again.
  void Bound(std::chrono::milliseconds limit) {
    deadline_ = Clock::now() + limit;
    if (!timer_armed_ && !closed_) Arm();
  }
  void Unbound() { deadline_ = Clock::time_point::max(); }
  void Arm() {
    timer_armed_ = true;
    auto step = std::min(state_->options.read_timeout, state_->options.idle_timeout);
    timer_.expires_at(std::min(deadline_, Clock::now() + step));
    timer_.async_wait([self = shared_from_this()](beast::error_code ec) {
      self->timer_armed_ = false;
      if (ec || self->closed_ || self->deadline_ == Clock::time_point::max()) return;
      if (Clock::now() >= self->deadline_) return self->Close();  // its pending I/O fails
      self->Arm();
    });
  }

  // Waits for the next request's first bytes (unless a pipelined one is already buffered).
  void Read() {
    if (state_->stopped) return Close();
    if (buffer_.size() > 0) return Parse();
    idle_ = true;
    Bound(state_->options.idle_timeout);
    socket_.async_read_some(buffer_.prepare(kReadChunk),
                            [self = shared_from_this()](beast::error_code ec, size_t n) {
                              self->idle_ = false;
                              if (ec || self->state_->stopped) return self->Close();
                              self->buffer_.commit(n);
                              self->Bound(self->state_->options.read_timeout);
                              self->Parse();
                            });
  }

  // Parses the buffered bytes as a new request; reads what is still missing.
  void Parse() {
    parser_.emplace();
    parser_->eager(true);
    parser_->body_limit(limit_);
    parser_->header_limit(static_cast<std::uint32_t>(state_->options.max_header_bytes));
    beast::error_code ec;
    while (!parser_->is_done() && buffer_.size() > 0) {
      size_t used = parser_->put(buffer_.data(), ec);
      buffer_.consume(used);
      if (ec || used == 0) break;
    }
    if (parser_->is_done()) return OnRead({});
    if (ec && ec != http::error::need_more) return OnRead(ec);
    http::async_read(socket_, buffer_, *parser_,
                     [self = shared_from_this()](beast::error_code ec, size_t) {
                       self->OnRead(ec);
                     });
  }

  void OnRead(beast::error_code ec) {
    Unbound();
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
    const Request& req = parser_->get();
    keep_alive_ = req.keep_alive();
    version_ = req.version();
    if (req.method() != http::verb::post) {
      return Send(ErrorReply(Status(StatusCode::kInvalidArgument, "UnknownOperationException",
                                    "Cloud Map accepts only POST /")));
    }
    auto self = shared_from_this();
    CloudMapClient& client =
        state_->clients(RegionFromAuthorization(View(req[http::field::authorization])));
    // The request stays in the parser until the next one: HandleCloudMapCall reads it first.
    HandleCloudMapCall(
        client, View(req["X-Amz-Target"]), req.body(),
        [self](CloudMapReply r) { self->Send(std::move(r)); }, &state_->discover_cache);
  }

  // Writes the head and the body in one go (one sendmsg for a kept-alive client).
  void Send(CloudMapReply reply, int status_override = 0) {
    if (closed_) return;
    bool keep_alive = keep_alive_ && !state_->stopped;
    body_ = std::move(reply.body);
    WriteResponseHead(head_, {.status = status_override ? status_override : reply.http_status,
                              .version = version_ == 10 ? 10u : 11u,
                              .keep_alive = keep_alive,
                              .request_number = ++state_->served,
                              .content_length = body_.size()});
    Bound(state_->options.read_timeout);
    std::array<asio::const_buffer, 2> buffers{asio::buffer(head_), asio::buffer(body_)};
    asio::async_write(socket_, buffers,
                      [self = shared_from_this(), keep_alive](beast::error_code ec, size_t) {
                        self->Unbound();
                        if (ec || !keep_alive) return self->Close();
                        self->Read();
                      });
  }

  void Close() {
    if (closed_) return;
    closed_ = true;
    timer_.cancel();
    beast::error_code ignored;
    socket_.shutdown(tcp::socket::shutdown_both, ignored);
    socket_.close(ignored);
  }

  tcp::socket socket_;
  asio::steady_timer timer_;
  Clock::time_point deadline_ = Clock::time_point::max();
  bool timer_armed_ = false;
  bool closed_ = false;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  std::string head_;  // the answer being written, kept until the write completes
  std::string body_;
  std::shared_ptr<CloudMapHttpServer::State> state_;
  uint64_t id_;
  size_t limit_;
  bool idle_ = false;  // waiting for a request's first bytes: Shutdown may close it
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
  // Copied: closing may end sessions (and erase their entries) in later handlers only, but a
  // copy keeps the walk safe whatever a close does.
  std::vector<std::function<void()>> closers;
  for (auto& [id, close] : state->close_if_idle) closers.push_back(close);
  for (auto& close : closers) close();
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
        session->Start();
      }
    }
    Accept();
  });
}

}  // namespace meshsim::serve
