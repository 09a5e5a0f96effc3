// File: tools/serve/cloudmap_operations.h
//
// The AWS JSON 1.1 service side of Cloud Map without sockets: given the X-Amz-Target header and
// the request body, decodes the request, calls the CloudMapClient and answers an HTTP status and
// a JSON body (the response, or {"__type","Message"} with AWS's status code).
//
// Example:
//   HandleCloudMapCall(client, "Route53AutoNaming_v20170314.GetService", R"({"Id":"srv-1"})",
//                      [](CloudMapReply r) { Send(r.http_status, r.body); });
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "controller/api/cloudmap_client.h"
#include "tools/serve/discover_json.h"

namespace meshsim::serve {

inline constexpr char kCloudMapTargetPrefix[] = "Route53AutoNaming_v20170314.";

struct CloudMapReply {
  int http_status = 200;
  std::string body;
};

// Runs `reply` exactly once: at once for a request that cannot be decoded or names no known
// operation (UnknownOperationException), otherwise from the client's callback. `cache`, when
// given, serves DiscoverInstances' decoding and encoding (the same bytes, less work); it must
// outlive the client's callback.
void HandleCloudMapCall(CloudMapClient& client, std::string_view target, std::string_view body,
                        std::function<void(CloudMapReply)> reply,
                        DiscoverJsonCache* cache = nullptr);

// The error reply of `status` (its AWS code and HTTP status).
CloudMapReply ErrorReply(const Status& status);

// The region of an AWS SigV4 Authorization header's credential scope
// ("Credential=AKID/20240101/us-west-2/servicediscovery/aws4_request"), or "" when absent.
std::string RegionFromAuthorization(std::string_view authorization);

}  // namespace meshsim::serve
