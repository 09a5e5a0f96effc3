// File: tools/serve/http_response_head.h
//
// The status line and headers of one `meshsim serve` answer, written into a reused string:
// what Beast's serializer writes for the http::response the server used to build per request
// (a field list, a serializer and its buffer sequence), at a small part of the cost.
// DiscoverInstances answers are the server's hot path; see docs/fake-cloudmap.md, "Benchmarks".
//
// Example:
//   std::string head;
//   WriteResponseHead(head, {.status = 200, .version = 11, .keep_alive = true,
//                            .request_number = 7, .content_length = body.size()});
//   // "HTTP/1.1 200 OK\r\nContent-Type: application/x-amz-json-1.1\r\n
//   //  x-amzn-RequestId: 00000000-0000-4000-8000-000000000007\r\nContent-Length: ...\r\n\r\n"
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace meshsim::serve {

struct ResponseHead {
  int status = 200;
  unsigned version = 11;  // 10 or 11, the request's
  bool keep_alive = true;
  uint64_t request_number = 0;  // the x-amzn-RequestId's counter
  size_t content_length = 0;
};

// Replaces `out` with the head of `head`: the status line, Content-Type, x-amzn-RequestId,
// Connection when the version's default differs from keep_alive, Content-Length, blank line.
void WriteResponseHead(std::string& out, const ResponseHead& head);

// The x-amzn-RequestId of the n-th answer, a UUID-shaped "00000000-0000-4000-8000-<n in hex>".
std::string RequestId(uint64_t n);

}  // namespace meshsim::serve
