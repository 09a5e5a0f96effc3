// Route 53 answers for Cloud Map's DNS records (FakeCloudMap::ResolveDnsNow): A records of the
// healthy instances with the service's TTL, MULTIVALUE up to eight, WEIGHTED one, failing open
// when nothing is healthy; NXDOMAIN for unknown names and HTTP namespaces.
#include <set>

#include "tests/fakes/cloudmap/cloudmap_test_util.h"

namespace meshsim::fakes::testing {
namespace {

using cloudmap::RecordType;
using Values = std::vector<std::string>;

class DnsTest : public CloudMapTest {
 protected:
  std::string Service(const std::string& name, cloudmap::RoutingPolicy policy, bool custom_health,
                      int64_t ttl = 300) {
    cloudmap::CreateServiceRequest req{
        .name = name,
        .namespace_id = ns_,
        .dns_config = cloudmap::DnsConfig{.routing_policy = policy,
                                          .dns_records = {{RecordType::kA, ttl}}}};
    if (custom_health) req.health_check_custom_config = cloudmap::HealthCheckCustomConfig{1};
    Result<cloudmap::Service> s = Call(&CloudMapClient::CreateService, req);
    EXPECT_TRUE(s.ok()) << s.status().ToString();
    return s.ok() ? s->id : "";
  }
  void Add(const std::string& service, int n, int unhealthy = 0) {
    for (int i = 0; i < n; ++i) {
      std::string ip = "10.0.0." + std::to_string(10 + i);
      client_->RegisterInstance(
          {.service_id = service,
           .instance_id = ip,
           .attributes = {{"AWS_INSTANCE_IPV4", ip},
                          {"AWS_INIT_HEALTH_STATUS", i < unhealthy ? "UNHEALTHY" : "HEALTHY"}}},
          [](Result<cloudmap::OperationIdResponse> r) { EXPECT_TRUE(r.ok()); });
    }
    FinishOperations();
  }
  std::string ns_ = PrivateNamespace("apps.local");
};

TEST_F(DnsTest, MultivalueAnswersUpToEightHealthyWithTheServiceTtl) {
  std::string s = Service("web", cloudmap::RoutingPolicy::kMultivalue, true, 60);
  Add(s, 12, /*unhealthy=*/2);
  DnsAnswer a = cloudmap_->ResolveDnsNow("web.apps.local", RecordType::kA);
  EXPECT_EQ(a.rcode, DnsRcode::kNoError);
  EXPECT_EQ(a.ttl_seconds, 60);
  ASSERT_EQ(a.values.size(), 8u);
  for (const std::string& ip : a.values) {
    EXPECT_NE(ip, "10.0.0.10");  // the two unhealthy ones
    EXPECT_NE(ip, "10.0.0.11");
  }
  EXPECT_EQ(a.values.front(), "10.0.0.12");  // stable view: by InstanceId
}

TEST_F(DnsTest, FewerThanEightHealthyAnswersAllHealthy) {
  std::string s = Service("web", cloudmap::RoutingPolicy::kMultivalue, true);
  Add(s, 5, /*unhealthy=*/2);
  EXPECT_EQ(cloudmap_->ResolveDnsNow("WEB.apps.local.", RecordType::kA).values,
            (Values{"10.0.0.12", "10.0.0.13", "10.0.0.14"}));
}

TEST_F(DnsTest, NoneHealthyAnswersAsIfAllWere) {
  std::string s = Service("web", cloudmap::RoutingPolicy::kMultivalue, true);
  Add(s, 3, /*unhealthy=*/3);
  EXPECT_EQ(cloudmap_->ResolveDnsNow("web.apps.local", RecordType::kA).values.size(), 3u);
}

TEST_F(DnsTest, WeightedAnswersOneRandomInstance) {
  std::string s = Service("web", cloudmap::RoutingPolicy::kWeighted, false);
  Add(s, 4);
  std::set<std::string> seen;
  for (int i = 0; i < 40; ++i) {
    DnsAnswer a = cloudmap_->ResolveDnsNow("web.apps.local", RecordType::kA, &random_);
    ASSERT_EQ(a.values.size(), 1u);
    seen.insert(a.values[0]);
  }
  EXPECT_EQ(seen.size(), 4u);
}

TEST_F(DnsTest, MultivalueShuffledSubsetVaries) {
  std::string s = Service("web", cloudmap::RoutingPolicy::kMultivalue, false);
  Add(s, 20);
  std::set<Values> answers;
  for (int i = 0; i < 10; ++i) {
    answers.insert(cloudmap_->ResolveDnsNow("web.apps.local", RecordType::kA, &random_).values);
  }
  EXPECT_GT(answers.size(), 1u);
}

TEST_F(DnsTest, UnknownNamesHttpNamespacesAndMissingTypes) {
  std::string s = Service("web", cloudmap::RoutingPolicy::kMultivalue, false);
  Add(s, 1);
  EXPECT_EQ(cloudmap_->ResolveDnsNow("nope.apps.local", RecordType::kA).rcode, DnsRcode::kNxDomain);
  DnsAnswer aaaa = cloudmap_->ResolveDnsNow("web.apps.local", RecordType::kAaaa);
  EXPECT_EQ(aaaa.rcode, DnsRcode::kNoError);
  EXPECT_TRUE(aaaa.values.empty());
  std::string http = HttpNamespace("plain");
  std::string p = PlainService(http, "api");
  Register(p, "i-1", {{"AWS_INSTANCE_IPV4", "10.1.1.1"}});
  EXPECT_EQ(cloudmap_->ResolveDnsNow("api.plain", RecordType::kA).rcode, DnsRcode::kNxDomain);
}

TEST_F(DnsTest, DeregisteredInstancesLeaveTheAnswer) {
  std::string s = Service("web", cloudmap::RoutingPolicy::kMultivalue, false);
  Add(s, 2);
  Deregister(s, "10.0.0.10");
  EXPECT_EQ(cloudmap_->ResolveDnsNow("web.apps.local", RecordType::kA).values,
            Values{"10.0.0.11"});
}

}  // namespace
}  // namespace meshsim::fakes::testing
