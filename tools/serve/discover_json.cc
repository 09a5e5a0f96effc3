// File: tools/serve/discover_json.cc
#include "tools/serve/discover_json.h"

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

bool AllAscii(const cloudmap::DiscoverInstancesResponse& r) {
  for (const cloudmap::HttpInstanceSummary& i : r.instances) {
    if (!IsAscii(i.instance_id) || !IsAscii(i.namespace_name) || !IsAscii(i.service_name)) {
      return false;
    }
    for (const auto& [key, value] : i.attributes) {
      if (!IsAscii(key) || !IsAscii(value)) return false;
    }
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
  out += ']';
  if (response.instances_revision) {
    out += ",\"InstancesRevision\":";
    out += std::to_string(*response.instances_revision);
  }
  out += '}';
  return out;
}

}  // namespace meshsim::serve
