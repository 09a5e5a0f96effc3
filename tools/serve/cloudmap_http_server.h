// File: tools/serve/cloudmap_http_server.h
//
// Serves a CloudMapClient over the AWS JSON 1.1 protocol with Boost.Beast, the way the aws CLI
// and the AWS SDKs call Cloud Map: POST / with X-Amz-Target Route53AutoNaming_v20170314.<Op>.
// Answers application/x-amz-json-1.1 with an x-amzn-RequestId; errors carry AWS's __type and
// status (400, 500 InternalFailure, 503 ServiceUnavailable); a body over max_body_bytes is
// answered 413 SerializationException. Any Host is accepted (the CLI prefixes DiscoverInstances
// with "data-"); signatures are not checked, but the region of the SigV4 credential scope picks
// the client (so ARNs carry the request's region). Connections are kept alive as HTTP/1.1 asks.
//
// Example:
//   asio::io_context io;
//   CloudMapHttpServer server(io, *client, {.port = 0});
//   if (Status s = server.Start(); !s.ok()) return Fail(s);
//   std::cout << server.url() << "\n";
//   io.run();
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "controller/api/cloudmap_client.h"
#include "controller/api/status.h"
#include "controller/live/asio.h"

namespace meshsim::serve {

namespace asio = live::asio;
namespace beast = live::beast;
namespace http = live::http;
using live::tcp;

// The client that serves a request signed for `region` ("" when the request is unsigned).
using ClientForRegion = std::function<CloudMapClient&(const std::string& region)>;

struct CloudMapHttpServerOptions {
  std::string bind = "127.0.0.1";
  uint16_t port = 0;  // 0: pick a free port
  size_t max_body_bytes = 1 << 20;
  // Hardening against hostile or broken clients (docs/robustness.md): the request line and
  // headers together; the time a request may take to arrive once its first byte did (slow-loris
  // clients are dropped); the time a kept-alive connection may wait for its next request; the
  // connections open at once (more are answered 503 ServiceUnavailable and closed); and how long
  // Shutdown waits for in-flight requests.
  size_t max_header_bytes = 16 * 1024;
  std::chrono::milliseconds read_timeout{10'000};
  std::chrono::milliseconds idle_timeout{60'000};
  size_t max_connections = 256;
  std::chrono::milliseconds shutdown_grace{10'000};
};

class CloudMapHttpServer {
 public:
  // REQUIRES: `io` and `client` outlive this object; `client`'s callbacks run on `io`.
  CloudMapHttpServer(asio::io_context& io, CloudMapClient& client,
                     CloudMapHttpServerOptions options);
  // REQUIRES: `io` and every client `clients` returns outlive this object.
  CloudMapHttpServer(asio::io_context& io, ClientForRegion clients,
                     CloudMapHttpServerOptions options);
  ~CloudMapHttpServer();
  CloudMapHttpServer(const CloudMapHttpServer&) = delete;
  CloudMapHttpServer& operator=(const CloudMapHttpServer&) = delete;

  // Binds and starts accepting. Fails (kUnavailable) when the address cannot be bound.
  Status Start();
  // Stops accepting; open connections finish their current exchange and close.
  void Stop();
  // Graceful shutdown: Stop(), close the connections waiting for a request, and run `done` once
  // the requests in flight are answered (or after options.shutdown_grace at the latest).
  void Shutdown(std::function<void()> done);
  // Connections open now.
  size_t open_connections() const;

  // The bound port (the chosen one when options.port was 0). Valid after Start().
  uint16_t port() const { return port_; }
  // "http://127.0.0.1:PORT".
  std::string url() const;
  // Requests answered so far.
  uint64_t requests_served() const;

 // Shared with every connection; public only so the .cc's session class can name it.
  struct State;

 private:
  void Accept();

  asio::io_context& io_;
  CloudMapHttpServerOptions options_;
  std::shared_ptr<State> state_;
  uint16_t port_ = 0;
};

}  // namespace meshsim::serve
