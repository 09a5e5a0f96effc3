// File: tools/serve/http_response_head.cc
#include "tools/serve/http_response_head.h"

#include <algorithm>
#include <charconv>
#include <cstdio>

#include "controller/live/asio.h"

namespace meshsim::serve {
namespace {

void AppendNumber(std::string& out, uint64_t n, int base = 10) {
  char buf[24];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, n, base);
  out.append(buf, end);
}

}  // namespace

std::string RequestId(uint64_t n) {
  char buf[40];
  std::snprintf(buf, sizeof(buf), "00000000-0000-4000-8000-%012llx",
                static_cast<unsigned long long>(n));
  return buf;
}

void WriteResponseHead(std::string& out, const ResponseHead& head) {
  out.clear();
  out += head.version == 10 ? "HTTP/1.0 " : "HTTP/1.1 ";
  AppendNumber(out, static_cast<uint64_t>(head.status));
  out += ' ';
  auto reason = live::http::obsolete_reason(static_cast<live::http::status>(head.status));
  out.append(reason.data(), reason.size());
  out += "\r\nContent-Type: application/x-amz-json-1.1\r\nx-amzn-RequestId: 00000000-0000-4000-8000-";
  char id[16];
  auto [end, ec] = std::to_chars(id, id + sizeof id, head.request_number, 16);
  out.append(static_cast<size_t>(12 - std::min<ptrdiff_t>(12, end - id)), '0');
  out.append(id, end);
  // HTTP/1.1 is kept alive unless it says close; HTTP/1.0 closes unless it says keep-alive.
  if (head.version == 10 && head.keep_alive) out += "\r\nConnection: keep-alive";
  if (head.version != 10 && !head.keep_alive) out += "\r\nConnection: close";
  out += "\r\nContent-Length: ";
  AppendNumber(out, head.content_length);
  out += "\r\n\r\n";
}

}  // namespace meshsim::serve
