// `meshsim serve`'s HTTP layer against hostile or broken clients, over real loopback sockets:
// raw POSIX sockets in the test thread (so a test can send anything, or nothing), the server and
// a FakeCloudMap on an io_context in a second thread. Limits and timeouts are set small so each
// case is quick; every wait is bounded by a socket receive timeout, never a sleep.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <atomic>
#include <string>
#include <thread>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "controller/live/asio_dispatcher.h"
#include "fakes/cloudmap/fake_cloudmap.h"
#include "tests/support/recording_tracer.h"
#include "tests/support/test_random.h"
#include "tools/serve/cloudmap_http_server.h"

namespace meshsim::serve {
namespace {

using meshsim::testing::RecordingTracer;
using meshsim::testing::TestRandom;
using nlohmann::json;
using std::chrono::milliseconds;

// A blocking client socket whose reads give up after 10 s (a bound, not a timing).
class RawClient {
 public:
  explicit RawClient(uint16_t port) {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    timeval tv{10, 0};
    setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    connected_ = connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  }
  ~RawClient() { close(fd_); }
  bool connected() const { return connected_; }
  void Send(const std::string& bytes) {
    size_t sent = 0;
    while (sent < bytes.size()) {
      ssize_t n = send(fd_, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
      if (n <= 0) return;  // the server may hang up first; the reply tells
      sent += static_cast<size_t>(n);
    }
  }
  // Everything until the server closes the connection; "TIMEOUT" if it stays open 10 s.
  std::string ReadUntilClosed() {
    std::string got;
    char buf[4096];
    for (;;) {
      ssize_t n = recv(fd_, buf, sizeof buf, 0);
      if (n > 0) {
        got.append(buf, static_cast<size_t>(n));
        continue;
      }
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return "TIMEOUT";
      return got;  // closed (0) or reset
    }
  }
  // One response whose body is complete, for keep-alive connections.
  std::string ReadResponse() {
    std::string got;
    char buf[4096];
    for (;;) {
      size_t head = got.find("\r\n\r\n");
      if (head != std::string::npos) {
        size_t cl = got.find("Content-Length: ");
        size_t length = cl == std::string::npos ? 0 : std::stoul(got.substr(cl + 16));
        if (got.size() >= head + 4 + length) return got;
      }
      ssize_t n = recv(fd_, buf, sizeof buf, 0);
      if (n <= 0) return got;
      got.append(buf, static_cast<size_t>(n));
    }
  }

 private:
  int fd_ = -1;
  bool connected_ = false;
};

std::string Post(const std::string& target, const std::string& body, bool close = true) {
  std::string r = "POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-amz-json-1.1\r\n";
  if (!target.empty()) r += "X-Amz-Target: Route53AutoNaming_v20170314." + target + "\r\n";
  if (close) r += "Connection: close\r\n";
  return r + "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
}

int StatusOf(const std::string& response) {
  return response.rfind("HTTP/1.1 ", 0) == 0 ? std::stoi(response.substr(9, 3)) : 0;
}

// The AWS error type of a response, "" when the body is not an AWS-shaped error.
std::string TypeOf(const std::string& response) {
  size_t head = response.find("\r\n\r\n");
  if (head == std::string::npos) return "";
  json body = json::parse(response.substr(head + 4), nullptr, /*allow_exceptions=*/false);
  if (!body.is_object() || !body.contains("Message")) return "";
  return body.value("__type", "");
}

class ServeHardeningTest : public ::testing::Test {
 protected:
  void Start(CloudMapHttpServerOptions options) {
    server_.emplace(
        dispatcher_.io_context(),
        [this](const std::string&) -> CloudMapClient& {
          if (on_request_) on_request_();
          return *client_;
        },
        options);
    ASSERT_TRUE(server_->Start().ok());
    thread_ = std::thread([this] { dispatcher_.RunFor(std::chrono::seconds(60)); });
  }
  void TearDown() override {
    if (!thread_.joinable()) return;
    asio::post(dispatcher_.io_context(), [this] {
      server_->Stop();
      dispatcher_.Stop();
    });
    thread_.join();
  }
  uint16_t port() const { return server_->port(); }

  live::AsioDispatcher dispatcher_;
  TestRandom random_;
  RecordingTracer tracer_;
  fakes::FakeCloudMap cloudmap_{dispatcher_, random_, tracer_, fakes::CloudMapOptions{}};
  std::unique_ptr<CloudMapClient> client_ = cloudmap_.NewClient("aws-cli");
  std::function<void()> on_request_;  // runs on the server's thread as each request is read
  std::optional<CloudMapHttpServer> server_;
  std::thread thread_;
};

TEST_F(ServeHardeningTest, BodyOverTheLimitIs413SerializationException) {
  Start({.max_body_bytes = 1024});
  RawClient c(port());
  c.Send(Post("ListServices", std::string(4096, ' ')));
  std::string r = c.ReadUntilClosed();
  EXPECT_EQ(StatusOf(r), 413) << r;
  EXPECT_EQ(TypeOf(r), "SerializationException") << r;
}

TEST_F(ServeHardeningTest, HeadersOverTheLimitAre431SerializationException) {
  Start({.max_header_bytes = 1024});
  RawClient c(port());
  c.Send("POST / HTTP/1.1\r\nHost: x\r\nX-Padding: " + std::string(4096, 'a') + "\r\n\r\n");
  std::string r = c.ReadUntilClosed();
  EXPECT_EQ(StatusOf(r), 431) << r;
  EXPECT_EQ(TypeOf(r), "SerializationException") << r;
}

TEST_F(ServeHardeningTest, MalformedHttpIs400AndTheConnectionCloses) {
  Start({});
  RawClient c(port());
  c.Send("NOT HTTP AT ALL\r\n\r\n");
  std::string r = c.ReadUntilClosed();
  EXPECT_EQ(StatusOf(r), 400) << r;
  EXPECT_EQ(TypeOf(r), "SerializationException") << r;
}

TEST_F(ServeHardeningTest, BadRequestsGetAwsShapedErrorsOnOneKeptAliveConnection) {
  Start({});
  RawClient c(port());
  struct Case {
    std::string target, body, type;
  };
  for (const Case& k : {Case{"ListServices", "{not json", "SerializationException"},
                        Case{"GetService", R"({"Id": 5})", "SerializationException"},
                        Case{"GetService", R"([1, 2])", "SerializationException"},
                        Case{"GetService", "{}", "InvalidInput"},
                        Case{"NoSuchOperation", "{}", "UnknownOperationException"},
                        Case{"", "{}", "UnknownOperationException"}}) {
    c.Send(Post(k.target, k.body, /*close=*/false));
    std::string r = c.ReadResponse();
    EXPECT_EQ(StatusOf(r), 400) << k.target << " " << k.body << "\n" << r;
    EXPECT_EQ(TypeOf(r), k.type) << k.target << " " << k.body << "\n" << r;
  }
  c.Send(Post("ListNamespaces", "{}"));  // the connection still serves good requests
  EXPECT_EQ(StatusOf(c.ReadUntilClosed()), 200);
}

TEST_F(ServeHardeningTest, SlowLorisClientIsDropped) {
  Start({.read_timeout = milliseconds(200)});
  RawClient c(port());
  c.Send("POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Amz-Target: Route53AutoNaming_v20170314.");
  // Never finishes the headers: the server hangs up after read_timeout, well before 10 s.
  EXPECT_EQ(c.ReadUntilClosed(), "");
}

TEST_F(ServeHardeningTest, IdleConnectionIsClosed) {
  Start({.idle_timeout = milliseconds(200)});
  RawClient c(port());
  c.Send(Post("ListNamespaces", "{}", /*close=*/false));
  EXPECT_EQ(StatusOf(c.ReadResponse()), 200);
  EXPECT_EQ(c.ReadUntilClosed(), "");  // kept alive, then closed for idling
}

TEST_F(ServeHardeningTest, ConnectionsOverTheBoundGet503) {
  Start({.max_connections = 2});
  RawClient a(port()), b(port());
  ASSERT_TRUE(a.connected() && b.connected());
  // Prove both are accepted (and counted) before the third connects.
  a.Send(Post("ListNamespaces", "{}", /*close=*/false));
  ASSERT_EQ(StatusOf(a.ReadResponse()), 200);
  b.Send(Post("ListNamespaces", "{}", /*close=*/false));
  ASSERT_EQ(StatusOf(b.ReadResponse()), 200);
  RawClient c(port());
  std::string r = c.ReadUntilClosed();
  EXPECT_EQ(StatusOf(r), 503) << r;
  EXPECT_EQ(TypeOf(r), "ServiceUnavailable") << r;
}

TEST_F(ServeHardeningTest, GracefulShutdownAnswersInFlightRequestsAndClosesIdleOnes) {
  std::atomic<bool> done{false};
  bool posted = false;  // touched on the server's thread only
  on_request_ = [this, &done, &posted] {
    if (posted) return;
    posted = true;
    // The request is read and about to reach the fake (15-40 ms of latency): shut down now,
    // with it in flight.
    asio::post(dispatcher_.io_context(), [this, &done] {
      server_->Shutdown([this, &done] {
        done = true;
        dispatcher_.Stop();
      });
    });
  };
  Start({});
  RawClient idle(port());
  ASSERT_TRUE(idle.connected());
  RawClient busy(port());
  busy.Send(Post("ListNamespaces", "{}", /*close=*/false));
  std::string r = busy.ReadUntilClosed();  // answered, then closed (no keep-alive when stopping)
  EXPECT_EQ(StatusOf(r), 200) << r;
  EXPECT_EQ(idle.ReadUntilClosed(), "");
  thread_.join();
  EXPECT_TRUE(done);
  EXPECT_EQ(server_->open_connections(), 0u);
}

}  // namespace
}  // namespace meshsim::serve
