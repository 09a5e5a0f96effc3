// InvalidInput for the section 3 constraints: required members, lengths, patterns, MaxResults
// bounds, attribute rules and tampered or foreign NextTokens.
#include "tests/fakes/cloudmap/cloudmap_test_util.h"

namespace meshsim::fakes::testing {
namespace {

class ValidationTest : public CloudMapTest {
 protected:
  std::string RegisterError(const std::string& instance_id, cloudmap::Attributes attrs = {}) {
    return Call(
               &CloudMapClient::RegisterInstance,
               {.service_id = service_, .instance_id = instance_id, .attributes = std::move(attrs)})
        .status()
        .error_name();
  }
  std::string ns_ = HttpNamespace("apps");
  std::string service_ = PlainService(ns_, "web");
};

TEST_F(ValidationTest, NamespaceNames) {
  auto create = [&](const std::string& name) {
    return Call(&CloudMapClient::CreateHttpNamespace, {.name = name}).status().error_name();
  };
  EXPECT_EQ(create(""), "InvalidInput");
  EXPECT_EQ(create("has space"), "InvalidInput");
  EXPECT_EQ(create("arn:aws:thing"), "InvalidInput");
  EXPECT_EQ(create(std::string(1025, 'a')), "InvalidInput");
  EXPECT_EQ(create(std::string(1024, 'a')), "");
  EXPECT_EQ(Call(&CloudMapClient::CreatePrivateDnsNamespace, {.name = "x.local", .vpc = ""})
                .status()
                .error_name(),
            "InvalidInput");
  EXPECT_EQ(Call(&CloudMapClient::CreatePrivateDnsNamespace,
                 {.name = std::string(254, 'a'), .vpc = "vpc-1"})
                .status()
                .error_name(),
            "InvalidInput");
}

TEST_F(ValidationTest, ServiceNames) {
  auto create = [&](const std::string& name) {
    return Call(&CloudMapClient::CreateService, {.name = name, .namespace_id = ns_})
        .status()
        .error_name();
  };
  EXPECT_EQ(create(""), "InvalidInput");
  EXPECT_EQ(create("a..b"), "InvalidInput");
  EXPECT_EQ(create("bad-"), "InvalidInput");
  EXPECT_EQ(create("sp ace"), "InvalidInput");
  EXPECT_EQ(create(std::string(64, 'a')), "InvalidInput");
  EXPECT_EQ(create("_http._tcp.my-svc"), "");
  EXPECT_EQ(create("."), "");
}

TEST_F(ValidationTest, InstanceIdsAndAttributes) {
  EXPECT_EQ(RegisterError(""), "InvalidInput");
  EXPECT_EQ(RegisterError("bad id"), "InvalidInput");
  EXPECT_EQ(RegisterError(std::string(65, 'a')), "InvalidInput");
  EXPECT_EQ(RegisterError("i-1", {{"key with space", "v"}}), "InvalidInput");
  EXPECT_EQ(RegisterError("i-2", {{"k", " leading space"}}), "InvalidInput");
  EXPECT_EQ(RegisterError("i-3", {{"k", std::string(1025, 'v')}}), "InvalidInput");
  EXPECT_EQ(RegisterError("i-4", {{"AWS_INIT_HEALTH_STATUS", "MAYBE"}}), "InvalidInput");
  EXPECT_EQ(RegisterError("i-5", {{"k", "inner space ok"}, {"empty", ""}}), "");
  EXPECT_EQ(RegisterError("10.0.0.1:8080@a/b_c"), "");
}

TEST_F(ValidationTest, AttributeCountAndTotalSize) {
  cloudmap::Attributes thirty, thirty_one, big;
  for (int i = 0; i < 31; ++i) {
    (i < 30 ? thirty : thirty_one)["k" + std::to_string(i)] = "v";
    thirty_one["k" + std::to_string(i)] = "v";
  }
  thirty["AWS_INSTANCE_IPV4"] = "10.0.0.1";  // reserved keys do not count
  EXPECT_EQ(RegisterError("a", thirty), "");
  EXPECT_EQ(RegisterError("b", thirty_one), "InvalidInput");
  for (int i = 0; i < 6; ++i) big["k" + std::to_string(i)] = std::string(1000, 'v');
  EXPECT_EQ(RegisterError("c", big), "InvalidInput");
}

TEST_F(ValidationTest, MaxResultsBounds) {
  for (int32_t bad : {0, 101, -1}) {
    EXPECT_EQ(Call(&CloudMapClient::ListNamespaces, {.max_results = bad}).status().error_name(),
              "InvalidInput");
    EXPECT_EQ(Call(&CloudMapClient::ListServices, {.max_results = bad}).status().error_name(),
              "InvalidInput");
    EXPECT_EQ(Call(&CloudMapClient::ListOperations, {.max_results = bad}).status().error_name(),
              "InvalidInput");
    EXPECT_EQ(Call(&CloudMapClient::ListInstances, {.service_id = service_, .max_results = bad})
                  .status()
                  .error_name(),
              "InvalidInput");
  }
  EXPECT_TRUE(Call(&CloudMapClient::ListNamespaces, {.max_results = 100}).ok());
}

TEST_F(ValidationTest, BadOrForeignNextTokenIsInvalidInput) {
  PlainService(ns_, "a");
  PlainService(ns_, "b");
  Result<cloudmap::ListServicesResponse> page =
      Call(&CloudMapClient::ListServices, {.max_results = 1});
  ASSERT_TRUE(page.ok() && page->next_token.has_value());
  std::string token = *page->next_token;
  EXPECT_TRUE(Call(&CloudMapClient::ListServices, {.max_results = 1, .next_token = token}).ok());
  std::string tampered = token;
  tampered[5] = tampered[5] == '0' ? '1' : '0';
  EXPECT_EQ(Call(&CloudMapClient::ListServices, {.next_token = tampered}).status().error_name(),
            "InvalidInput");
  EXPECT_EQ(Call(&CloudMapClient::ListServices, {.next_token = "garbage"}).status().error_name(),
            "InvalidInput");
  EXPECT_EQ(Call(&CloudMapClient::ListNamespaces, {.next_token = token}).status().error_name(),
            "InvalidInput")
      << "a ListServices token is not a ListNamespaces token";
}

TEST_F(ValidationTest, BadFilterIsInvalidInputEvenWithNothingToList) {
  EXPECT_EQ(Call(&CloudMapClient::ListOperations, {.filters = {{"COLOR", {"red"}, "EQ"}}})
                .status()
                .error_name(),
            "InvalidInput");
  EXPECT_EQ(
      Call(&CloudMapClient::ListServices, {.filters = {{"NAMESPACE_ID", {ns_}, "BEGINS_WITH"}}})
          .status()
          .error_name(),
      "InvalidInput");
}

TEST_F(ValidationTest, RequiredMembers) {
  EXPECT_EQ(Call(&CloudMapClient::GetService, {.id = ""}).status().error_name(), "InvalidInput");
  EXPECT_EQ(Call(&CloudMapClient::DeleteService, {.id = ""}).status().error_name(), "InvalidInput");
  EXPECT_EQ(Call(&CloudMapClient::DeregisterInstance, {.service_id = service_, .instance_id = ""})
                .status()
                .error_name(),
            "InvalidInput");
  EXPECT_EQ(Call(&CloudMapClient::DiscoverInstances, {.namespace_name = "", .service_name = "web"})
                .status()
                .error_name(),
            "InvalidInput");
  EXPECT_EQ(Call(&CloudMapClient::ListInstances, {.service_id = ""}).status().error_name(),
            "InvalidInput");
  EXPECT_EQ(Call(&CloudMapClient::GetOperation, {.operation_id = "x", .owner_account = "1"})
                .status()
                .error_name(),
            "InvalidInput");
}

}  // namespace
}  // namespace meshsim::fakes::testing
