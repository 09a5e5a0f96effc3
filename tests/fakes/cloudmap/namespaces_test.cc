// Namespaces: asynchronous creation, ids and ARNs, idempotency, conflicts, filters, paging,
// deletion rules and the namespace quota.
#include <regex>

#include "tests/fakes/cloudmap/cloudmap_test_util.h"

namespace meshsim::fakes::testing {
namespace {

using cloudmap::NamespaceType;
using cloudmap::OperationStatus;

class NamespacesTest : public CloudMapTest {
 protected:
  Result<cloudmap::OperationIdResponse> CreateHttp(const std::string& name,
                                                   std::optional<std::string> token = {}) {
    return Call(&CloudMapClient::CreateHttpNamespace,
                {.name = name, .creator_request_id = std::move(token)});
  }
  std::string NamespaceOf(const std::string& op_id) {
    Result<cloudmap::Operation> op = Call(&CloudMapClient::GetOperation, {.operation_id = op_id});
    return op.ok() ? op->targets["NAMESPACE"] : "";
  }
  size_t NamespaceCount() { return cloudmap_->ListNamespacesNow()->namespaces.size(); }
};

TEST_F(NamespacesTest, HttpNamespaceAppearsOnlyWhenItsOperationSucceeds) {
  Result<cloudmap::OperationIdResponse> op = CreateHttp("apps");
  ASSERT_TRUE(op.ok()) << op.status().ToString();
  std::string id = NamespaceOf(op->operation_id);
  EXPECT_EQ(Call(&CloudMapClient::GetNamespace, {.id = id}).status().error_name(),
            "NamespaceNotFound");
  FinishOperations();
  Result<cloudmap::Namespace> ns = Call(&CloudMapClient::GetNamespace, {.id = id});
  ASSERT_TRUE(ns.ok()) << ns.status().ToString();
  EXPECT_TRUE(std::regex_match(ns->id, std::regex("ns-[a-z0-9]{16}")));
  EXPECT_EQ(ns->arn, NamespaceArnOf(id));
  EXPECT_EQ(ns->type, NamespaceType::kHttp);
  EXPECT_EQ(ns->properties.http_name, "apps");
  EXPECT_FALSE(ns->properties.hosted_zone_id.has_value());
  EXPECT_EQ(ns->service_count, 0);
  EXPECT_TRUE(ns->create_date.has_value());
  EXPECT_EQ(tracer_.Count("cloudmap", "NamespaceCreated"), 1);
}

TEST_F(NamespacesTest, PrivateDnsNamespaceHasHostedZoneAndHttpName) {
  Result<cloudmap::OperationIdResponse> op =
      Call(&CloudMapClient::CreatePrivateDnsNamespace, {.name = "local.test", .vpc = "vpc-1"});
  ASSERT_TRUE(op.ok()) << op.status().ToString();
  FinishOperations();
  Result<cloudmap::Namespace> ns =
      Call(&CloudMapClient::GetNamespace, {.id = NamespaceOf(op->operation_id)});
  ASSERT_TRUE(ns.ok());
  EXPECT_EQ(ns->type, NamespaceType::kDnsPrivate);
  EXPECT_TRUE(
      std::regex_match(ns->properties.hosted_zone_id.value_or(""), std::regex("Z[A-Z0-9]{20}")));
  EXPECT_EQ(ns->properties.http_name, "local.test");
}

TEST_F(NamespacesTest, PublicDnsNamespaceRequiresDnsName) {
  EXPECT_EQ(
      Call(&CloudMapClient::CreatePublicDnsNamespace, {.name = "bad_name!"}).status().error_name(),
      "InvalidInput");
  EXPECT_TRUE(Call(&CloudMapClient::CreatePublicDnsNamespace, {.name = "example.com"}).ok());
}

TEST_F(NamespacesTest, PrivateNameReusedInAnotherVpcGetsSuffixedHttpName) {
  std::string first = PrivateNamespace("svc.local", "vpc-1");
  std::string second = PrivateNamespace("svc.local", "vpc-2");
  ASSERT_NE(first, second);
  Result<cloudmap::Namespace> ns = Call(&CloudMapClient::GetNamespace, {.id = second});
  ASSERT_TRUE(ns.ok());
  EXPECT_EQ(ns->name, "svc.local");
  EXPECT_NE(ns->properties.http_name, "svc.local");
  EXPECT_EQ(ns->properties.http_name->rfind("svc.local-", 0), 0u);
  EXPECT_EQ(cloudmap_->CreateNamespaceNow("svc.local", NamespaceType::kDnsPrivate, "vpc-1")
                .status()
                .error_name(),
            "NamespaceAlreadyExists");
}

TEST_F(NamespacesTest, SameCreatorRequestIdNeverCreatesASecondNamespace) {
  Result<cloudmap::OperationIdResponse> first = CreateHttp("apps", "token-1");
  ASSERT_TRUE(first.ok());
  Result<cloudmap::OperationIdResponse> in_flight = CreateHttp("apps", "token-1");
  EXPECT_EQ(in_flight.status().error_name(), "DuplicateRequest");
  EXPECT_NE(in_flight.status().message().find(first->operation_id), std::string::npos);
  FinishOperations();
  Result<cloudmap::OperationIdResponse> retry = CreateHttp("apps", "token-1");
  ASSERT_TRUE(retry.ok());
  EXPECT_EQ(retry->operation_id, first->operation_id);
  FinishOperations();
  EXPECT_EQ(NamespaceCount(), 1u);
}

TEST_F(NamespacesTest, SameNameWithAnotherTokenIsNamespaceAlreadyExists) {
  Result<cloudmap::OperationIdResponse> first = CreateHttp("apps", "token-1");
  ASSERT_TRUE(first.ok());
  std::string id = NamespaceOf(first->operation_id);
  // Also while the first create is still running.
  Result<cloudmap::OperationIdResponse> second = CreateHttp("apps", "token-2");
  EXPECT_EQ(second.status().code(), StatusCode::kAlreadyExists);
  EXPECT_EQ(second.status().error_name(), "NamespaceAlreadyExists");
  EXPECT_NE(second.status().message().find("NamespaceId: " + id), std::string::npos);
  EXPECT_NE(second.status().message().find("CreatorRequestId: token-1"), std::string::npos);
  FinishOperations();
  EXPECT_EQ(CreateHttp("apps").status().error_name(), "NamespaceAlreadyExists");
}

TEST_F(NamespacesTest, GetNamespaceAcceptsArnAndReportsNotFound) {
  std::string id = HttpNamespace("apps");
  std::string arn = NamespaceArnOf(id);
  Result<cloudmap::Namespace> ns = Call(&CloudMapClient::GetNamespace, {.id = arn});
  ASSERT_TRUE(ns.ok());
  EXPECT_EQ(ns->id, id);
  Result<cloudmap::Namespace> missing = Call(&CloudMapClient::GetNamespace, {.id = "ns-nope"});
  EXPECT_EQ(missing.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(missing.status().error_name(), "NamespaceNotFound");
  EXPECT_EQ(Call(&CloudMapClient::GetNamespace, {.id = ""}).status().error_name(), "InvalidInput");
}

TEST_F(NamespacesTest, ListNamespacesAppliesFilters) {
  HttpNamespace("apps");
  HttpNamespace("apps-staging");
  PrivateNamespace("apps.local");
  auto names = [&](std::vector<cloudmap::Filter> filters) {
    Result<cloudmap::ListNamespacesResponse> r =
        Call(&CloudMapClient::ListNamespaces, {.filters = std::move(filters)});
    std::vector<std::string> out;
    if (r.ok()) {
      for (const auto& ns : r->namespaces) out.push_back(ns.name);
    }
    std::sort(out.begin(), out.end());
    return out;
  };
  EXPECT_EQ(names({{"TYPE", {"HTTP"}, "EQ"}}), (std::vector<std::string>{"apps", "apps-staging"}));
  EXPECT_EQ(names({{"NAME", {"apps"}, std::nullopt}}), (std::vector<std::string>{"apps"}));
  EXPECT_EQ(names({{"NAME", {"apps"}, "BEGINS_WITH"}}).size(), 3u);
  EXPECT_EQ(names({{"HTTP_NAME", {"apps."}, "BEGINS_WITH"}, {"TYPE", {"DNS_PRIVATE"}, "EQ"}}),
            (std::vector<std::string>{"apps.local"}));
  EXPECT_EQ(Call(&CloudMapClient::ListNamespaces, {.filters = {{"COLOR", {"x"}, "EQ"}}})
                .status()
                .error_name(),
            "InvalidInput");
  EXPECT_EQ(Call(&CloudMapClient::ListNamespaces, {.filters = {{"TYPE", {"BOGUS"}, "EQ"}}})
                .status()
                .error_name(),
            "InvalidInput");
}

TEST_F(NamespacesTest, ListNamespacesPagesWithNextToken) {
  for (int i = 0; i < 5; ++i) HttpNamespace("ns" + std::to_string(i));
  std::vector<std::string> seen;
  std::optional<std::string> token;
  int pages = 0;
  do {
    Result<cloudmap::ListNamespacesResponse> r =
        Call(&CloudMapClient::ListNamespaces, {.max_results = 2, .next_token = token});
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    EXPECT_LE(r->namespaces.size(), 2u);
    for (const auto& ns : r->namespaces) {
      seen.push_back(ns.id);
      EXPECT_FALSE(ns.creator_request_id.has_value()) << "a summary has no CreatorRequestId";
    }
    token = r->next_token;
    ++pages;
  } while (token);
  EXPECT_EQ(pages, 3);
  std::sort(seen.begin(), seen.end());
  EXPECT_EQ(std::unique(seen.begin(), seen.end()), seen.end());
  EXPECT_EQ(seen.size(), 5u);
}

TEST_F(NamespacesTest, DeleteNamespaceIsAsyncAndRefusesNonEmptyNamespace) {
  std::string id = HttpNamespace("apps");
  std::string service = PlainService(id, "web");
  Result<cloudmap::OperationIdResponse> refused =
      Call(&CloudMapClient::DeleteNamespace, {.id = id});
  EXPECT_EQ(refused.status().code(), StatusCode::kResourceInUse);
  EXPECT_EQ(refused.status().error_name(), "ResourceInUse");
  ASSERT_TRUE(Call(&CloudMapClient::DeleteService, {.id = service}).ok());
  Result<cloudmap::OperationIdResponse> op = Call(&CloudMapClient::DeleteNamespace, {.id = id});
  ASSERT_TRUE(op.ok()) << op.status().ToString();
  EXPECT_EQ(Call(&CloudMapClient::DeleteNamespace, {.id = id}).status().error_name(),
            "DuplicateRequest");
  EXPECT_TRUE(Call(&CloudMapClient::GetNamespace, {.id = id}).ok());  // still there
  FinishOperations();
  EXPECT_EQ(OperationStatusOf(op->operation_id), OperationStatus::kSuccess);
  EXPECT_EQ(Call(&CloudMapClient::GetNamespace, {.id = id}).status().error_name(),
            "NamespaceNotFound");
  EXPECT_EQ(Call(&CloudMapClient::DeleteNamespace, {.id = id}).status().error_name(),
            "NamespaceNotFound");
  // Its HttpName no longer resolves either.
  EXPECT_EQ(Call(&CloudMapClient::DiscoverInstances, {.namespace_name = "apps", .service_name = "web"})
                .status()
                .error_name(),
            "NamespaceNotFound");
}

TEST_F(NamespacesTest, ServiceCountFollowsServices) {
  std::string id = HttpNamespace("apps");
  PlainService(id, "a");
  PlainService(id, "b");
  EXPECT_EQ(Call(&CloudMapClient::GetNamespace, {.id = id})->service_count, 2);
}

class NamespaceQuotaTest : public CloudMapTest {
 protected:
  static CloudMapOptions Options() {
    CloudMapOptions o = FixedTimingOptions();
    o.max_namespaces = 2;
    return o;
  }
  NamespaceQuotaTest() : CloudMapTest(Options()) {}
};

TEST_F(NamespaceQuotaTest, CreateBeyondQuotaIsResourceLimitExceeded) {
  HttpNamespace("a");
  ASSERT_TRUE(Call(&CloudMapClient::CreateHttpNamespace, {.name = "b"}).ok());  // in flight
  Result<cloudmap::OperationIdResponse> r =
      Call(&CloudMapClient::CreateHttpNamespace, {.name = "c"});
  EXPECT_EQ(r.status().code(), StatusCode::kLimitExceeded);
  EXPECT_EQ(r.status().error_name(), "ResourceLimitExceeded");
}

}  // namespace
}  // namespace meshsim::fakes::testing
