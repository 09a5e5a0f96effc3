#include "fakes/traffic/upstream_cluster.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "tests/fakes/traffic/live_hosts.h"
#include "tests/support/manual_dispatcher.h"
#include "tests/support/test_random.h"

namespace meshsim::fakes {
namespace {

using namespace std::chrono_literals;
using ::meshsim::testing::LiveHosts;
using ::meshsim::testing::ManualDispatcher;
using ::meshsim::testing::TestRandom;
using Strings = std::vector<std::string>;

ClusterLoadAssignmentPtr Cla(uint64_t version, std::vector<Endpoint> endpoints) {
  return std::make_shared<const ClusterLoadAssignment>(
      ClusterLoadAssignment{.cluster_name = "ns/blue",
                            .version = std::to_string(version),
                            .version_number = version,
                            .endpoints = std::move(endpoints)});
}
Endpoint Ep(const std::string& a, cloudmap::HealthStatus h = cloudmap::HealthStatus::kUnknown) {
  return Endpoint{.address = a, .port = 8080, .health = h};
}
appmesh::HealthCheckPolicy Check(int64_t interval_ms, int32_t unhealthy, int32_t healthy) {
  appmesh::HealthCheckPolicy p;
  p.interval_millis = interval_ms;
  p.unhealthy_threshold = unhealthy;
  p.healthy_threshold = healthy;
  return p;
}

class UpstreamClusterTest : public ::testing::Test {
 protected:
  Strings Picks(UpstreamCluster& c, int n) {
    Strings out;
    for (int i = 0; i < n; ++i) {
      const UpstreamCluster::Host* h = c.Pick(random_);
      out.push_back(h == nullptr ? "-" : h->address);
    }
    return out;
  }
  Strings Addresses(const UpstreamCluster& c) {
    Strings out;
    for (const auto& h : c.hosts()) out.push_back(h.address);
    return out;
  }

  ManualDispatcher dispatcher_;
  TestRandom random_;
  LiveHosts live_{{"10.0.0.1", "10.0.0.2", "10.0.0.3"}};
  DataPlaneOptions options_;
};

TEST_F(UpstreamClusterTest, RoundRobinsOverTheAssignment) {
  UpstreamCluster c(dispatcher_, live_, options_, std::nullopt);
  EXPECT_EQ(c.Pick(random_), nullptr);
  c.Sync(Cla(1, {Ep("10.0.0.1"), Ep("10.0.0.2")}));
  EXPECT_EQ(Picks(c, 4), (Strings{"10.0.0.1", "10.0.0.2", "10.0.0.1", "10.0.0.2"}));
  c.Sync(nullptr);
  EXPECT_EQ(c.Pick(random_), nullptr);
}

TEST_F(UpstreamClusterTest, RandomPolicyUsesEveryHost) {
  options_.lb_policy = LbPolicy::kRandom;
  UpstreamCluster c(dispatcher_, live_, options_, std::nullopt);
  c.Sync(Cla(1, {Ep("10.0.0.1"), Ep("10.0.0.2"), Ep("10.0.0.3")}));
  Strings picks = Picks(c, 60);
  for (const char* a : {"10.0.0.1", "10.0.0.2", "10.0.0.3"}) {
    EXPECT_GT(std::count(picks.begin(), picks.end(), a), 5) << a;
  }
}

TEST_F(UpstreamClusterTest, SkipsUnhealthyEndpointsUntilPanic) {
  UpstreamCluster c(dispatcher_, live_, options_, std::nullopt);
  c.Sync(Cla(1, {Ep("10.0.0.1"), Ep("10.0.0.2", cloudmap::HealthStatus::kUnhealthy)}));
  EXPECT_EQ(Picks(c, 2), (Strings{"10.0.0.1", "10.0.0.1"}));  // 50% healthy: no panic
  c.Sync(Cla(2, {Ep("10.0.0.1"), Ep("10.0.0.2", cloudmap::HealthStatus::kUnhealthy),
                 Ep("10.0.0.3", cloudmap::HealthStatus::kUnhealthy)}));
  Strings picks = Picks(c, 3);  // 33% < 50%: panic, all hosts
  std::sort(picks.begin(), picks.end());
  EXPECT_EQ(picks, (Strings{"10.0.0.1", "10.0.0.2", "10.0.0.3"}));
}

TEST_F(UpstreamClusterTest, WithoutHealthChecksRemovedHostsGoAtOnce) {
  UpstreamCluster c(dispatcher_, live_, options_, std::nullopt);
  c.Sync(Cla(1, {Ep("10.0.0.1"), Ep("10.0.0.2")}));
  c.Sync(Cla(2, {Ep("10.0.0.1")}));
  EXPECT_EQ(Addresses(c), (Strings{"10.0.0.1"}));
}

TEST_F(UpstreamClusterTest, HealthCheckHoldsARemovedHostWhileItPasses) {
  UpstreamCluster c(dispatcher_, live_, options_, Check(1000, 2, 2));
  c.Sync(Cla(1, {Ep("10.0.0.1"), Ep("10.0.0.2")}));
  c.Sync(Cla(2, {Ep("10.0.0.1")}));
  EXPECT_EQ(Addresses(c), (Strings{"10.0.0.1", "10.0.0.2"}));
  EXPECT_FALSE(c.hosts()[1].in_eds);
  dispatcher_.RunFor(60s);  // it still answers: Envoy keeps routing to it (envoy#11527)
  EXPECT_EQ(Addresses(c), (Strings{"10.0.0.1", "10.0.0.2"}));

  live_.Kill("10.0.0.2");
  dispatcher_.RunFor(1s);
  EXPECT_EQ(Addresses(c).size(), 2u);  // one failure is below unhealthy_threshold
  dispatcher_.RunFor(1s);
  EXPECT_EQ(Addresses(c), (Strings{"10.0.0.1"}));
}

TEST_F(UpstreamClusterTest, IgnoreHealthOnHostRemovalDropsRemovedHostsAtOnce) {
  options_.ignore_health_on_host_removal = true;
  UpstreamCluster c(dispatcher_, live_, options_, Check(1000, 2, 2));
  c.Sync(Cla(1, {Ep("10.0.0.1"), Ep("10.0.0.2")}));
  c.Sync(Cla(2, {Ep("10.0.0.1")}));
  EXPECT_EQ(Addresses(c), (Strings{"10.0.0.1"}));
}

TEST_F(UpstreamClusterTest, FailingHostLeavesAndReturnsWithThresholds) {
  UpstreamCluster c(dispatcher_, live_, options_, Check(1000, 2, 3));
  c.Sync(Cla(1, {Ep("10.0.0.1"), Ep("10.0.0.2"), Ep("10.0.0.3")}));
  live_.Kill("10.0.0.3");
  dispatcher_.RunFor(2s);
  EXPECT_FALSE(c.hosts()[2].hc_healthy);
  EXPECT_EQ(Picks(c, 3), (Strings{"10.0.0.1", "10.0.0.2", "10.0.0.1"}));
  live_.Start("10.0.0.3");
  dispatcher_.RunFor(2s);
  EXPECT_FALSE(c.hosts()[2].hc_healthy);
  dispatcher_.RunFor(1s);
  EXPECT_TRUE(c.hosts()[2].hc_healthy);
}

}  // namespace
}  // namespace meshsim::fakes
