// The asynchronous-operation lifecycle over simulated time, GetOperation and ListOperations.
#include <regex>
#include <set>

#include "tests/fakes/cloudmap/cloudmap_test_util.h"

namespace meshsim::fakes::testing {
namespace {

using cloudmap::OperationStatus;

class OperationsTest : public CloudMapTest {
 protected:
  Result<cloudmap::Operation> Get(const std::string& id) {
    return Call(&CloudMapClient::GetOperation, {.operation_id = id});
  }
  std::vector<std::string> ListIds(std::vector<cloudmap::Filter> filters) {
    Result<cloudmap::ListOperationsResponse> r =
        Call(&CloudMapClient::ListOperations, {.filters = std::move(filters)});
    std::vector<std::string> ids;
    if (!r.ok()) ADD_FAILURE() << r.status().ToString();
    if (r.ok()) {
      for (const auto& op : r->operations) ids.push_back(op.id);
    }
    return ids;
  }
  std::string ns_ = HttpNamespace("apps");
  std::string service_ = PlainService(ns_, "web");
};

TEST_F(OperationsTest, RegisterGoesSubmittedPendingSuccessAndIsDiscoverableOnlyAtSuccess) {
  // The call is answered at +20ms; with fixed timings PENDING starts at +100ms, SUCCESS at +2100ms.
  Result<cloudmap::OperationIdResponse> op =
      Call(&CloudMapClient::RegisterInstance, {.service_id = service_, .instance_id = "i-1"});
  ASSERT_TRUE(op.ok());
  EXPECT_TRUE(std::regex_match(op->operation_id, std::regex("[a-z0-9]{32}-[a-z0-9]{8}")));
  Result<cloudmap::Operation> submitted = Get(op->operation_id);
  ASSERT_TRUE(submitted.ok());
  EXPECT_EQ(submitted->status, OperationStatus::kSubmitted);
  EXPECT_EQ(submitted->type, cloudmap::OperationType::kRegisterInstance);
  EXPECT_EQ(submitted->create_date, submitted->update_date);
  EXPECT_EQ(submitted->targets,
            (std::map<std::string, std::string>{
                {"INSTANCE", "i-1"}, {"NAMESPACE", ns_}, {"SERVICE", service_}}));
  dispatcher_.RunFor(100ms);
  Result<cloudmap::Operation> pending = Get(op->operation_id);
  EXPECT_EQ(pending->status, OperationStatus::kPending);
  EXPECT_GT(*pending->update_date, *pending->create_date);
  cloudmap::DiscoverInstancesRequest req{.namespace_name = "apps", .service_name = "web"};
  EXPECT_TRUE(cloudmap_->DiscoverInstancesNow(req)->instances.empty());
  EXPECT_TRUE(DiscoverIds(req).empty());
  dispatcher_.RunFor(2s);
  Result<cloudmap::Operation> done = Get(op->operation_id);
  EXPECT_EQ(done->status, OperationStatus::kSuccess);
  EXPECT_GT(*done->update_date, *pending->update_date);
  EXPECT_EQ(DiscoverIds(req), std::vector<std::string>{"i-1"});
  EXPECT_EQ(tracer_.Count("cloudmap", "OperationStatus"), 3);
}

TEST_F(OperationsTest, UnknownOperationIsOperationNotFound) {
  Result<cloudmap::Operation> r = Get("nope");
  EXPECT_EQ(r.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(r.status().error_name(), "OperationNotFound");
  EXPECT_EQ(Get("").status().error_name(), "InvalidInput");
}

TEST_F(OperationsTest, ListOperationsFiltersByStatusTypeAndIds) {
  std::string done = Register(service_, "i-1");
  Result<cloudmap::OperationIdResponse> running =
      Call(&CloudMapClient::RegisterInstance, {.service_id = service_, .instance_id = "i-2"});
  Result<cloudmap::OperationIdResponse> ns_op =
      Call(&CloudMapClient::CreateHttpNamespace, {.name = "other"});
  ASSERT_TRUE(running.ok() && ns_op.ok());
  EXPECT_EQ(ListIds({{"STATUS", {"SUCCESS"}, "EQ"}}), std::vector<std::string>{done});
  EXPECT_EQ(ListIds({{"STATUS", {"SUBMITTED", "PENDING"}, "IN"},
                     {"TYPE", {"REGISTER_INSTANCE"}, std::nullopt}}),
            std::vector<std::string>{running->operation_id});
  EXPECT_EQ(ListIds({{"SERVICE_ID", {service_}, "EQ"}}).size(), 2u);
  EXPECT_EQ(ListIds({{"NAMESPACE_ID", {ns_}, "EQ"}}).size(), 2u);
  EXPECT_EQ(ListIds({{"TYPE", {"CREATE_NAMESPACE"}, "EQ"}}),
            std::vector<std::string>{ns_op->operation_id});
  EXPECT_EQ(Call(&CloudMapClient::ListOperations, {.filters = {{"STATUS", {"DONE"}, "EQ"}}})
                .status()
                .error_name(),
            "InvalidInput");
  EXPECT_EQ(Call(&CloudMapClient::ListOperations, {.filters = {{"SERVICE_ID", {service_}, "IN"}}})
                .status()
                .error_name(),
            "InvalidInput");
}

TEST_F(OperationsTest, ListOperationsFiltersByUpdateDate) {
  // ManualDispatcher's wall clock starts at 2026-01-01T00:00:00Z = 1767225600.
  std::string op = Register(service_, "i-1");  // ends at +2.1s
  dispatcher_.RunFor(100s);
  std::string later = Register(service_, "i-2");
  EXPECT_EQ(ListIds({{"UPDATE_DATE", {"1767225600", "1767225610.5"}, "BETWEEN"}}),
            std::vector<std::string>{op});
  EXPECT_EQ(ListIds({{"UPDATE_DATE", {"1767225700", "1767225800"}, "BETWEEN"}}),
            std::vector<std::string>{later});
  EXPECT_EQ(Call(&CloudMapClient::ListOperations,
                 {.filters = {{"UPDATE_DATE", {"yesterday", "today"}, "BETWEEN"}}})
                .status()
                .error_name(),
            "InvalidInput");
}

TEST_F(OperationsTest, ListOperationsPages) {
  for (int i = 0; i < 5; ++i) Register(service_, "i-" + std::to_string(i));
  std::set<std::string> seen;
  std::optional<std::string> token;
  int pages = 0;
  do {
    Result<cloudmap::ListOperationsResponse> r =
        Call(&CloudMapClient::ListOperations, {.max_results = 2, .next_token = token});
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    for (const auto& op : r->operations) seen.insert(op.id);
    token = r->next_token;
    ++pages;
  } while (token);
  EXPECT_EQ(pages, 3);
  EXPECT_EQ(seen.size(), 5u);
}

TEST_F(OperationsTest, EffectOnVanishedResourceEndsInFail) {
  // Deleting a namespace whose services appeared after the request: the operation fails.
  std::string empty_ns = HttpNamespace("empty");
  Result<cloudmap::OperationIdResponse> op =
      Call(&CloudMapClient::DeleteNamespace, {.id = empty_ns});
  ASSERT_TRUE(op.ok());
  PlainService(empty_ns, "late");
  FinishOperations();
  Result<cloudmap::Operation> r = Get(op->operation_id);
  EXPECT_EQ(r->status, OperationStatus::kFail);
  EXPECT_EQ(r->error_code, "INTERNAL_FAILURE");
  EXPECT_TRUE(Call(&CloudMapClient::GetNamespace, {.id = empty_ns}).ok());
}

}  // namespace
}  // namespace meshsim::fakes::testing
