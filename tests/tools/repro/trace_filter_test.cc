#include "tools/repro/trace_filter.h"

#include <gtest/gtest.h>

namespace meshsim::repro {
namespace {

TraceEvent PodRunning(const std::string& pod, const std::string& ip) {
  return TraceEvent("k8s", "PodRunning").With("pod", "ns/" + pod).With("ip", ip);
}

TEST(TraceFilter, TimeWindowIsInclusive) {
  TraceFilter f({.from_ns = 10, .to_ns = 20});
  TraceEvent e("world", "X");
  EXPECT_FALSE(f.Matches(9, e));
  EXPECT_TRUE(f.Matches(10, e));
  EXPECT_TRUE(f.Matches(20, e));
  EXPECT_FALSE(f.Matches(21, e));
}

TEST(TraceFilter, PodFollowsItsIpIntoCloudMapAndEds) {
  TraceFilter f({.pod = "blue-1"});
  EXPECT_TRUE(f.Matches(1, PodRunning("blue-1", "10.0.0.5")));
  EXPECT_FALSE(f.Matches(2, PodRunning("red-1", "10.0.0.6")));
  EXPECT_TRUE(f.Matches(3, TraceEvent("cloudmap", "InstanceRegistered").With("instance", "10.0.0.5")));
  EXPECT_FALSE(f.Matches(4, TraceEvent("cloudmap", "InstanceRegistered").With("instance", "10.0.0.6")));
  EXPECT_TRUE(f.Matches(5, TraceEvent("envoy", "EdsApplied").With("added", "10.0.0.9,10.0.0.5")));
  EXPECT_FALSE(f.Matches(6, TraceEvent("envoy", "EdsApplied").With("added", "10.0.0.50")));
}

TEST(TraceFilter, AliasesLearnedOutsideTheWindowStillCount) {
  TraceFilter f({.from_ns = 100, .pod = "blue-1"});
  EXPECT_FALSE(f.Matches(1, PodRunning("blue-1", "10.0.0.5")));
  EXPECT_TRUE(f.Matches(100, TraceEvent("cloudmap", "InstanceDeregistered").With("instance", "10.0.0.5")));
}

TEST(TraceFilter, VirtualNodeFollowsItsServiceId) {
  TraceFilter f({.virtual_node = "colorapp-blue"});
  EXPECT_TRUE(f.Matches(1, TraceEvent("controller", "DesiredInstances")
                               .With("vn", "ns/colorapp-blue").With("service", "srv-1")));
  EXPECT_TRUE(f.Matches(2, TraceEvent("cloudmap", "InstanceRegistered").With("service", "srv-1")));
  EXPECT_FALSE(f.Matches(3, TraceEvent("cloudmap", "InstanceRegistered").With("service", "srv-2")));
  EXPECT_TRUE(f.Matches(4, TraceEvent("envoy", "EdsApplied").With("cluster", "ns/colorapp-blue")));
  EXPECT_FALSE(f.Matches(5, TraceEvent("controller", "Enqueue").With("key", "ns/colorapp-blue-2")));
}

TEST(TraceFilter, EnvoyMatchesItsNodeId) {
  TraceFilter f({.envoy = "front-abc"});
  EXPECT_TRUE(f.Matches(1, TraceEvent("envoy", "EdsApplied").With("envoy", "front-abc")));
  EXPECT_FALSE(f.Matches(2, TraceEvent("envoy", "EdsApplied").With("envoy", "front-abcd")));
}

TEST(NamesObject, MatchesNameOrNamespacedKeyOnly) {
  EXPECT_TRUE(NamesObject("ns/x", "x"));
  EXPECT_TRUE(NamesObject("x", "x"));
  EXPECT_TRUE(NamesObject("ns/x", "ns/x"));
  EXPECT_FALSE(NamesObject("ns/ax", "x"));
  EXPECT_FALSE(NamesObject("x/", "x"));
}

}  // namespace
}  // namespace meshsim::repro
