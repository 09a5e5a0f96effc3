#include "fakes/appmesh/instance_endpoints.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace meshsim::fakes {
namespace {

using cloudmap::HealthStatus;

cloudmap::HttpInstanceSummary Instance(const std::string& id, cloudmap::Attributes attributes,
                                       HealthStatus health = HealthStatus::kHealthy) {
  return {.instance_id = id, .namespace_name = "ns", .service_name = "svc",
          .health_status = health, .attributes = std::move(attributes)};
}

TEST(InstanceEndpoints, ReadsAddressAndPortSkipsUnroutableAndSorts) {
  std::vector<cloudmap::HttpInstanceSummary> answer = {
      Instance("c", {{"AWS_INSTANCE_IPV4", "10.0.0.3"}, {"AWS_INSTANCE_PORT", "9090"}}),
      Instance("none", {{"color", "blue"}}),
      Instance("empty", {{"AWS_INSTANCE_IPV4", ""}}),
      Instance("a", {{"AWS_INSTANCE_IPV4", "10.0.0.1"}}, HealthStatus::kUnhealthy),
      Instance("zero", {{"AWS_INSTANCE_IPV4", "10.0.0.2"}, {"AWS_INSTANCE_PORT", "0"}}),
      Instance("junk", {{"AWS_INSTANCE_IPV4", "10.0.0.4"}, {"AWS_INSTANCE_PORT", "80x"}}),
      Instance("bare", {}),
  };
  InstanceEndpoints convert;
  EXPECT_EQ(convert.Convert(answer, 8080),
            (std::vector<Endpoint>{{"10.0.0.1", 8080, HealthStatus::kUnhealthy},
                                   {"10.0.0.2", 8080, HealthStatus::kHealthy},
                                   {"10.0.0.3", 9090, HealthStatus::kHealthy},
                                   {"10.0.0.4", 8080, HealthStatus::kHealthy}}));
}

// What a map said is remembered by the map's identity: a later answer with the same maps gets
// the same endpoints (with its own health and the listener port of now), and a replaced map
// (a re-registration makes a new one) is read again.
TEST(InstanceEndpoints, RemembersSharedMapsAndReadsReplacedOnes) {
  cloudmap::SharedAttributes a = cloudmap::Attributes{{"AWS_INSTANCE_IPV4", "10.0.0.1"}};
  cloudmap::SharedAttributes b =
      cloudmap::Attributes{{"AWS_INSTANCE_IPV4", "10.0.0.2"}, {"AWS_INSTANCE_PORT", "9090"}};
  auto instance = [](const std::string& id, const cloudmap::SharedAttributes& attrs,
                     HealthStatus h) {
    return cloudmap::HttpInstanceSummary{.instance_id = id, .health_status = h,
                                         .attributes = attrs};
  };
  InstanceEndpoints convert;
  convert.Convert(
      {instance("a", a, HealthStatus::kHealthy), instance("b", b, HealthStatus::kHealthy)}, 8080);
  EXPECT_EQ(convert.Convert({instance("b", b, HealthStatus::kUnhealthy),
                             instance("a", a, HealthStatus::kHealthy)},
                            7070),
            (std::vector<Endpoint>{{"10.0.0.1", 7070, HealthStatus::kHealthy},
                                   {"10.0.0.2", 9090, HealthStatus::kUnhealthy}}));
  a = cloudmap::Attributes{{"AWS_INSTANCE_IPV4", "10.0.0.9"}};  // a new map for "a"
  EXPECT_EQ(convert.Convert({instance("a", a, HealthStatus::kHealthy)}, 7070),
            (std::vector<Endpoint>{{"10.0.0.9", 7070, HealthStatus::kHealthy}}));
  // Maps released meanwhile: new maps (whatever their address) are read, not looked up.
  for (int i = 0; i < 50; ++i) {
    std::string ip = "10.0.1." + std::to_string(i);
    cloudmap::SharedAttributes fresh = cloudmap::Attributes{{"AWS_INSTANCE_IPV4", ip}};
    std::vector<Endpoint> got = convert.Convert({instance("x", fresh, HealthStatus::kHealthy)}, 80);
    ASSERT_EQ(got.size(), 1u);
    EXPECT_EQ(got[0].address, ip);
  }
}

}  // namespace
}  // namespace meshsim::fakes
