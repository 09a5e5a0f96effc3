// File: tools/serve/discover_json.h
//
// The DiscoverInstances response body written straight into one string, byte for byte what
// live::Encode (nlohmann::json) writes. DiscoverInstances is the call clients poll; building a
// JSON tree of every answered instance's attributes and then dumping it cost more than the
// discover itself. Strings with a byte outside ASCII take live::Encode's path (it replaces
// invalid UTF-8), so the output never differs.
//
// Example:
//   std::string body = EncodeDiscoverInstancesResponse(*response);  // {"Instances":[...],...}
#pragma once

#include <string>

#include "controller/api/cloudmap_types.h"

namespace meshsim::serve {

std::string EncodeDiscoverInstancesResponse(const cloudmap::DiscoverInstancesResponse& response);

}  // namespace meshsim::serve
