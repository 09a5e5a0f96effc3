// The hand-written answer head must be byte for byte what Beast's serializer writes for the
// http::response `meshsim serve` built before (same fields, order, Connection rules).
#include "tools/serve/http_response_head.h"

#include <sstream>

#include <gtest/gtest.h>

#include "controller/live/asio.h"

namespace meshsim::serve {
namespace {

namespace http = live::http;

// What the server wrote before: a Beast response serialized whole; only the head is compared.
std::string BeastHead(int status, unsigned version, bool keep_alive, uint64_t n, size_t length) {
  http::response<http::string_body> res(static_cast<http::status>(status), version);
  res.set(http::field::content_type, "application/x-amz-json-1.1");
  res.set("x-amzn-RequestId", RequestId(n));
  res.keep_alive(keep_alive);
  res.body() = std::string(length, 'x');
  res.prepare_payload();
  std::ostringstream out;
  out << res;
  std::string all = out.str();
  return all.substr(0, all.size() - length);
}

TEST(HttpResponseHead, MatchesBeastForEveryStatusVersionAndKeepAlive) {
  std::string head;
  for (int status : {200, 400, 413, 431, 500, 503}) {
    for (unsigned version : {10u, 11u}) {
      for (bool keep_alive : {true, false}) {
        for (uint64_t n : {uint64_t{1}, uint64_t{0xabcdef}, uint64_t{1} << 52}) {
          for (size_t length : {size_t{0}, size_t{10758}}) {
            WriteResponseHead(head, {.status = status,
                                     .version = version,
                                     .keep_alive = keep_alive,
                                     .request_number = n,
                                     .content_length = length});
            EXPECT_EQ(head, BeastHead(status, version, keep_alive, n, length))
                << status << " HTTP/" << version << " keep_alive=" << keep_alive << " n=" << n;
          }
        }
      }
    }
  }
}

TEST(HttpResponseHead, RequestIdIsUuidShaped) {
  EXPECT_EQ(RequestId(1), "00000000-0000-4000-8000-000000000001");
  EXPECT_EQ(RequestId(0xabc), "00000000-0000-4000-8000-000000000abc");
}

}  // namespace
}  // namespace meshsim::serve
