// Instances: RegisterInstance as an upsert, DuplicateRequest, DeregisterInstance, GetInstance,
// ListInstances paging, reserved attributes and the instance quota.
#include "tests/fakes/cloudmap/cloudmap_test_util.h"

namespace meshsim::fakes::testing {
namespace {

class InstancesTest : public CloudMapTest {
 protected:
  Result<cloudmap::OperationIdResponse> StartRegister(const std::string& instance,
                                                      cloudmap::Attributes attrs = {}) {
    return Call(&CloudMapClient::RegisterInstance,
                {.service_id = service_, .instance_id = instance, .attributes = std::move(attrs)});
  }
  std::string ns_ = HttpNamespace("apps");
  std::string service_ = PlainService(ns_, "web");
};

TEST_F(InstancesTest, RegisterIsAnUpsertAndGetInstanceReturnsLatestAttributes) {
  Register(service_, "10.0.0.1", {{"version", "blue"}});
  Register(service_, "10.0.0.1", {{"version", "green"}});
  Result<std::vector<cloudmap::Instance>> all = cloudmap_->ListInstancesNow(service_);
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 1u);
  Result<cloudmap::GetInstanceResponse> got =
      Call(&CloudMapClient::GetInstance, {.service_id = service_, .instance_id = "10.0.0.1"});
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->instance.attributes.at("version"), "green");
  EXPECT_EQ(got->resource_owner, "123456789012");
  EXPECT_EQ(tracer_.Count("cloudmap", "InstanceRegistered"), 2);
}

TEST_F(InstancesTest, SecondOperationOnSameInstanceIsDuplicateRequest) {
  Result<cloudmap::OperationIdResponse> first = StartRegister("i-1");
  ASSERT_TRUE(first.ok());
  Result<cloudmap::OperationIdResponse> second = StartRegister("i-1");
  EXPECT_EQ(second.status().code(), StatusCode::kDuplicateRequest);
  EXPECT_EQ(second.status().error_name(), "DuplicateRequest");
  EXPECT_NE(second.status().message().find("DuplicateOperationId: " + first->operation_id),
            std::string::npos);
  Result<cloudmap::OperationIdResponse> dereg =
      Call(&CloudMapClient::DeregisterInstance, {.service_id = service_, .instance_id = "i-1"});
  EXPECT_EQ(dereg.status().error_name(), "DuplicateRequest");
  EXPECT_TRUE(StartRegister("i-2").ok()) << "another instance is independent";
  FinishOperations();
  EXPECT_TRUE(StartRegister("i-1").ok()) << "allowed again once the first one ended";
}

TEST_F(InstancesTest, DeregisterRemovesInstanceWhenOperationSucceeds) {
  Register(service_, "i-1");
  Result<cloudmap::OperationIdResponse> op =
      Call(&CloudMapClient::DeregisterInstance, {.service_id = service_, .instance_id = "i-1"});
  ASSERT_TRUE(op.ok());
  EXPECT_EQ(cloudmap_->ListInstancesNow(service_)->size(), 1u) << "gone only at SUCCESS";
  FinishOperations();
  EXPECT_EQ(OperationStatusOf(op->operation_id), cloudmap::OperationStatus::kSuccess);
  EXPECT_TRUE(cloudmap_->ListInstancesNow(service_)->empty());
  EXPECT_EQ(tracer_.Count("cloudmap", "InstanceDeregistered"), 1);
}

TEST_F(InstancesTest, UnknownInstanceAndServiceAreNotFound) {
  Result<cloudmap::OperationIdResponse> dereg =
      Call(&CloudMapClient::DeregisterInstance, {.service_id = service_, .instance_id = "i-9"});
  EXPECT_EQ(dereg.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(dereg.status().error_name(), "InstanceNotFound");
  EXPECT_EQ(Call(&CloudMapClient::GetInstance, {.service_id = service_, .instance_id = "i-9"})
                .status()
                .error_name(),
            "InstanceNotFound");
  EXPECT_EQ(Call(&CloudMapClient::RegisterInstance, {.service_id = "srv-x", .instance_id = "i"})
                .status()
                .error_name(),
            "ServiceNotFound");
  EXPECT_EQ(Call(&CloudMapClient::ListInstances, {.service_id = "srv-x"}).status().error_name(),
            "ServiceNotFound");
}

TEST_F(InstancesTest, RegisteringInstanceIsNotFoundUntilSuccess) {
  ASSERT_TRUE(StartRegister("i-1").ok());
  EXPECT_EQ(Call(&CloudMapClient::GetInstance, {.service_id = service_, .instance_id = "i-1"})
                .status()
                .error_name(),
            "InstanceNotFound");
  FinishOperations();
  EXPECT_TRUE(
      Call(&CloudMapClient::GetInstance, {.service_id = service_, .instance_id = "i-1"}).ok());
}

TEST_F(InstancesTest, ListInstancesPages) {
  for (int i = 0; i < 5; ++i) Register(service_, "i-" + std::to_string(i));
  std::vector<std::string> ids;
  std::optional<std::string> token;
  do {
    Result<cloudmap::ListInstancesResponse> r =
        Call(&CloudMapClient::ListInstances,
             {.service_id = service_, .max_results = 2, .next_token = token});
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    for (const auto& i : r->instances) ids.push_back(i.id);
    token = r->next_token;
  } while (token);
  EXPECT_EQ(ids, (std::vector<std::string>{"i-0", "i-1", "i-2", "i-3", "i-4"}));
}

// A page that ends exactly at the last instance has no NextToken; a token still resumes
// after its key when that instance was deregistered meanwhile, and sees one registered after it.
TEST_F(InstancesTest, ListInstancesResumesAfterTheTokensKeyWhileInstancesChange) {
  for (int i = 0; i < 4; ++i) Register(service_, "i-" + std::to_string(i));
  Result<cloudmap::ListInstancesResponse> first =
      Call(&CloudMapClient::ListInstances, {.service_id = service_, .max_results = 2});
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  ASSERT_TRUE(first->next_token.has_value());
  Deregister(service_, "i-1");  // the token's key
  Register(service_, "i-5");
  Result<cloudmap::ListInstancesResponse> rest = Call(
      &CloudMapClient::ListInstances,
      {.service_id = service_, .max_results = 3, .next_token = first->next_token});
  ASSERT_TRUE(rest.ok()) << rest.status().ToString();
  std::vector<std::string> ids;
  for (const auto& i : rest->instances) ids.push_back(i.id);
  EXPECT_EQ(ids, (std::vector<std::string>{"i-2", "i-3", "i-5"}));
  EXPECT_FALSE(rest->next_token.has_value());  // nothing after i-5
}

TEST_F(InstancesTest, ServiceWithARecordRequiresIpv4Attribute) {
  std::string dns_ns = PrivateNamespace("apps.local");
  std::string a = ARecordService(dns_ns, "web");
  Result<cloudmap::OperationIdResponse> missing =
      Call(&CloudMapClient::RegisterInstance, {.service_id = a, .instance_id = "i-1"});
  EXPECT_EQ(missing.status().error_name(), "InvalidInput");
  Result<cloudmap::OperationIdResponse> ok = Call(
      &CloudMapClient::RegisterInstance,
      {.service_id = a, .instance_id = "i-1", .attributes = {{"AWS_INSTANCE_IPV4", "10.0.0.1"}}});
  EXPECT_TRUE(ok.ok()) << ok.status().ToString();
}

TEST_F(InstancesTest, RegisterAcceptsServiceArn) {
  std::string arn = ServiceArnOf(service_);
  Result<cloudmap::OperationIdResponse> op =
      Call(&CloudMapClient::RegisterInstance, {.service_id = arn, .instance_id = "i-1"});
  ASSERT_TRUE(op.ok()) << op.status().ToString();
  FinishOperations();
  EXPECT_EQ(cloudmap_->ListInstancesNow(service_)->size(), 1u);
}

class InstanceQuotaTest : public CloudMapTest {
 protected:
  static CloudMapOptions Options() {
    CloudMapOptions o = FixedTimingOptions();
    o.max_instances_per_service = 2;
    return o;
  }
  InstanceQuotaTest() : CloudMapTest(Options()) {}
};

TEST_F(InstanceQuotaTest, NewInstanceBeyondQuotaIsResourceLimitExceeded) {
  std::string service = PlainService(HttpNamespace("apps"), "web");
  Register(service, "i-1");
  Register(service, "i-2");
  Result<cloudmap::OperationIdResponse> r =
      Call(&CloudMapClient::RegisterInstance, {.service_id = service, .instance_id = "i-3"});
  EXPECT_EQ(r.status().error_name(), "ResourceLimitExceeded");
  EXPECT_EQ(r.status().code(), StatusCode::kLimitExceeded);
  // Updating an existing instance is still allowed.
  EXPECT_TRUE(
      Call(&CloudMapClient::RegisterInstance, {.service_id = service, .instance_id = "i-1"}).ok());
}

class NamespaceInstanceQuotaTest : public CloudMapTest {
 protected:
  static CloudMapOptions Options() {
    CloudMapOptions o = FixedTimingOptions();
    o.max_instances_per_namespace = 2;
    return o;
  }
  NamespaceInstanceQuotaTest() : CloudMapTest(Options()) {}
  Result<cloudmap::OperationIdResponse> TryRegister(const std::string& service,
                                                    const std::string& instance) {
    return Call(&CloudMapClient::RegisterInstance, {.service_id = service, .instance_id = instance});
  }
};

// The namespace quota counts the instances of all its services, follows deregistrations, and
// does not count other namespaces' instances.
TEST_F(NamespaceInstanceQuotaTest, CountsEveryServiceOfTheNamespaceOnly) {
  std::string ns = HttpNamespace("apps");
  std::string web = PlainService(ns, "web");
  std::string api = PlainService(ns, "api");
  std::string elsewhere = PlainService(HttpNamespace("other"), "web");
  Register(web, "i-1");
  Register(api, "i-2");
  EXPECT_EQ(TryRegister(api, "i-3").status().error_name(), "ResourceLimitExceeded");
  EXPECT_TRUE(TryRegister(web, "i-1").ok()) << "an update is not a new instance";
  FinishOperations();
  Register(elsewhere, "i-1");
  Register(elsewhere, "i-2");
  Deregister(web, "i-1");
  EXPECT_TRUE(TryRegister(api, "i-3").ok());
  FinishOperations();
  EXPECT_EQ(TryRegister(web, "i-4").status().error_name(), "ResourceLimitExceeded");
}

}  // namespace
}  // namespace meshsim::fakes::testing
