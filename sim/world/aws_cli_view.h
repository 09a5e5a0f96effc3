// File: sim/world/aws_cli_view.h
//
// What `aws servicediscovery discover-instances ...` prints for a DiscoverInstances response:
// the command line a user would type and the JSON the aws CLI writes (4-space indent, members
// in the API's order, attributes sorted). Shared by `meshsim run`'s verification views and the
// tests that compare them with the walkthrough's output.
//
// Example:
//   std::cout << DiscoverInstancesCommand(req) << "\n" << DiscoverInstancesJson(resp);
#pragma once

#include <string>

#include "controller/api/cloudmap_types.h"

namespace meshsim::world {

// "aws servicediscovery discover-instances --namespace-name NS --service-name S
//  [--query-parameters k=v,...] [--health-status H]"
std::string DiscoverInstancesCommand(const cloudmap::DiscoverInstancesRequest& req);

// The response as the aws CLI prints it, ending in a newline.
std::string DiscoverInstancesJson(const cloudmap::DiscoverInstancesResponse& resp);

// An error as the aws CLI prints it: "An error occurred (Code) when calling the
// DiscoverInstances operation: message".
std::string AwsCliError(const std::string& operation, const std::string& code,
                        const std::string& message);

}  // namespace meshsim::world
