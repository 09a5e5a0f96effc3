#include "sim/world/aws_cli_view.h"

#include <gtest/gtest.h>

namespace meshsim::world {
namespace {

TEST(DiscoverInstancesJson, PrintsLikeTheAwsCli) {
  cloudmap::DiscoverInstancesResponse resp;
  resp.instances.push_back({.instance_id = "192.168.59.249",
                            .namespace_name = "howto-k8s-cloudmap.pvt.aws.local",
                            .service_name = "front",
                            .health_status = cloudmap::HealthStatus::kHealthy,
                            .attributes = {{"version", "v1"}, {"AWS_INSTANCE_IPV4", "192.168.59.249"},
                                           {"app", "front"}}});
  resp.instances_revision = 3;
  EXPECT_EQ(DiscoverInstancesJson(resp),
            "{\n"
            "    \"Instances\": [\n"
            "        {\n"
            "            \"InstanceId\": \"192.168.59.249\",\n"
            "            \"NamespaceName\": \"howto-k8s-cloudmap.pvt.aws.local\",\n"
            "            \"ServiceName\": \"front\",\n"
            "            \"HealthStatus\": \"HEALTHY\",\n"
            "            \"Attributes\": {\n"
            "                \"AWS_INSTANCE_IPV4\": \"192.168.59.249\",\n"
            "                \"app\": \"front\",\n"
            "                \"version\": \"v1\"\n"
            "            }\n"
            "        }\n"
            "    ],\n"
            "    \"InstancesRevision\": 3\n"
            "}\n");
}

TEST(DiscoverInstancesJson, EmptyResultIsAnEmptyList) {
  EXPECT_EQ(DiscoverInstancesJson({}), "{\n    \"Instances\": []\n}\n");
}

TEST(DiscoverInstancesCommand, SpellsTheCliFlags) {
  cloudmap::DiscoverInstancesRequest req{.namespace_name = "ns.local", .service_name = "colorapp",
                                         .query_parameters = {{"version", "blue"}}};
  EXPECT_EQ(DiscoverInstancesCommand(req),
            "aws servicediscovery discover-instances --namespace-name ns.local --service-name "
            "colorapp --query-parameters version=blue");
}

TEST(AwsCliError, UsesTheCliSentence) {
  EXPECT_EQ(AwsCliError("DiscoverInstances", "ServiceNotFound", "Service not found."),
            "An error occurred (ServiceNotFound) when calling the DiscoverInstances operation: "
            "Service not found.\n");
}

}  // namespace
}  // namespace meshsim::world
