// File: tests/controller/live/test_http_server.h
//
// A tiny HTTP/1.1 server for tests of the live client: listens on 127.0.0.1 on a free port,
// on the test's io_context, records each request and answers it with whatever the test's
// handler returns (or, with `hang`, never answers). One request per connection.
//
// Example:
//   TestHttpServer server(dispatcher.io_context(), [](const TestHttpServer::Request& r) {
//     return TestHttpServer::Response{200, R"({"Namespaces":[]})"};
//   });
//   ... client to "http://127.0.0.1:" + std::to_string(server.port()) ...
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "controller/live/asio.h"

namespace meshsim::live {

class TestHttpServer {
 public:
  using Request = http::request<http::string_body>;
  struct Response {
    int status = 200;
    std::string body;
    std::string error_type;  // x-amzn-ErrorType, when set
  };
  // Returns nullopt to leave the request unanswered (the connection stays open).
  using Handler = std::function<std::optional<Response>(const Request&)>;

  TestHttpServer(asio::io_context& io, Handler handler)
      : acceptor_(io, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0)),
        handler_(std::move(handler)) {
    Accept();
  }
  uint16_t port() const { return acceptor_.local_endpoint().port(); }
  const std::vector<Request>& requests() const { return requests_; }
  void Close() { acceptor_.close(); }

 private:
  struct Session {
    explicit Session(tcp::socket s) : socket(std::move(s)) {}
    tcp::socket socket;
    beast::flat_buffer buffer;
    Request request;
    http::response<http::string_body> response;
  };

  void Accept() {
    acceptor_.async_accept([this](boost::system::error_code ec, tcp::socket socket) {
      if (ec) return;
      auto s = std::make_shared<Session>(std::move(socket));
      sessions_.push_back(s);  // kept open until the server dies (for unanswered requests)
      http::async_read(s->socket, s->buffer, s->request, [this, s](auto ec, size_t) {
        if (!ec) Answer(s);
      });
      Accept();
    });
  }

  void Answer(const std::shared_ptr<Session>& s) {
    requests_.push_back(s->request);
    std::optional<Response> r = handler_(s->request);
    if (!r) return;
    s->response.result(static_cast<unsigned>(r->status));
    s->response.version(11);
    s->response.set(http::field::content_type, "application/x-amz-json-1.1");
    if (!r->error_type.empty()) s->response.set("x-amzn-ErrorType", r->error_type);
    s->response.body() = r->body;
    s->response.keep_alive(false);
    s->response.prepare_payload();
    http::async_write(s->socket, s->response, [s](auto, size_t) {
      boost::system::error_code ignored;
      s->socket.shutdown(tcp::socket::shutdown_both, ignored);
    });
  }

  tcp::acceptor acceptor_;
  Handler handler_;
  std::vector<Request> requests_;
  std::vector<std::shared_ptr<Session>> sessions_;
};

}  // namespace meshsim::live
