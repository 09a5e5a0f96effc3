#include "tools/serve/xds/ads_server.h"

#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "envoy/config/cluster/v3/cluster.pb.h"
#include "envoy/config/endpoint/v3/endpoint.pb.h"
#include "envoy/config/listener/v3/listener.pb.h"
#include "envoy/config/route/v3/route.pb.h"
#include "envoy/extensions/filters/network/http_connection_manager/v3/http_connection_manager.pb.h"
#include "envoy/service/discovery/v3/ads.grpc.pb.h"
#include "fakes/xds/xds_control_plane.h"

namespace meshsim::serve::xds {
namespace {

using namespace std::chrono_literals;
using envoy::service::discovery::v3::AggregatedDiscoveryService;
using envoy::service::discovery::v3::DeltaDiscoveryRequest;
using envoy::service::discovery::v3::DeltaDiscoveryResponse;
using envoy::service::discovery::v3::DiscoveryRequest;
using envoy::service::discovery::v3::DiscoveryResponse;
namespace fx = fakes::xds;

constexpr char kNode[] = "front-1";
const std::string kLdsUrl = "type.googleapis.com/envoy.config.listener.v3.Listener";
const std::string kRdsUrl = "type.googleapis.com/envoy.config.route.v3.RouteConfiguration";
const std::string kCdsUrl = "type.googleapis.com/envoy.config.cluster.v3.Cluster";
const std::string kEdsUrl = "type.googleapis.com/envoy.config.endpoint.v3.ClusterLoadAssignment";
// Only bounds a test that would otherwise hang on a server that never answers.
constexpr auto kWait = 20s;

// A mesh with listener "colorapp" routing to `clusters`, each with the endpoints given.
fx::Resources Mesh(const std::map<std::string, std::vector<fakes::Endpoint>>& clusters) {
  fx::Resources r;
  r.listeners["colorapp"] = {.name = "colorapp", .route_config_name = "route/colorapp"};
  fx::RouteConfiguration& route = r.routes["route/colorapp"];
  route.name = "route/colorapp";
  for (const auto& [name, endpoints] : clusters) {
    route.clusters.push_back({.cluster = name, .weight = 50});
    r.clusters[name] = {.name = name, .eds_service_name = name};
    r.endpoints[name] = {.cluster_name = name, .endpoints = endpoints};
  }
  return r;
}
fakes::Endpoint Healthy(const std::string& ip) {
  return {.address = ip, .port = 8080, .health = cloudmap::HealthStatus::kHealthy};
}

class AdsServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Publish(Mesh({{"blue", {Healthy("10.0.1.1")}}}));
    ASSERT_TRUE(server_.Start().ok());
    channel_ = grpc::CreateChannel("127.0.0.1:" + std::to_string(server_.port()),
                                   grpc::InsecureChannelCredentials());
    stub_ = AggregatedDiscoveryService::NewStub(channel_);
    context_.set_deadline(std::chrono::system_clock::now() + 2 * kWait);
    stream_ = stub_->StreamAggregatedResources(&context_);
  }
  void TearDown() override {
    context_.TryCancel();
    server_.Shutdown();
  }
  // Publishes `r` as the node's next snapshot.
  void Publish(fx::Resources r) { store_.Publish(kNode, versioner_.Stamp(kNode, std::move(r))); }
  void Request(const std::string& url, std::vector<std::string> names,
               const DiscoveryResponse* answering = nullptr, const char* error = nullptr) {
    DiscoveryRequest req;
    req.mutable_node()->set_id(kNode);
    req.mutable_node()->set_cluster("howto-k8s-cloudmap/front");
    req.set_type_url(url);
    for (auto& n : names) req.add_resource_names(n);
    if (answering != nullptr) {
      req.set_response_nonce(answering->nonce());
      req.set_version_info(answering->version_info());
    }
    if (error != nullptr) req.mutable_error_detail()->set_message(error);
    ASSERT_TRUE(stream_->Write(req));
  }
  void Ack(const DiscoveryResponse& r, std::vector<std::string> names) {
    Request(r.type_url(), std::move(names), &r);
  }
  DiscoveryResponse Read() {
    DiscoveryResponse r;
    EXPECT_TRUE(stream_->Read(&r));
    return r;
  }
  // Opens a second state-of-the-world stream as node `id` of `cluster`, requests CDS and
  // returns the only cluster of the first response (an empty one, with a failure, otherwise).
  envoy::config::cluster::v3::Cluster OnlyClusterServedTo(const std::string& id,
                                                          const std::string& cluster) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + kWait);
    auto other = stub_->StreamAggregatedResources(&context);
    DiscoveryRequest req;
    req.mutable_node()->set_id(id);
    if (!cluster.empty()) req.mutable_node()->set_cluster(cluster);
    req.set_type_url(kCdsUrl);
    DiscoveryResponse r;
    envoy::config::cluster::v3::Cluster out;
    EXPECT_TRUE(other->Write(req) && other->Read(&r));
    EXPECT_EQ(r.resources_size(), 1);
    if (r.resources_size() == 1) EXPECT_TRUE(r.resources(0).UnpackTo(&out));
    context.TryCancel();
    return out;
  }
  NodeStatus WaitFor(const std::function<bool(const NodeStatus&)>& done) {
    EXPECT_TRUE(server_.WaitFor(kNode, done, std::chrono::duration_cast<std::chrono::milliseconds>(kWait)));
    return *server_.StatusOf(kNode);
  }

  fx::Versioner versioner_;
  SnapshotStore store_;
  std::vector<std::string> log_;
  AdsServer server_{store_, {.address = "127.0.0.1:0"}};
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<AggregatedDiscoveryService::Stub> stub_;
  grpc::ClientContext context_;
  std::unique_ptr<grpc::ClientReaderWriter<DiscoveryRequest, DiscoveryResponse>> stream_;
};

TEST_F(AdsServerTest, ListenerHasRdsOverAdsAndTheRouterFilterLast) {
  Request(kLdsUrl, {"colorapp"});
  DiscoveryResponse r = Read();
  EXPECT_EQ(r.type_url(), kLdsUrl);
  EXPECT_FALSE(r.version_info().empty());
  EXPECT_FALSE(r.nonce().empty());
  ASSERT_EQ(r.resources_size(), 1);
  envoy::config::listener::v3::Listener listener;
  ASSERT_TRUE(r.resources(0).UnpackTo(&listener));
  EXPECT_EQ(listener.name(), "colorapp");
  envoy::extensions::filters::network::http_connection_manager::v3::HttpConnectionManager hcm;
  ASSERT_TRUE(listener.api_listener().api_listener().UnpackTo(&hcm));
  EXPECT_EQ(hcm.rds().route_config_name(), "route/colorapp");
  EXPECT_TRUE(hcm.rds().config_source().has_ads());
  ASSERT_GE(hcm.http_filters_size(), 1);
  EXPECT_EQ(hcm.http_filters(hcm.http_filters_size() - 1).name(), "envoy.filters.http.router");
}

TEST_F(AdsServerTest, AckRecordsTheAppliedVersion) {
  Request(kEdsUrl, {"blue"});
  DiscoveryResponse r = Read();
  Ack(r, {"blue"});
  NodeStatus s = WaitFor([](const NodeStatus& s) { return s.types[3].acks == 1; });
  EXPECT_EQ(s.types[3].acked_version, r.version_info());
  EXPECT_EQ(s.types[3].nacks, 0);
  EXPECT_EQ(s.cluster, "howto-k8s-cloudmap/front");
}

TEST_F(AdsServerTest, EndpointsCarryAddressPortLocalityWeightAndHealthStatus) {
  Publish(Mesh({{"blue", {Healthy("10.0.1.1"),
                          {.address = "10.0.1.2", .port = 8080, .health = cloudmap::HealthStatus::kUnhealthy},
                          {.address = "10.0.1.3", .port = 9090}}}}));
  Request(kEdsUrl, {"blue"});
  DiscoveryResponse r = Read();
  ASSERT_EQ(r.resources_size(), 1);
  envoy::config::endpoint::v3::ClusterLoadAssignment cla;
  ASSERT_TRUE(r.resources(0).UnpackTo(&cla));
  EXPECT_EQ(cla.cluster_name(), "blue");
  ASSERT_EQ(cla.endpoints_size(), 1);
  EXPECT_GT(cla.endpoints(0).load_balancing_weight().value(), 0u);
  const auto& lbs = cla.endpoints(0).lb_endpoints();
  ASSERT_EQ(lbs.size(), 3);
  EXPECT_EQ(lbs[0].endpoint().address().socket_address().address(), "10.0.1.1");
  EXPECT_EQ(lbs[0].endpoint().address().socket_address().port_value(), 8080u);
  EXPECT_EQ(lbs[0].health_status(), envoy::config::core::v3::HEALTHY);
  EXPECT_EQ(lbs[1].health_status(), envoy::config::core::v3::UNHEALTHY);
  EXPECT_EQ(lbs[2].health_status(), envoy::config::core::v3::UNKNOWN);
  EXPECT_EQ(lbs[2].endpoint().address().socket_address().port_value(), 9090u);
}

TEST_F(AdsServerTest, NackKeepsTheOldVersionAndIsNotAnsweredWithTheSameVersion) {
  Request(kEdsUrl, {"blue"});
  DiscoveryResponse v1 = Read();
  Ack(v1, {"blue"});
  WaitFor([](const NodeStatus& s) { return s.types[3].acks == 1; });  // before v2 makes it stale
  Publish(Mesh({{"blue", {Healthy("10.0.1.1"), Healthy("10.0.1.2")}}}));
  DiscoveryResponse v2 = Read();
  ASSERT_NE(v2.version_info(), v1.version_info());
  // NACK: the request carries the last good version and the rejected response's nonce.
  DiscoveryRequest nack;
  nack.mutable_node()->set_id(kNode);
  nack.set_type_url(kEdsUrl);
  nack.add_resource_names("blue");
  nack.set_version_info(v1.version_info());
  nack.set_response_nonce(v2.nonce());
  nack.mutable_error_detail()->set_message("rejected by test");
  ASSERT_TRUE(stream_->Write(nack));
  NodeStatus s = WaitFor([](const NodeStatus& s) { return s.types[3].nacks == 1; });
  EXPECT_EQ(s.types[3].acked_version, v1.version_info());
  EXPECT_EQ(s.types[3].nacked_version, v2.version_info());
  EXPECT_EQ(s.types[3].last_error, "rejected by test");
  // Nothing is resent for the NACK: the next response is the next change.
  Publish(Mesh({{"blue", {Healthy("10.0.1.3")}}}));
  DiscoveryResponse v3 = Read();
  EXPECT_NE(v3.version_info(), v2.version_info());
  EXPECT_NE(v3.version_info(), v1.version_info());
  Ack(v3, {"blue"});
  s = WaitFor([](const NodeStatus& s) { return s.types[3].acks == 2; });
  EXPECT_EQ(s.types[3].acked_version, v3.version_info());
}

TEST_F(AdsServerTest, ARequestWithAStaleNonceIsIgnored) {
  Request(kEdsUrl, {"blue"});
  DiscoveryResponse r1 = Read();
  Publish(Mesh({{"blue", {Healthy("10.0.1.2")}}}));
  DiscoveryResponse r2 = Read();
  // Answers r1 (no longer the latest) with other names and a NACK: all of it is ignored.
  DiscoveryRequest stale;
  stale.mutable_node()->set_id(kNode);
  stale.set_type_url(kEdsUrl);
  stale.add_resource_names("blue");
  stale.add_resource_names("red");
  stale.set_response_nonce(r1.nonce());
  stale.mutable_error_detail()->set_message("too late");
  ASSERT_TRUE(stream_->Write(stale));
  NodeStatus s = WaitFor([](const NodeStatus& s) { return s.types[3].stale == 1; });
  EXPECT_EQ(s.types[3].nacks, 0);
  EXPECT_EQ(s.types[3].sent_nonce, r2.nonce());
  Ack(r2, {"blue"});
  s = WaitFor([](const NodeStatus& s) { return s.types[3].acks == 1; });
  EXPECT_EQ(s.types[3].acked_version, r2.version_info());
  // Had the stale request been answered (its names changed), that answer would come first.
  Publish(Mesh({{"blue", {Healthy("10.0.1.3")}}}));
  DiscoveryResponse r3 = Read();
  EXPECT_EQ(s.types[3].responses, 2);
  EXPECT_NE(r3.version_info(), r2.version_info());
}

TEST_F(AdsServerTest, ClustersWarmUntilTheirEndpointsAreAckedAndRoutesWaitForThem) {
  Request(kRdsUrl, {"route/colorapp"});
  DiscoveryResponse rds1 = Read();
  Ack(rds1, {"route/colorapp"});
  Request(kCdsUrl, {});
  DiscoveryResponse cds1 = Read();
  ASSERT_EQ(cds1.resources_size(), 1);
  Ack(cds1, {});
  NodeStatus s = WaitFor([](const NodeStatus& s) { return s.types[2].acks == 1; });
  EXPECT_EQ(s.warming_clusters, std::set<std::string>{"blue"});
  EXPECT_EQ(s.applied_cds_version, "");  // acked, but its cluster has no endpoints yet

  Request(kEdsUrl, {"blue"});
  DiscoveryResponse eds1 = Read();
  Ack(eds1, {"blue"});
  s = WaitFor([](const NodeStatus& s) { return s.types[3].acks == 1; });
  EXPECT_TRUE(s.warming_clusters.empty());
  EXPECT_EQ(s.applied_cds_version, cds1.version_info());

  // red appears: CDS, then EDS (of the names subscribed so far); the route to red waits.
  Publish(Mesh({{"blue", {Healthy("10.0.1.1")}}, {"red", {Healthy("10.0.2.1")}}}));
  DiscoveryResponse cds2 = Read();
  EXPECT_EQ(cds2.type_url(), kCdsUrl);
  EXPECT_EQ(cds2.resources_size(), 2);
  DiscoveryResponse eds2 = Read();
  EXPECT_EQ(eds2.type_url(), kEdsUrl);
  Ack(cds2, {});
  Request(kEdsUrl, {"blue", "red"}, &eds2);  // ACKs eds2 and subscribes to red
  DiscoveryResponse eds3 = Read();
  EXPECT_EQ(eds3.type_url(), kEdsUrl) << "the route was not held while red was warming";
  EXPECT_EQ(eds3.resources_size(), 2);
  Ack(eds3, {"blue", "red"});
  DiscoveryResponse rds2 = Read();
  ASSERT_EQ(rds2.type_url(), kRdsUrl);
  envoy::config::route::v3::RouteConfiguration route;
  ASSERT_TRUE(rds2.resources(0).UnpackTo(&route));
  EXPECT_EQ(route.virtual_hosts(0).routes(0).route().weighted_clusters().clusters_size(), 2);
  s = WaitFor([&](const NodeStatus& s) { return s.applied_cds_version == cds2.version_info(); });
  EXPECT_TRUE(s.warming_clusters.empty());
}

TEST_F(AdsServerTest, UnknownNodesGetTheDefaultSnapshot) {
  store_.Publish(fx::XdsControlPlane::kDefaultNode,
                 versioner_.Stamp("", Mesh({{"green", {Healthy("10.0.3.1")}}})));
  envoy::config::cluster::v3::Cluster cluster = OnlyClusterServedTo("not-a-pod", "");
  EXPECT_EQ(cluster.name(), "green");
  EXPECT_EQ(cluster.type(), envoy::config::cluster::v3::Cluster::EDS);
  EXPECT_EQ(cluster.eds_cluster_config().service_name(), "green");
}

TEST_F(AdsServerTest, ANodeThatIsNoPodGetsItsVirtualNodesSnapshot) {
  store_.Publish(fx::XdsControlPlane::VirtualNodeKey("ns/front"),
                 versioner_.Stamp("vn", Mesh({{"yellow", {Healthy("10.0.4.1")}}})));
  EXPECT_EQ(OnlyClusterServedTo("not-a-pod", "ns/front").name(), "yellow");
}

TEST_F(AdsServerTest, DeltaSendsOnlyChangesAndRemovals) {
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + kWait);
  auto delta = stub_->DeltaAggregatedResources(&context);
  DeltaDiscoveryRequest req;
  req.mutable_node()->set_id(kNode);
  req.set_type_url(kEdsUrl);
  req.add_resource_names_subscribe("blue");
  ASSERT_TRUE(delta->Write(req));
  DeltaDiscoveryResponse r1;
  ASSERT_TRUE(delta->Read(&r1));
  ASSERT_EQ(r1.resources_size(), 1);
  EXPECT_EQ(r1.resources(0).name(), "blue");
  EXPECT_FALSE(r1.resources(0).version().empty());

  DeltaDiscoveryRequest ack;
  ack.set_type_url(kEdsUrl);
  ack.set_response_nonce(r1.nonce());
  ASSERT_TRUE(delta->Write(ack));
  NodeStatus s = WaitFor([](const NodeStatus& s) { return s.types[3].acks == 1; });
  EXPECT_TRUE(s.delta);
  EXPECT_EQ(s.types[3].acked_version, r1.system_version_info());

  // red is added (not subscribed: nothing for it) and blue changes: only blue is sent.
  Publish(Mesh({{"blue", {Healthy("10.0.1.9")}}, {"red", {Healthy("10.0.2.1")}}}));
  DeltaDiscoveryResponse r2;
  ASSERT_TRUE(delta->Read(&r2));
  ASSERT_EQ(r2.resources_size(), 1);
  EXPECT_EQ(r2.resources(0).name(), "blue");
  EXPECT_NE(r2.resources(0).version(), r1.resources(0).version());
  ack.set_response_nonce(r2.nonce());
  ASSERT_TRUE(delta->Write(ack));
  // blue goes away: a removal.
  Publish(Mesh({{"red", {Healthy("10.0.2.1")}}}));
  DeltaDiscoveryResponse r3;
  ASSERT_TRUE(delta->Read(&r3));
  EXPECT_EQ(r3.resources_size(), 0);
  ASSERT_EQ(r3.removed_resources_size(), 1);
  EXPECT_EQ(r3.removed_resources(0), "blue");
  context.TryCancel();
}

}  // namespace
}  // namespace meshsim::serve::xds
