#include "tests/fakes/cloudmap/cloudmap_test_util.h"

#include <algorithm>

namespace meshsim::fakes::testing {

CloudMapOptions FixedTimingOptions() {
  CloudMapOptions options;
  options.api_latency = Distribution::Fixed(20ms);
  options.operation_pending_after = Distribution::Fixed(100ms);
  options.operation_duration = Distribution::Fixed(2s);
  return options;
}

CloudMapTest::CloudMapTest(CloudMapOptions options, uint64_t seed)
    : random_(seed),
      cloudmap_(std::make_unique<FakeCloudMap>(dispatcher_, random_, tracer_, options)),
      client_(cloudmap_->NewClient("test")) {}

std::string CloudMapTest::HttpNamespace(const std::string& name) {
  Result<cloudmap::Namespace> ns =
      cloudmap_->CreateNamespaceNow(name, cloudmap::NamespaceType::kHttp, "");
  if (!ns.ok()) ADD_FAILURE() << ns.status().ToString();
  return ns.ok() ? ns->id : "";
}

std::string CloudMapTest::PrivateNamespace(const std::string& name, const std::string& vpc) {
  Result<cloudmap::Namespace> ns =
      cloudmap_->CreateNamespaceNow(name, cloudmap::NamespaceType::kDnsPrivate, vpc);
  if (!ns.ok()) ADD_FAILURE() << ns.status().ToString();
  return ns.ok() ? ns->id : "";
}

namespace {

std::string IdOrFail(const Result<cloudmap::Service>& s) {
  if (!s.ok()) ADD_FAILURE() << s.status().ToString();
  return s.ok() ? s->id : "";
}

}  // namespace

std::string CloudMapTest::PlainService(const std::string& ns_id, const std::string& name) {
  return IdOrFail(Call(&CloudMapClient::CreateService, {.name = name, .namespace_id = ns_id}));
}

std::string CloudMapTest::CustomHealthService(const std::string& ns_id, const std::string& name) {
  return IdOrFail(Call(&CloudMapClient::CreateService,
                       {.name = name,
                        .namespace_id = ns_id,
                        .health_check_custom_config = cloudmap::HealthCheckCustomConfig{1}}));
}

std::string CloudMapTest::ARecordService(const std::string& ns_id, const std::string& name) {
  cloudmap::DnsConfig dns{.routing_policy = cloudmap::RoutingPolicy::kMultivalue,
                          .dns_records = {{cloudmap::RecordType::kA, 300}}};
  return IdOrFail(Call(&CloudMapClient::CreateService,
                       {.name = name, .namespace_id = ns_id, .dns_config = dns}));
}

std::string CloudMapTest::Register(const std::string& service_id, const std::string& instance_id,
                                   cloudmap::Attributes attributes) {
  Result<cloudmap::OperationIdResponse> op = Call(
      &CloudMapClient::RegisterInstance,
      {.service_id = service_id, .instance_id = instance_id, .attributes = std::move(attributes)});
  if (!op.ok()) {
    ADD_FAILURE() << op.status().ToString();
    return "";
  }
  FinishOperations();
  EXPECT_EQ(OperationStatusOf(op->operation_id), cloudmap::OperationStatus::kSuccess);
  return op->operation_id;
}

std::string CloudMapTest::Deregister(const std::string& service_id,
                                     const std::string& instance_id) {
  Result<cloudmap::OperationIdResponse> op = Call(
      &CloudMapClient::DeregisterInstance, {.service_id = service_id, .instance_id = instance_id});
  if (!op.ok()) {
    ADD_FAILURE() << op.status().ToString();
    return "";
  }
  FinishOperations();
  return op->operation_id;
}

cloudmap::OperationStatus CloudMapTest::OperationStatusOf(const std::string& operation_id) {
  Result<cloudmap::Operation> op =
      Call(&CloudMapClient::GetOperation, {.operation_id = operation_id});
  if (!op.ok()) ADD_FAILURE() << op.status().ToString();
  return op.ok() ? op->status : cloudmap::OperationStatus::kFail;
}

std::vector<std::string> CloudMapTest::DiscoverIds(const cloudmap::DiscoverInstancesRequest& req) {
  Result<cloudmap::DiscoverInstancesResponse> r = Call(&CloudMapClient::DiscoverInstances, req);
  std::vector<std::string> ids;
  if (!r.ok()) {
    ADD_FAILURE() << r.status().ToString();
    return ids;
  }
  for (const auto& i : r->instances) ids.push_back(i.instance_id);
  std::sort(ids.begin(), ids.end());
  return ids;
}

}  // namespace meshsim::fakes::testing
