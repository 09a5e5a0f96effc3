#include "sim/world/aws_cli_view.h"

#include <nlohmann/json.hpp>

namespace meshsim::world {

std::string DiscoverInstancesCommand(const cloudmap::DiscoverInstancesRequest& req) {
  std::string cmd = "aws servicediscovery discover-instances --namespace-name " +
                    req.namespace_name + " --service-name " + req.service_name;
  if (!req.query_parameters.empty()) {
    cmd += " --query-parameters ";
    bool first = true;
    for (const auto& [k, v] : req.query_parameters) {
      cmd += (first ? "" : ",") + k + "=" + v;
      first = false;
    }
  }
  if (req.health_status) cmd += std::string(" --health-status ") + cloudmap::ToString(*req.health_status);
  return cmd;
}

std::string DiscoverInstancesJson(const cloudmap::DiscoverInstancesResponse& resp) {
  // ordered_json keeps members in the API's order; Attributes is a std::map, so it is sorted
  // byte-wise, as the API returns it and the walkthrough shows it.
  nlohmann::ordered_json out;
  out["Instances"] = nlohmann::ordered_json::array();
  for (const auto& inst : resp.instances) {
    nlohmann::ordered_json j;
    j["InstanceId"] = inst.instance_id;
    j["NamespaceName"] = inst.namespace_name;
    j["ServiceName"] = inst.service_name;
    j["HealthStatus"] = cloudmap::ToString(inst.health_status);
    j["Attributes"] = nlohmann::ordered_json::object();
    for (const auto& [k, v] : inst.attributes) j["Attributes"][k] = v;
    out["Instances"].push_back(std::move(j));
  }
  if (resp.instances_revision) out["InstancesRevision"] = *resp.instances_revision;
  return out.dump(4) + "\n";
}

std::string AwsCliError(const std::string& operation, const std::string& code,
                        const std::string& message) {
  return "An error occurred (" + code + ") when calling the " + operation + " operation: " + message +
         "\n";
}

}  // namespace meshsim::world
