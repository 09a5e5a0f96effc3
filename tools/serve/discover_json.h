// File: tools/serve/discover_json.h
//
// The DiscoverInstances hot path of `meshsim serve`, the call clients poll.
//
// EncodeDiscoverInstancesResponse writes the response body straight into one string, byte for
// byte what live::Encode (nlohmann::json) writes: building a JSON tree of every answered
// instance's attributes and dumping it cost more than the discover itself. Strings with a byte
// outside ASCII take live::Encode's path (it replaces invalid UTF-8), so the output never differs.
//
// DiscoverJsonCache remembers, for one server, what a poller makes it compute again and again
// (docs/fake-cloudmap.md, "Benchmarks"): each answered instance's JSON object, keyed by the
// identity of the attribute map Cloud Map shares with the answer (SharedAttributes: immutable,
// replaced on every re-registration) and checked against the instance's id, names and health;
// and the decoded request of each distinct body. Both are pure functions of what they are keyed
// by, so the answer is the same as without the cache: the discover itself (its visible set per
// reader, health, random order and subset, rate limits, faults, latency and trace) still runs on
// every call.
//
// Example:
//   DiscoverJsonCache cache;
//   Result<DiscoverJsonCache::Request> req = cache.DecodeRequest(body);
//   ... client.DiscoverInstances(**req, ...) ...
//   std::string out = cache.EncodeResponse(*response);  // == EncodeDiscoverInstancesResponse
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "controller/api/cloudmap_types.h"
#include "controller/api/status.h"

namespace meshsim::serve {

std::string EncodeDiscoverInstancesResponse(const cloudmap::DiscoverInstancesResponse& response);

class DiscoverJsonCache {
 public:
  // live::Decode<DiscoverInstancesRequest>(body), remembered by the body's exact bytes (bodies
  // up to 4 KiB, 1,024 of them at most; errors are not remembered). Shared, so a caller may keep
  // it past the next call.
  using Request = std::shared_ptr<const cloudmap::DiscoverInstancesRequest>;
  Result<Request> DecodeRequest(std::string_view body);
  // EncodeDiscoverInstancesResponse(response), from the remembered instance objects.
  std::string EncodeResponse(const cloudmap::DiscoverInstancesResponse& response);

  // Instance objects remembered now (entries whose map Cloud Map no longer holds are dropped
  // once the cache has doubled since it last looked).
  size_t instances_cached() const { return instances_.size(); }

 private:
  struct InstanceJson {
    // Holds the key's map alive, so its address cannot name another map while cached.
    std::shared_ptr<const cloudmap::Attributes> attributes;
    std::string instance_id;
    std::string namespace_name;
    std::string service_name;
    cloudmap::HealthStatus health_status = cloudmap::HealthStatus::kUnknown;
    bool ascii = true;  // false: the response takes live::Encode's path
    uint64_t response = 0;  // the last EncodeResponse that used it
    std::string json;   // {"Attributes":{...},"HealthStatus":...,"ServiceName":...}
  };
  struct BodyHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>()(s); }
  };

  // The remembered object of `summary`, made (again) when missing or stale. Null when the
  // instance has no attribute map to key on.
  const InstanceJson* Instance(const cloudmap::HttpInstanceSummary& summary);
  // Drops the entries whose map only the cache still holds.
  void Sweep();

  std::unordered_map<const cloudmap::Attributes*, InstanceJson> instances_;
  size_t sweep_at_ = 4096;
  uint64_t responses_ = 0;  // EncodeResponse calls so far
  std::unordered_map<std::string, Request, BodyHash, std::equal_to<>> requests_;
  std::vector<const InstanceJson*> parts_;  // EncodeResponse's scratch, kept to reuse its memory
};

}  // namespace meshsim::serve
