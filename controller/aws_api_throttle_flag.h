// File: controller/aws_api_throttle_flag.h
//
// The controller's --aws-api-throttle flag (pkg/aws/throttle/config.go, spec C):
// "serviceID:operationRegex=rate:burst,..." e.g.
//   "ServiceDiscovery:^RegisterInstance=100:200,ServiceDiscovery:^GetOperation=100:200".
// As in Go, the rules given for a service replace ALL of that service's defaults, in the order
// given. Only Cloud Map ("ServiceDiscovery") calls are throttled in this controller (the App Mesh
// session gets no throttler, spec C), so "App Mesh" rules are checked and then dropped.
// Scale scenarios use it the way operators do: to raise the 4 registrations/s default, which
// needs ~10 h for 150,000 pods (docs/scenario-format.md, settings.controller.aws_api_throttle).
//
// Example:
//   Result<std::vector<ThrottleRule>> rules = ParseAwsApiThrottle("ServiceDiscovery:^Get=10:20");
//   if (!rules.ok()) return rules.status();   // "expected serviceID:operationRegex=rate:burst"
#pragma once

#include <string>
#include <vector>

#include "controller/api/status.h"
#include "controller/throttled_cloudmap_client.h"

namespace meshsim::controller {

// The Cloud Map rules the flag leaves in force: DefaultCloudMapThrottles() when it names no
// "ServiceDiscovery" rule, else exactly the ones it names. An empty flag keeps the defaults.
// Errors (InvalidArgument) name the bad entry and what was expected.
Result<std::vector<ThrottleRule>> ParseAwsApiThrottle(const std::string& flag);

}  // namespace meshsim::controller
