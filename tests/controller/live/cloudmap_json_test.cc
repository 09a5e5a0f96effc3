// Round trips of every Cloud Map body through the AWS JSON 1.1 codec, and exact JSON for the
// shapes the aws CLI shows.
#include "controller/live/cloudmap_json.h"

#include <chrono>

#include <gtest/gtest.h>

namespace meshsim::live {
namespace {

namespace cm = cloudmap;
using nlohmann::json;

SystemTime At(int64_t millis) { return SystemTime(std::chrono::milliseconds(millis)); }

template <class T>
T RoundTrip(const T& v) {
  Result<T> back = Decode<T>(Encode(v));
  EXPECT_TRUE(back.ok()) << back.status().ToString() << " for " << Encode(v);
  return back.ok() ? *back : T{};
}

TEST(CloudMapJson, NamespaceRequestsRoundTrip) {
  cm::CreateHttpNamespaceRequest http{.name = "howto-k8s-cloudmap.pvt.aws.local",
                                      .creator_request_id = "req-1",
                                      .description = "d",
                                      .tags = {{"k", "v"}}};
  cm::CreateHttpNamespaceRequest http2 = RoundTrip(http);
  EXPECT_EQ(http2.name, http.name);
  EXPECT_EQ(http2.creator_request_id, http.creator_request_id);
  EXPECT_EQ(http2.tags, http.tags);
  cm::CreatePrivateDnsNamespaceRequest priv{.name = "a.local", .vpc = "vpc-1", .soa_ttl = 60};
  cm::CreatePrivateDnsNamespaceRequest priv2 = RoundTrip(priv);
  EXPECT_EQ(priv2.vpc, "vpc-1");
  EXPECT_EQ(priv2.soa_ttl, 60);
  EXPECT_EQ(json::parse(Encode(priv))["Properties"]["DnsProperties"]["SOA"]["TTL"], 60);
  cm::CreatePublicDnsNamespaceRequest pub{.name = "example.com", .soa_ttl = 15};
  EXPECT_EQ(RoundTrip(pub).soa_ttl, 15);
  EXPECT_EQ(RoundTrip(cm::GetNamespaceRequest{.id = "ns-1"}).id, "ns-1");
  EXPECT_EQ(RoundTrip(cm::DeleteNamespaceRequest{.id = "ns-2"}).id, "ns-2");
  cm::ListNamespacesRequest list{.max_results = 2, .next_token = "t",
                                 .filters = {{"TYPE", {"HTTP"}, "EQ"}}};
  cm::ListNamespacesRequest list2 = RoundTrip(list);
  EXPECT_EQ(list2.max_results, 2);
  EXPECT_EQ(list2.next_token, "t");
  EXPECT_EQ(list2.filters, list.filters);
}

TEST(CloudMapJson, ServiceRequestsRoundTrip) {
  cm::CreateServiceRequest create{
      .name = "colorteller",
      .namespace_id = "ns-1",
      .creator_request_id = "c",
      .description = "d",
      .dns_config = cm::DnsConfig{.routing_policy = cm::RoutingPolicy::kMultivalue,
                                  .dns_records = {{cm::RecordType::kA, 300}}},
      .health_check_config = cm::HealthCheckConfig{.type = cm::HealthCheckType::kHttp,
                                                   .resource_path = "/ping",
                                                   .failure_threshold = 3},
      .health_check_custom_config = cm::HealthCheckCustomConfig{.failure_threshold = 1},
      .tags = {{"a", "b"}},
      .type = "HTTP"};
  cm::CreateServiceRequest c2 = RoundTrip(create);
  EXPECT_EQ(c2.name, create.name);
  EXPECT_EQ(c2.dns_config, create.dns_config);
  EXPECT_EQ(c2.health_check_config, create.health_check_config);
  EXPECT_EQ(c2.health_check_custom_config, create.health_check_custom_config);
  EXPECT_EQ(c2.type, "HTTP");
  EXPECT_EQ(json::parse(Encode(create))["DnsConfig"],
            json::parse(R"({"RoutingPolicy":"MULTIVALUE","DnsRecords":[{"Type":"A","TTL":300}]})"));
  cm::UpdateServiceRequest update{.id = "srv-1", .description = "x",
                                  .dns_records = std::vector<cm::DnsRecord>{{cm::RecordType::kSrv, 5}}};
  cm::UpdateServiceRequest u2 = RoundTrip(update);
  EXPECT_EQ(u2.id, "srv-1");
  EXPECT_EQ(u2.description, "x");
  EXPECT_EQ(u2.dns_records, update.dns_records);
  EXPECT_EQ(json::parse(Encode(update))["Service"]["DnsConfig"]["DnsRecords"][0]["Type"], "SRV");
  EXPECT_EQ(RoundTrip(cm::GetServiceRequest{.id = "srv-2"}).id, "srv-2");
  EXPECT_EQ(RoundTrip(cm::DeleteServiceRequest{.id = "srv-3"}).id, "srv-3");
  EXPECT_EQ(RoundTrip(cm::ListServicesRequest{.filters = {{"NAMESPACE_ID", {"ns-1"}, {}}}}).filters
                .at(0).values, std::vector<std::string>{"ns-1"});
}

TEST(CloudMapJson, InstanceAndHealthRequestsRoundTrip) {
  cm::RegisterInstanceRequest reg{.service_id = "srv-1", .instance_id = "192.168.10.38",
                                  .creator_request_id = "r",
                                  .attributes = {{"AWS_INSTANCE_IPV4", "192.168.10.38"},
                                                 {"version", "blue"}}};
  cm::RegisterInstanceRequest reg2 = RoundTrip(reg);
  EXPECT_EQ(reg2.attributes, reg.attributes);
  EXPECT_EQ(reg2.creator_request_id, "r");
  EXPECT_EQ(RoundTrip(cm::DeregisterInstanceRequest{"s", "i"}).instance_id, "i");
  EXPECT_EQ(RoundTrip(cm::GetInstanceRequest{"s", "i"}).service_id, "s");
  cm::ListInstancesRequest li{.service_id = "s", .max_results = 1, .next_token = "n"};
  EXPECT_EQ(RoundTrip(li).next_token, "n");
  cm::DiscoverInstancesRequest d{.namespace_name = "ns", .service_name = "colorteller",
                                 .max_results = 10, .query_parameters = {{"version", "blue"}},
                                 .optional_parameters = {{"zone", "a"}},
                                 .health_status = cm::HealthStatusFilter::kHealthyOrElseAll,
                                 .owner_account = "123"};
  cm::DiscoverInstancesRequest d2 = RoundTrip(d);
  EXPECT_EQ(d2.query_parameters, d.query_parameters);
  EXPECT_EQ(d2.optional_parameters, d.optional_parameters);
  EXPECT_EQ(d2.health_status, d.health_status);
  EXPECT_EQ(d2.owner_account, "123");
  EXPECT_EQ(RoundTrip(cm::DiscoverInstancesRevisionRequest{"ns", "svc", {}}).service_name, "svc");
  EXPECT_EQ(RoundTrip(cm::GetOperationRequest{"op-1", {}}).operation_id, "op-1");
  EXPECT_EQ(RoundTrip(cm::ListOperationsRequest{.max_results = 3}).max_results, 3);
  cm::GetInstancesHealthStatusRequest h{.service_id = "s", .instances = {"a", "b"}};
  EXPECT_EQ(RoundTrip(h).instances, h.instances);
  cm::UpdateInstanceCustomHealthStatusRequest u{"s", "i", cm::CustomHealthStatus::kUnhealthy};
  EXPECT_EQ(RoundTrip(u).status, cm::CustomHealthStatus::kUnhealthy);
  EXPECT_EQ(json::parse(Encode(u))["Status"], "UNHEALTHY");
}

cm::Namespace SampleNamespace() {
  return cm::Namespace{.id = "ns-abc", .arn = "arn:aws:servicediscovery:us-west-2:1:namespace/ns-abc",
                       .resource_owner = "1", .name = "howto.local",
                       .type = cm::NamespaceType::kDnsPrivate, .description = "d",
                       .service_count = 2,
                       .properties = {.hosted_zone_id = "Z1", .soa_ttl = 15, .http_name = "howto.local"},
                       .create_date = At(1597352146593), .creator_request_id = "c"};
}

cm::Service SampleService() {
  return cm::Service{.id = "srv-1", .arn = "arn:s", .name = "colorteller", .namespace_id = "ns-abc",
                     .instance_count = 4,
                     .dns_config = cm::DnsConfig{.namespace_id = "ns-abc",
                                                 .routing_policy = cm::RoutingPolicy::kWeighted,
                                                 .dns_records = {{cm::RecordType::kA, 300}}},
                     .type = "DNS_HTTP",
                     .health_check_custom_config = cm::HealthCheckCustomConfig{.failure_threshold = 1},
                     .create_date = At(1000), .creator_request_id = "c", .created_by_account = "1"};
}

TEST(CloudMapJson, ResponsesRoundTrip) {
  EXPECT_EQ(RoundTrip(cm::OperationIdResponse{"op-1"}).operation_id, "op-1");
  EXPECT_EQ(RoundTrip(SampleNamespace()), SampleNamespace());
  EXPECT_EQ(RoundTrip(SampleService()), SampleService());
  cm::ListNamespacesResponse ln{.namespaces = {SampleNamespace()}, .next_token = "t"};
  EXPECT_EQ(RoundTrip(ln).namespaces, ln.namespaces);
  EXPECT_EQ(RoundTrip(ln).next_token, "t");
  cm::ListServicesResponse ls{.services = {SampleService(), SampleService()}};
  EXPECT_EQ(RoundTrip(ls).services, ls.services);
  cm::Instance inst{.id = "i", .creator_request_id = "c", .attributes = {{"a", "b"}},
                    .created_by_account = "1"};
  cm::GetInstanceResponse gi{.resource_owner = "1", .instance = inst};
  EXPECT_EQ(RoundTrip(gi).instance, inst);
  EXPECT_EQ(RoundTrip(gi).resource_owner, "1");
  cm::ListInstancesResponse li{.resource_owner = "1", .instances = {inst}, .next_token = "n"};
  EXPECT_EQ(RoundTrip(li).instances, li.instances);
  cm::DiscoverInstancesResponse di{
      .instances = {{"i", "ns", "svc", cm::HealthStatus::kUnknown, {{"k", "v"}}}},
      .instances_revision = 7};
  EXPECT_EQ(RoundTrip(di).instances, di.instances);
  EXPECT_EQ(RoundTrip(di).instances_revision, 7);
  EXPECT_EQ(RoundTrip(cm::DiscoverInstancesRevisionResponse{42}).instances_revision, 42);
  cm::Operation op{.id = "op", .owner_account = "1", .type = cm::OperationType::kCreateNamespace,
                   .status = cm::OperationStatus::kFail, .error_message = "m",
                   .error_code = "INTERNAL_FAILURE", .create_date = At(2500),
                   .update_date = At(3000), .targets = {{"NAMESPACE", "ns-1"}}};
  EXPECT_EQ(RoundTrip(op), op);
  cm::ListOperationsResponse lo{.operations = {{"op", cm::OperationStatus::kPending}}};
  EXPECT_EQ(RoundTrip(lo).operations, lo.operations);
  cm::GetInstancesHealthStatusResponse hs{
      .status = {{"a", cm::HealthStatus::kHealthy}, {"b", cm::HealthStatus::kUnhealthy}},
      .next_token = "n"};
  EXPECT_EQ(RoundTrip(hs).status, hs.status);
  EXPECT_TRUE(Decode<Empty>(Encode(Empty{})).ok());
  EXPECT_EQ(Encode(Empty{}), "{}");
}

TEST(CloudMapJson, DiscoverInstancesResponseIsExactlyWhatAwsSends) {
  cm::DiscoverInstancesResponse di{
      .instances = {{"192.168.10.38", "howto-k8s-cloudmap.pvt.aws.local", "colorteller",
                     cm::HealthStatus::kHealthy,
                     {{"AWS_INSTANCE_IPV4", "192.168.10.38"}, {"version", "blue"}}}},
      .instances_revision = 3};
  EXPECT_EQ(Encode(di),
            R"({"Instances":[{"Attributes":{"AWS_INSTANCE_IPV4":"192.168.10.38","version":"blue"},)"
            R"("HealthStatus":"HEALTHY","InstanceId":"192.168.10.38",)"
            R"("NamespaceName":"howto-k8s-cloudmap.pvt.aws.local","ServiceName":"colorteller"}],)"
            R"("InstancesRevision":3})");
}

TEST(CloudMapJson, NamespaceCarriesBothPropertyGroupsAndMillisecondDates) {
  cm::Namespace ns{.id = "ns-1", .arn = "a", .name = "h", .type = cm::NamespaceType::kHttp,
                   .properties = {.http_name = "h"}, .create_date = At(1597352146593)};
  json j = json::parse(Encode(ns));
  EXPECT_EQ(j["Namespace"]["Properties"],
            json::parse(R"({"DnsProperties":{"SOA":{}},"HttpProperties":{"HttpName":"h"}})"));
  EXPECT_EQ(j["Namespace"]["Type"], "HTTP");
  EXPECT_DOUBLE_EQ(j["Namespace"]["CreateDate"].get<double>(), 1597352146.593);
  EXPECT_FALSE(j["Namespace"].contains("Description"));
  EXPECT_FALSE(j["Namespace"].contains("ServiceCount"));
}

TEST(CloudMapJson, RequestsOmitUnsetOptionals) {
  EXPECT_EQ(Encode(cm::CreateHttpNamespaceRequest{.name = "n"}), R"({"Name":"n"})");
  EXPECT_EQ(Encode(cm::ListServicesRequest{}), "{}");
  EXPECT_EQ(Encode(cm::RegisterInstanceRequest{.service_id = "s", .instance_id = "i"}),
            R"({"Attributes":{},"InstanceId":"i","ServiceId":"s"})");
}

}  // namespace
}  // namespace meshsim::live
