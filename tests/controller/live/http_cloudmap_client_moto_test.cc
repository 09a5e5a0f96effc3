// HttpCloudMapClient against moto's real server (label: integration). Skipped, with the
// reason printed, when moto or the aws CLI is not installed.
#include <gtest/gtest.h>

#include "controller/live/http_cloudmap_client.h"
#include "tests/controller/live/moto_server.h"

namespace meshsim::live {
namespace {

using std::chrono::milliseconds;

// Calls `start(callback)` and runs the dispatcher (at most 10 s) until the callback ran.
template <class T, class F>
Result<T> Await(AsioDispatcher& d, F start) {
  std::optional<Result<T>> got;
  start([&](Result<T> r) { got.emplace(std::move(r)); });
  for (int i = 0; i < 1000 && !got; ++i) d.RunFor(milliseconds(10));
  if (!got) return Status(StatusCode::kDeadlineExceeded, "TestTimeout", "no callback in 10s");
  return std::move(*got);
}

TEST(HttpCloudMapClientMoto, CreatesNamespaceServiceAndRegistersDiscoverableInstance) {
  if (std::string why = testing::MotoSkipReason(); !why.empty()) GTEST_SKIP() << why;
  testing::MotoServer moto;
  ASSERT_TRUE(moto.Start()) << moto.log();
  AsioDispatcher d;
  HttpCloudMapClient client(d, {.endpoint = *ParseEndpoint(moto.url()), .region = "us-west-2",
                                .credentials = {.access_key_id = "testing",
                                                .secret_access_key = "testing"}});
  using namespace cloudmap;
  auto op = Await<OperationIdResponse>(d, [&](auto cb) {
    client.CreateHttpNamespace({.name = "live-test.local"}, cb);
  });
  ASSERT_TRUE(op.ok()) << op.status().ToString();
  auto operation = Await<Operation>(d, [&](auto cb) {
    client.GetOperation({.operation_id = op->operation_id}, cb);
  });
  ASSERT_TRUE(operation.ok()) << operation.status().ToString();
  EXPECT_EQ(operation->status, OperationStatus::kSuccess);
  std::string ns_id = operation->targets["NAMESPACE"];
  ASSERT_FALSE(ns_id.empty());

  auto svc = Await<Service>(d, [&](auto cb) {
    client.CreateService({.name = "colorapp", .namespace_id = ns_id}, cb);
  });
  ASSERT_TRUE(svc.ok()) << svc.status().ToString();
  auto reg = Await<OperationIdResponse>(d, [&](auto cb) {
    client.RegisterInstance({.service_id = svc->id, .instance_id = "10.0.0.7",
                             .attributes = {{"AWS_INSTANCE_IPV4", "10.0.0.7"}, {"version", "blue"}}},
                            cb);
  });
  ASSERT_TRUE(reg.ok()) << reg.status().ToString();

  auto found = Await<DiscoverInstancesResponse>(d, [&](auto cb) {
    client.DiscoverInstances({.namespace_name = "live-test.local", .service_name = "colorapp",
                              .query_parameters = {{"version", "blue"}}},
                             cb);
  });
  ASSERT_TRUE(found.ok()) << found.status().ToString();
  ASSERT_EQ(found->instances.size(), 1u);
  EXPECT_EQ(found->instances[0].instance_id, "10.0.0.7");
  EXPECT_EQ(found->instances[0].attributes.at("version"), "blue");

  auto missing = Await<Service>(d, [&](auto cb) { client.GetService({.id = "srv-nope"}, cb); });
  EXPECT_EQ(missing.status().code(), StatusCode::kNotFound) << missing.status().ToString();
}

}  // namespace
}  // namespace meshsim::live
