// Services: synchronous create/delete, Type, ids and ARNs, idempotency, configuration rules,
// ListServices filters and paging, UpdateService.
#include <regex>

#include "tests/fakes/cloudmap/cloudmap_test_util.h"

namespace meshsim::fakes::testing {
namespace {

using cloudmap::RecordType;
using cloudmap::RoutingPolicy;

class ServicesTest : public CloudMapTest {
 protected:
  Result<cloudmap::Service> Create(cloudmap::CreateServiceRequest req) {
    return Call(&CloudMapClient::CreateService, req);
  }
  std::string ns_ = HttpNamespace("apps");
  std::string dns_ns_ = PrivateNamespace("apps.local");
};

TEST_F(ServicesTest, CreateServiceIsSynchronousWithIdArnAndType) {
  Result<cloudmap::Service> s =
      Create({.name = "web", .namespace_id = ns_, .creator_request_id = "vn-uid-1"});
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_TRUE(std::regex_match(s->id, std::regex("srv-[a-z0-9]{16}")));
  EXPECT_EQ(s->arn, ServiceArnOf(s->id));
  EXPECT_EQ(s->type, "HTTP");
  EXPECT_EQ(s->namespace_id, ns_);
  EXPECT_EQ(s->instance_count, 0);
  EXPECT_EQ(s->creator_request_id, "vn-uid-1");
  Result<cloudmap::Service> got = Call(&CloudMapClient::GetService, {.id = s->arn});
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(*got, *s);
}

TEST_F(ServicesTest, DnsServiceIsDnsHttpAndHttpTypeIsHttp) {
  Result<cloudmap::Service> dns =
      Create({.name = "web",
              .namespace_id = dns_ns_,
              .dns_config = cloudmap::DnsConfig{.routing_policy = RoutingPolicy::kMultivalue,
                                                .dns_records = {{RecordType::kA, 300}}}});
  ASSERT_TRUE(dns.ok()) << dns.status().ToString();
  EXPECT_EQ(dns->type, "DNS_HTTP");
  Result<cloudmap::Service> api_only =
      Create({.name = "api", .namespace_id = dns_ns_, .type = "HTTP"});
  ASSERT_TRUE(api_only.ok());
  EXPECT_EQ(api_only->type, "HTTP");
  EXPECT_EQ(Create({.name = "x", .namespace_id = dns_ns_, .type = "DNS"}).status().error_name(),
            "InvalidInput");
}

TEST_F(ServicesTest, SameTokenReturnsTheServiceAndAnotherTokenConflicts) {
  Result<cloudmap::Service> first =
      Create({.name = "web", .namespace_id = ns_, .creator_request_id = "t1"});
  ASSERT_TRUE(first.ok());
  Result<cloudmap::Service> retry =
      Create({.name = "web", .namespace_id = ns_, .creator_request_id = "t1"});
  ASSERT_TRUE(retry.ok());
  EXPECT_EQ(retry->id, first->id);
  Result<cloudmap::Service> other =
      Create({.name = "web", .namespace_id = ns_, .creator_request_id = "t2"});
  EXPECT_EQ(other.status().code(), StatusCode::kAlreadyExists);
  EXPECT_EQ(other.status().error_name(), "ServiceAlreadyExists");
  EXPECT_NE(other.status().message().find("ServiceId: " + first->id), std::string::npos);
  EXPECT_EQ(cloudmap_->ListServicesNow(ns_)->size(), 1u);
}

TEST_F(ServicesTest, DnsNamespacesCompareServiceNamesWithoutCase) {
  ASSERT_TRUE(Create({.name = "web", .namespace_id = dns_ns_, .type = "HTTP"}).ok());
  EXPECT_EQ(Create({.name = "WEB", .namespace_id = dns_ns_, .type = "HTTP"}).status().error_name(),
            "ServiceAlreadyExists");
  ASSERT_TRUE(Create({.name = "web", .namespace_id = ns_}).ok());
  EXPECT_TRUE(Create({.name = "WEB", .namespace_id = ns_}).ok());
}

TEST_F(ServicesTest, CreateServiceInUnknownNamespaceIsNamespaceNotFound) {
  EXPECT_EQ(Create({.name = "web", .namespace_id = "ns-missing"}).status().error_name(),
            "NamespaceNotFound");
  EXPECT_EQ(Create({.name = "web"}).status().error_name(), "InvalidInput");
}

TEST_F(ServicesTest, ConfigurationRulesAreInvalidInput) {
  auto dns = [](RecordType t, RoutingPolicy p) {
    return cloudmap::DnsConfig{.routing_policy = p, .dns_records = {{t, 60}}};
  };
  cloudmap::HealthCheckConfig hc{.type = cloudmap::HealthCheckType::kHttp};
  // DnsConfig in an HTTP namespace.
  EXPECT_EQ(Create({.name = "a",
                    .namespace_id = ns_,
                    .dns_config = dns(RecordType::kA, RoutingPolicy::kMultivalue)})
                .status()
                .error_name(),
            "InvalidInput");
  // CNAME needs WEIGHTED.
  EXPECT_EQ(Create({.name = "b",
                    .namespace_id = dns_ns_,
                    .dns_config = dns(RecordType::kCname, RoutingPolicy::kMultivalue)})
                .status()
                .error_name(),
            "InvalidInput");
  // Both kinds of health check.
  EXPECT_EQ(Create({.name = "c",
                    .namespace_id = ns_,
                    .health_check_config = hc,
                    .health_check_custom_config = cloudmap::HealthCheckCustomConfig{}})
                .status()
                .error_name(),
            "InvalidInput");
  // Route 53 health checks are not for private DNS namespaces.
  EXPECT_EQ(Create({.name = "d", .namespace_id = dns_ns_, .health_check_config = hc})
                .status()
                .error_name(),
            "InvalidInput");
  // A and SRV together.
  cloudmap::DnsConfig both{.routing_policy = RoutingPolicy::kMultivalue,
                           .dns_records = {{RecordType::kA, 60}, {RecordType::kSrv, 60}}};
  EXPECT_EQ(
      Create({.name = "e", .namespace_id = dns_ns_, .dns_config = both}).status().error_name(),
      "InvalidInput");
  EXPECT_EQ(Create({.name = "-bad", .namespace_id = ns_}).status().error_name(), "InvalidInput");
  EXPECT_TRUE(Create({.name = "f", .namespace_id = ns_, .health_check_config = hc}).ok());
}

TEST_F(ServicesTest, ListServicesFiltersByNamespaceIdOrArnAndPages) {
  std::string other = HttpNamespace("other");
  for (const char* name : {"s0", "s1", "s2"}) PlainService(ns_, name);
  PlainService(other, "elsewhere");
  std::string arn = NamespaceArnOf(ns_);
  Result<cloudmap::ListServicesResponse> first =
      Call(&CloudMapClient::ListServices,
           {.max_results = 2, .filters = {{"NAMESPACE_ID", {arn}, "EQ"}}});
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  ASSERT_EQ(first->services.size(), 2u);
  ASSERT_TRUE(first->next_token.has_value());
  EXPECT_FALSE(first->services[0].namespace_id.has_value()) << "a summary has no NamespaceId";
  Result<cloudmap::ListServicesResponse> second =
      Call(&CloudMapClient::ListServices, {.max_results = 2,
                                           .next_token = first->next_token,
                                           .filters = {{"NAMESPACE_ID", {ns_}, std::nullopt}}});
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second->services.size(), 1u);
  EXPECT_FALSE(second->next_token.has_value());
  Result<cloudmap::ListServicesResponse> all = Call(&CloudMapClient::ListServices, {});
  EXPECT_EQ(all->services.size(), 4u);
  EXPECT_EQ(Call(&CloudMapClient::ListServices, {.filters = {{"NAMESPACE_ID", {ns_}, "IN"}}})
                .status()
                .error_name(),
            "InvalidInput");
}

// The fake files services under their namespace (an index kept on create and delete): names,
// counts and lookups must follow deletions and re-creations in either namespace.
TEST_F(ServicesTest, SameNameInTwoNamespacesFollowsDeleteAndRecreate) {
  std::string other = HttpNamespace("other");
  std::string here = PlainService(ns_, "web");
  std::string there = PlainService(other, "web");
  ASSERT_NE(here, there);
  ASSERT_TRUE(Call(&CloudMapClient::DeleteService, {.id = here}).ok());
  EXPECT_EQ(Call(&CloudMapClient::DiscoverInstances, {.namespace_name = "apps", .service_name = "web"})
                .status()
                .error_name(),
            "ServiceNotFound");
  EXPECT_TRUE(
      Call(&CloudMapClient::DiscoverInstances, {.namespace_name = "other", .service_name = "web"})
          .ok());
  EXPECT_EQ(Call(&CloudMapClient::GetNamespace, {.id = ns_})->service_count, 0);
  EXPECT_EQ(Call(&CloudMapClient::GetNamespace, {.id = other})->service_count, 1);
  std::string again = PlainService(ns_, "web");  // not ServiceAlreadyExists: the old one is gone
  Result<cloudmap::ListServicesResponse> listed =
      Call(&CloudMapClient::ListServices, {.filters = {{"NAMESPACE_ID", {ns_}, "EQ"}}});
  ASSERT_TRUE(listed.ok());
  ASSERT_EQ(listed->services.size(), 1u);
  EXPECT_EQ(listed->services[0].id, again);
  EXPECT_EQ(Call(&CloudMapClient::ListServices,
                 {.filters = {{"NAMESPACE_ID", {"ns-unknown"}, "EQ"}}})
                ->services.size(),
            0u);
}

TEST_F(ServicesTest, DeleteServiceRefusesServiceWithInstances) {
  std::string id = PlainService(ns_, "web");
  Register(id, "i-1");
  Result<Empty> refused = Call(&CloudMapClient::DeleteService, {.id = id});
  EXPECT_EQ(refused.status().code(), StatusCode::kResourceInUse);
  EXPECT_EQ(refused.status().error_name(), "ResourceInUse");
  Deregister(id, "i-1");
  EXPECT_TRUE(Call(&CloudMapClient::DeleteService, {.id = id}).ok());
  EXPECT_EQ(Call(&CloudMapClient::GetService, {.id = id}).status().error_name(), "ServiceNotFound");
  EXPECT_EQ(Call(&CloudMapClient::DeleteService, {.id = id}).status().error_name(),
            "ServiceNotFound");
}

TEST_F(ServicesTest, DeleteServiceRefusesWhileARegistrationIsInFlight) {
  std::string id = PlainService(ns_, "web");
  ASSERT_TRUE(
      Call(&CloudMapClient::RegisterInstance, {.service_id = id, .instance_id = "i-1"}).ok());
  EXPECT_EQ(Call(&CloudMapClient::DeleteService, {.id = id}).status().error_name(),
            "ResourceInUse");
}

TEST_F(ServicesTest, InstanceCountFollowsRegistrations) {
  std::string id = PlainService(ns_, "web");
  Register(id, "i-1");
  Register(id, "i-2");
  Register(id, "i-1");  // an update, not a new instance
  EXPECT_EQ(Call(&CloudMapClient::GetService, {.id = id})->instance_count, 2);
}

TEST_F(ServicesTest, UpdateServiceChangesRecordsWhenItsOperationSucceeds) {
  Result<cloudmap::Service> s =
      Create({.name = "web",
              .namespace_id = dns_ns_,
              .dns_config = cloudmap::DnsConfig{.routing_policy = RoutingPolicy::kMultivalue,
                                                .dns_records = {{RecordType::kA, 300}}}});
  ASSERT_TRUE(s.ok());
  Result<cloudmap::OperationIdResponse> op =
      Call(&CloudMapClient::UpdateService,
           {.id = s->id,
            .description = "new",
            .dns_records = std::vector<cloudmap::DnsRecord>{{RecordType::kA, 10}}});
  ASSERT_TRUE(op.ok()) << op.status().ToString();
  EXPECT_EQ(Call(&CloudMapClient::GetService, {.id = s->id})->dns_config->dns_records[0].ttl, 300);
  FinishOperations();
  Result<cloudmap::Service> after = Call(&CloudMapClient::GetService, {.id = s->id});
  EXPECT_EQ(after->dns_config->dns_records[0].ttl, 10);
  EXPECT_EQ(after->description, "new");
  std::string http = PlainService(ns_, "api");
  EXPECT_EQ(Call(&CloudMapClient::UpdateService, {.id = http}).status().error_name(),
            "InvalidInput");
  EXPECT_EQ(Call(&CloudMapClient::UpdateService, {.id = "srv-missing"}).status().error_name(),
            "ServiceNotFound");
}

}  // namespace
}  // namespace meshsim::fakes::testing
