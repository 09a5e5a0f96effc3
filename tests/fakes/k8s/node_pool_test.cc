#include "fakes/k8s/node_pool.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <regex>
#include <set>

#include "tests/support/test_random.h"

namespace meshsim::fakes {
namespace {

int ThirdOctet(const std::string& ip) {
  unsigned a, b, c, d;
  EXPECT_EQ(std::sscanf(ip.c_str(), "%u.%u.%u.%u", &a, &b, &c, &d), 4) << ip;
  EXPECT_EQ(a, 192u);
  EXPECT_EQ(b, 168u);
  return static_cast<int>(c);
}

TEST(NodePool, NamesNodesLikeEksAndGivesEachZoneASlash19) {
  testing::TestRandom random(3);
  NodePool pool(random, "us-west-2");
  auto a = pool.NewNode("us-west-2a");
  auto b = pool.NewNode("us-west-2b");
  auto c = pool.NewNode("us-west-2c");
  ASSERT_TRUE(a.ok() && b.ok() && c.ok());
  std::regex name("^ip-192-168-(\\d+)-(\\d+)\\.us-west-2\\.compute\\.internal$");
  std::smatch m;
  ASSERT_TRUE(std::regex_match(a->metadata.name, m, name)) << a->metadata.name;
  EXPECT_EQ(a->addresses[0].type, "InternalIP");
  EXPECT_EQ(a->addresses[0].address, "192.168." + m[1].str() + "." + m[2].str());
  EXPECT_EQ(a->metadata.labels.at(kHostnameLabel), a->metadata.name);
  EXPECT_EQ(a->metadata.labels.at(kRegionLabel), "us-west-2");
  EXPECT_EQ(b->metadata.labels.at(kZoneLabel), "us-west-2b");
  EXPECT_EQ(pool.SubnetOf("us-west-2a"), "192.168.0.0/19");
  EXPECT_EQ(pool.SubnetOf("us-west-2b"), "192.168.32.0/19");
  EXPECT_EQ(pool.SubnetOf("us-west-2c"), "192.168.64.0/19");
  EXPECT_LT(ThirdOctet(a->addresses[0].address), 32);
  int third_c = ThirdOctet(c->addresses[0].address);
  EXPECT_TRUE(third_c >= 64 && third_c < 96) << third_c;
}

TEST(NodePool, PodIpsAreUniqueAndInsideTheNodesSubnet) {
  testing::TestRandom random(5);
  NodePool pool(random, "us-west-2");
  pool.NewNode("us-west-2a");
  auto b = pool.NewNode("us-west-2b");
  std::set<std::string> ips = {pool.IpOf(b->metadata.name)};
  for (int i = 0; i < 500; ++i) {
    auto ip = pool.AllocatePodIp(b->metadata.name);
    ASSERT_TRUE(ip.ok());
    int third = ThirdOctet(*ip);
    EXPECT_TRUE(third >= 32 && third < 64) << *ip;
    EXPECT_TRUE(ips.insert(*ip).second) << "duplicate " << *ip;
  }
  EXPECT_EQ(pool.AllocatePodIp("nope").status().code(), StatusCode::kNotFound);
}

TEST(NodePool, AFullZoneOverflowsIntoSecondarySlash16sWithUniqueIps) {
  // 150,000 pods (scale-150k) do not fit in 192.168.0.0/16: past 15/16 of its /19 a zone
  // draws from 100.64.0.0/10, and every address stays unique.
  testing::TestRandom random(5);
  NodePool pool(random, "us-west-2");
  auto node = pool.NewNode("us-west-2a");
  ASSERT_TRUE(node.ok());
  std::set<std::string> ips;
  int secondary = 0;
  for (int i = 0; i < 20000; ++i) {
    auto ip = pool.AllocatePodIp(node->metadata.name);
    ASSERT_TRUE(ip.ok()) << i;
    ASSERT_TRUE(ips.insert(*ip).second) << *ip;
    if (ip->rfind("100.64.", 0) == 0) ++secondary;
  }
  EXPECT_EQ(secondary, 20000 - (8192 - 8192 / 16) + 1);  // the node holds one /19 address
  // A released primary address is drawn again only after the overflow fills up; releasing
  // keeps the counts right (no kLimitExceeded while there is room).
  for (const auto& ip : ips) pool.ReleasePodIp(ip);
  EXPECT_TRUE(pool.AllocatePodIp(node->metadata.name).ok());
}

TEST(NodePool, RefusesANinthZone) {
  testing::TestRandom random(1);
  NodePool pool(random, "us-west-2");
  for (int i = 0; i < 8; ++i) ASSERT_TRUE(pool.NewNode("z" + std::to_string(i)).ok());
  EXPECT_EQ(pool.NewNode("z8").status().code(), StatusCode::kLimitExceeded);
}

}  // namespace
}  // namespace meshsim::fakes
