// The hand-written DiscoverInstances body must be byte for byte what live::Encode writes, for
// every shape a response can take (escapes, empty maps, no revision, non-ASCII fallback).
#include "tools/serve/discover_json.h"

#include <gtest/gtest.h>

#include "controller/live/cloudmap_json.h"

namespace meshsim::serve {
namespace {

namespace cm = cloudmap;

cm::HttpInstanceSummary Summary(std::string id, cm::Attributes attributes) {
  return {.instance_id = std::move(id),
          .namespace_name = "howto-k8s-cloudmap.pvt.aws.local",
          .service_name = "colorteller",
          .health_status = cm::HealthStatus::kHealthy,
          .attributes = std::move(attributes)};
}

TEST(DiscoverJson, EmptyResponseWithAndWithoutRevision) {
  cm::DiscoverInstancesResponse r;
  EXPECT_EQ(EncodeDiscoverInstancesResponse(r), live::Encode(r));
  r.instances_revision = 0;
  EXPECT_EQ(EncodeDiscoverInstancesResponse(r), live::Encode(r));
  r.instances_revision = 9223372036854775807;
  EXPECT_EQ(EncodeDiscoverInstancesResponse(r), live::Encode(r));
}

TEST(DiscoverJson, WalkthroughInstancesAsNlohmannWritesThem) {
  cm::DiscoverInstancesResponse r;
  r.instances.push_back(Summary("192.168.10.38", {{"AWS_INSTANCE_IPV4", "192.168.10.38"},
                                                  {"AWS_INSTANCE_PORT", "9080"},
                                                  {"k8s.io/pod", "colorteller-6f99884fd4-2rx7c"},
                                                  {"version", "blue"}}));
  r.instances.push_back(Summary("192.168.10.39", {}));
  r.instances.back().health_status = cm::HealthStatus::kUnknown;
  r.instances.push_back(Summary("192.168.10.40", {{"a", ""}}));
  r.instances.back().health_status = cm::HealthStatus::kUnhealthy;
  r.instances_revision = 17;
  std::string body = EncodeDiscoverInstancesResponse(r);
  EXPECT_EQ(body, live::Encode(r));
  EXPECT_EQ(body.rfind("{\"Instances\":[{\"Attributes\":{\"AWS_INSTANCE_IPV4\":", 0), 0u) << body;
}

TEST(DiscoverJson, EveryAsciiCharacterEscapedAsNlohmannDoes) {
  std::string all;
  for (int c = 0; c < 0x80; ++c) all += static_cast<char>(c);
  cm::DiscoverInstancesResponse r;
  r.instances.push_back(Summary(all, {{all, all}, {"q\"uote\\", "tab\tnl\n/"}}));
  r.instances.back().namespace_name = all;
  r.instances.back().service_name = "\x1f\x7f";
  EXPECT_EQ(EncodeDiscoverInstancesResponse(r), live::Encode(r));
}

TEST(DiscoverJson, NonAsciiAndInvalidUtf8TakeNlohmannsPath) {
  cm::DiscoverInstancesResponse r;
  r.instances.push_back(Summary("i-1", {{"zone", "caf\xc3\xa9"}, {"bad", "\xff\xfe"}}));
  r.instances.push_back(Summary("i-\xe2\x82\xac", {}));
  EXPECT_EQ(EncodeDiscoverInstancesResponse(r), live::Encode(r));
}

}  // namespace
}  // namespace meshsim::serve
