#include "fakes/k8s/api_server_core.h"

#include <cstdio>

namespace meshsim::fakes {

std::string ApiServerCore::NewUid() {
  uint64_t hi = random_.NextU64();
  uint64_t lo = random_.NextU64();
  hi = (hi & ~0xF000ULL) | 0x4000ULL;                  // version 4
  lo = (lo & ~(0xC000ULL << 48)) | (0x8000ULL << 48);  // RFC 4122 variant
  char buf[40];
  std::snprintf(buf, sizeof(buf), "%08x-%04x-%04x-%04x-%012llx", static_cast<unsigned>(hi >> 32),
                static_cast<unsigned>((hi >> 16) & 0xFFFF), static_cast<unsigned>(hi & 0xFFFF),
                static_cast<unsigned>(lo >> 48),
                static_cast<unsigned long long>(lo & 0xFFFFFFFFFFFFULL));
  return buf;
}

void ApiServerCore::TraceWrite(std::string_view verb, std::string_view kind, const std::string& key,
                               int64_t resource_version) {
  tracer_.Record(TraceEvent("k8s", "Write")
                     .With("verb", verb)
                     .With("kind", kind)
                     .With("object", key)
                     .With("resource_version", resource_version));
}

}  // namespace meshsim::fakes
