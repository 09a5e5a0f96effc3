#include "controller/aws_api_throttle_flag.h"

#include <charconv>
#include <regex>
#include <sstream>

namespace meshsim::controller {
namespace {

constexpr char kCloudMapServiceId[] = "ServiceDiscovery";  // aws-sdk-go servicediscovery.ServiceID
constexpr char kAppMeshServiceId[] = "App Mesh";           // aws-sdk-go appmesh.ServiceID

Status BadEntry(const std::string& entry, const std::string& why) {
  return Status(StatusCode::kInvalidArgument, "InvalidArgument",
                "aws-api-throttle entry '" + entry + "': " + why +
                    " (expected serviceID:operationRegex=rate:burst, e.g. "
                    "ServiceDiscovery:^RegisterInstance=100:200)");
}

// A positive number, all of `text` ("4", "0.5").
bool ParsePositive(const std::string& text, double* out) {
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, *out);
  return ec == std::errc() && ptr == end && *out > 0;
}

}  // namespace

Result<std::vector<ThrottleRule>> ParseAwsApiThrottle(const std::string& flag) {
  std::vector<ThrottleRule> cloudmap;
  bool names_cloudmap = false;
  std::istringstream entries(flag);
  for (std::string entry; std::getline(entries, entry, ',');) {
    if (entry.empty()) continue;  // a trailing comma, as a shell-built list often has
    size_t colon = entry.find(':');
    size_t equals = entry.rfind('=');
    if (colon == std::string::npos || equals == std::string::npos || equals < colon) {
      return BadEntry(entry, "no serviceID: or =rate:burst");
    }
    std::string service = entry.substr(0, colon);
    std::string pattern = entry.substr(colon + 1, equals - colon - 1);
    std::string limits = entry.substr(equals + 1);
    size_t sep = limits.find(':');
    double rate = 0, burst = 0;
    if (sep == std::string::npos || !ParsePositive(limits.substr(0, sep), &rate) ||
        !ParsePositive(limits.substr(sep + 1), &burst) || burst > 1e9 ||
        burst != static_cast<int>(burst)) {
      return BadEntry(entry, "rate:burst must be a positive rate and a positive whole burst");
    }
    if (pattern.empty()) return BadEntry(entry, "empty operation regex");
    try {
      std::regex check(pattern);
    } catch (const std::regex_error&) {
      return BadEntry(entry, "'" + pattern + "' is not a valid regular expression");
    }
    if (service == kCloudMapServiceId) {
      names_cloudmap = true;
      cloudmap.push_back({pattern, rate, static_cast<int>(burst)});
    } else if (service != kAppMeshServiceId) {
      return BadEntry(entry, "unknown serviceID '" + service + "' (ServiceDiscovery or App Mesh)");
    }
  }
  if (!names_cloudmap) return DefaultCloudMapThrottles();
  return cloudmap;
}

}  // namespace meshsim::controller
