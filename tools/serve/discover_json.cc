// File: tools/serve/discover_json.cc
#include "tools/serve/discover_json.h"

#include <algorithm>
#include <string_view>

#include "controller/live/cloudmap_json.h"

namespace meshsim::serve {
namespace {

bool IsAscii(std::string_view s) {
  for (char c : s) {
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  }
  return true;
}

bool SummaryIsAscii(const cloudmap::HttpInstanceSummary& i) {
  if (!IsAscii(i.instance_id) || !IsAscii(i.namespace_name) || !IsAscii(i.service_name)) {
    return false;
  }
  for (const auto& [key, value] : i.attributes) {
    if (!IsAscii(key) || !IsAscii(value)) return false;
  }
  return true;
}

bool AllAscii(const cloudmap::DiscoverInstancesResponse& r) {
  for (const cloudmap::HttpInstanceSummary& i : r.instances) {
    if (!SummaryIsAscii(i)) return false;
  }
  return true;
}

// A JSON string of ASCII `s`, escaped as nlohmann's dump escapes it: the two-character escapes
// for ", \ and \b \f \n \r \t, \u00xx (lowercase hex) for the other control characters.
void PutString(std::string& out, std::string_view s) {
  out += '"';
  size_t plain = 0;  // start of the run of characters that need no escape
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out.append(s.data() + plain, i - plain);
    plain = i + 1;
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default: {
        static constexpr char kHex[] = "0123456789abcdef";
        out += "\\u00";
        out += kHex[c >> 4];
        out += kHex[c & 0xf];
      }
    }
  }
  out.append(s.data() + plain, s.size() - plain);
  out += '"';
}

// Members in nlohmann's (sorted) key order: Attributes, HealthStatus, InstanceId,
// NamespaceName, ServiceName.
void PutSummary(std::string& out, const cloudmap::HttpInstanceSummary& i) {
  out += "{\"Attributes\":{";
  bool first = true;
  for (const auto& [key, value] : i.attributes) {
    if (!first) out += ',';
    first = false;
    PutString(out, key);
    out += ':';
    PutString(out, value);
  }
  out += "},\"HealthStatus\":";
  PutString(out, cloudmap::ToString(i.health_status));
  out += ",\"InstanceId\":";
  PutString(out, i.instance_id);
  out += ",\"NamespaceName\":";
  PutString(out, i.namespace_name);
  out += ",\"ServiceName\":";
  PutString(out, i.service_name);
  out += '}';
}

void PutEnd(std::string& out, const cloudmap::DiscoverInstancesResponse& response) {
  out += ']';
  if (response.instances_revision) {
    out += ",\"InstancesRevision\":";
    out += std::to_string(*response.instances_revision);
  }
  out += '}';
}

constexpr size_t kMaxRememberedBody = 4096;
constexpr size_t kMaxRememberedBodies = 1024;

}  // namespace

std::string EncodeDiscoverInstancesResponse(const cloudmap::DiscoverInstancesResponse& response) {
  if (!AllAscii(response)) return live::Encode(response);
  std::string out;
  out.reserve(64 + response.instances.size() * 512);
  out += "{\"Instances\":[";
  for (size_t n = 0; n < response.instances.size(); ++n) {
    if (n > 0) out += ',';
    PutSummary(out, response.instances[n]);
  }
  PutEnd(out, response);
  return out;
}

Result<DiscoverJsonCache::Request> DiscoverJsonCache::DecodeRequest(std::string_view body) {
  if (auto it = requests_.find(body); it != requests_.end()) return it->second;
  Result<cloudmap::DiscoverInstancesRequest> decoded =
      live::Decode<cloudmap::DiscoverInstancesRequest>(body);
  if (!decoded.ok()) return decoded.status();
  auto request = std::make_shared<const cloudmap::DiscoverInstancesRequest>(std::move(*decoded));
  if (body.size() <= kMaxRememberedBody) {
    if (requests_.size() >= kMaxRememberedBodies) requests_.clear();  // a client varying bodies
    requests_.emplace(std::string(body), request);
  }
  return request;
}

std::string DiscoverJsonCache::EncodeResponse(const cloudmap::DiscoverInstancesResponse& response) {
  if (instances_.size() >= sweep_at_) Sweep();
  ++responses_;
  parts_.clear();
  size_t bytes = 64;
  for (const cloudmap::HttpInstanceSummary& summary : response.instances) {
    const InstanceJson* part = Instance(summary);
    if (part ? !part->ascii : !SummaryIsAscii(summary)) return live::Encode(response);
    parts_.push_back(part);
    bytes += (part ? part->json.size() : 256) + 1;
  }
  std::string out;
  out.reserve(bytes);
  out += "{\"Instances\":[";
  for (size_t n = 0; n < parts_.size(); ++n) {
    if (n > 0) out += ',';
    if (parts_[n]) {
      out += parts_[n]->json;
    } else {
      PutSummary(out, response.instances[n]);
    }
  }
  PutEnd(out, response);
  return out;
}

const DiscoverJsonCache::InstanceJson* DiscoverJsonCache::Instance(
    const cloudmap::HttpInstanceSummary& summary) {
  const std::shared_ptr<const cloudmap::Attributes>& map = summary.attributes.shared();
  if (!map) return nullptr;
  auto [it, added] = instances_.try_emplace(map.get());
  InstanceJson& part = it->second;
  if (!added && part.health_status == summary.health_status &&
      part.instance_id == summary.instance_id && part.service_name == summary.service_name &&
      part.namespace_name == summary.namespace_name) {
    part.response = responses_;
    return &part;
  }
  // The same map answered for another instance, name or health. Not rewritten when this
  // response already uses the entry (it would change an earlier instance's text).
  if (!added && part.response == responses_) return nullptr;
  part.response = responses_;
  part.attributes = map;
  part.instance_id = summary.instance_id;
  part.namespace_name = summary.namespace_name;
  part.service_name = summary.service_name;
  part.health_status = summary.health_status;
  part.ascii = SummaryIsAscii(summary);
  part.json.clear();
  if (part.ascii) PutSummary(part.json, summary);
  return &part;
}

void DiscoverJsonCache::Sweep() {
  std::erase_if(instances_,
                [](const auto& entry) { return entry.second.attributes.use_count() == 1; });
  sweep_at_ = std::max<size_t>(4096, 2 * instances_.size());
}

}  // namespace meshsim::serve
