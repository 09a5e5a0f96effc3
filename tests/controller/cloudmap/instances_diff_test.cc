#include "controller/cloudmap/instances_diff.h"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

namespace meshsim::controller {
namespace {

using Kind = PlannedOp::Kind;

cloudmap::Attributes Owned(const std::string& pod, cloudmap::Attributes extra = {}) {
  cloudmap::Attributes a = {{"appmesh.k8s.aws/mesh", "m"},
                            {"appmesh.k8s.aws/virtualNode", "v"},
                            {"k8s.io/pod", pod}};
  for (auto& [k, val] : extra) a[k] = val;
  return a;
}

SubsetRequest Request() {
  return SubsetRequest{.vn_key = "ns/v", .service_id = "srv-1", .mesh_aws_name = "m",
                       .vn_aws_name = "v"};
}

TEST(InstancesDiff, ReadyPodIsRegisteredWithInitHealthy) {
  SubsetRequest r = Request();
  r.ready["10.0.0.1"] = {"p1", Owned("p1")};
  std::vector<PlannedOp> ops = DiffInstances(r, {});
  ASSERT_EQ(ops.size(), 1u);
  EXPECT_EQ(ops[0].kind, Kind::kRegister);
  EXPECT_EQ(ops[0].instance_id, "10.0.0.1");
  EXPECT_EQ(ops[0].attributes.at("AWS_INIT_HEALTH_STATUS"), "HEALTHY");
  EXPECT_EQ(ops[0].reason, "new");
}

// ControllerOptions::init_health_status = UNHEALTHY (an ECS-like registrar, containers-roadmap
// #830): only new registrations start UNHEALTHY; a re-registration keeps what Cloud Map has,
// or HEALTHY for a ready pod whose instance has none, as before.
TEST(InstancesDiff, NewRegistrationTakesTheConfiguredInitStatusReRegistrationsDoNot) {
  SubsetRequest r = Request();
  r.new_instance_init_health = "UNHEALTHY";
  r.ready["10.0.0.1"] = {"p1", Owned("p1")};
  r.ready["10.0.0.2"] = {"p2", Owned("p2", {{"version", "2"}})};
  auto existing = std::map<std::string, cloudmap::Attributes>{{"10.0.0.2", Owned("p2")}};
  std::vector<PlannedOp> ops = DiffInstances(r, existing);
  ASSERT_EQ(ops.size(), 2u);
  EXPECT_EQ(ops[0].reason, "new");
  EXPECT_EQ(ops[0].attributes.at("AWS_INIT_HEALTH_STATUS"), "UNHEALTHY");
  EXPECT_EQ(ops[1].reason, "attributes-changed");
  EXPECT_EQ(ops[1].attributes.at("AWS_INIT_HEALTH_STATUS"), "HEALTHY");
}

// The reconcile task passes the instances whose operation is in flight: they are neither
// registered, re-registered nor deregistered again, the others are planned as without it.
TEST(InstancesDiff, InstancesInFlightAreNotPlanned) {
  SubsetRequest r = Request();
  r.ready["10.0.0.1"] = {"p1", Owned("p1")};
  r.ready["10.0.0.2"] = {"p2", Owned("p2")};
  auto existing = std::map<std::string, cloudmap::Attributes>{{"10.0.0.3", Owned("p3")},
                                                              {"10.0.0.4", Owned("p4")}};
  std::vector<PlannedOp> ops = DiffInstances(r, existing, {"10.0.0.1", "10.0.0.3"});
  ASSERT_EQ(ops.size(), 2u);
  EXPECT_EQ(ops[0].instance_id, "10.0.0.2");
  EXPECT_EQ(ops[0].kind, Kind::kRegister);
  EXPECT_EQ(ops[1].instance_id, "10.0.0.4");
  EXPECT_EQ(ops[1].kind, Kind::kDeregister);
  EXPECT_EQ(DiffInstances(r, existing).size(), 4u);
}

TEST(InstancesDiff, IdenticalInstanceNeedsNothingWhateverItsInitStatus) {
  SubsetRequest r = Request();
  r.ready["10.0.0.1"] = {"p1", Owned("p1")};
  auto existing = std::map<std::string, cloudmap::Attributes>{
      {"10.0.0.1", Owned("p1", {{"AWS_INIT_HEALTH_STATUS", "UNHEALTHY"}})}};
  EXPECT_TRUE(DiffInstances(r, existing).empty());
}

TEST(InstancesDiff, ChangedAttributesReRegisterKeepingTheExistingInitStatus) {
  SubsetRequest r = Request();
  r.ready["10.0.0.1"] = {"p1", Owned("p1", {{"version", "2"}})};
  auto existing = std::map<std::string, cloudmap::Attributes>{
      {"10.0.0.1", Owned("p1", {{"version", "1"}, {"AWS_INIT_HEALTH_STATUS", "UNHEALTHY"}})}};
  std::vector<PlannedOp> ops = DiffInstances(r, existing);
  ASSERT_EQ(ops.size(), 1u);
  EXPECT_EQ(ops[0].reason, "attributes-changed");
  EXPECT_EQ(ops[0].attributes.at("AWS_INIT_HEALTH_STATUS"), "UNHEALTHY");
  EXPECT_EQ(ops[0].attributes.at("version"), "2");
}

TEST(InstancesDiff, NotReadyPodIsNeverNewlyRegistered) {
  SubsetRequest r = Request();
  r.not_ready["10.0.0.1"] = {"p1", Owned("p1")};
  EXPECT_TRUE(DiffInstances(r, {}).empty());
}

TEST(InstancesDiff, ChangedNotReadyInstanceWithoutInitStatusGetsUnhealthy) {
  SubsetRequest r = Request();
  r.not_ready["10.0.0.1"] = {"p1", Owned("p1", {{"version", "2"}})};
  auto existing = std::map<std::string, cloudmap::Attributes>{{"10.0.0.1", Owned("p1")}};
  std::vector<PlannedOp> ops = DiffInstances(r, existing);
  ASSERT_EQ(ops.size(), 1u);
  EXPECT_EQ(ops[0].attributes.at("AWS_INIT_HEALTH_STATUS"), "UNHEALTHY");
}

TEST(InstancesDiff, SubsetInstancesNotDesiredAreDeregistered) {
  SubsetRequest r = Request();
  r.ready["10.0.0.1"] = {"p1", Owned("p1")};
  auto existing = std::map<std::string, cloudmap::Attributes>{
      {"10.0.0.1", Owned("p1")}, {"10.0.0.2", Owned("gone")}};
  std::vector<PlannedOp> ops = DiffInstances(r, existing);
  ASSERT_EQ(ops.size(), 1u);
  EXPECT_EQ(ops[0].kind, Kind::kDeregister);
  EXPECT_EQ(ops[0].instance_id, "10.0.0.2");
  EXPECT_EQ(ops[0].pod_name, "gone");
}

TEST(InstancesDiff, InstancesOutsideTheSubsetAreNeverTouched) {
  std::map<std::string, cloudmap::Attributes> all = {
      {"10.0.0.1", Owned("p1")},
      {"10.0.0.2", {{"appmesh.k8s.aws/mesh", "m"}, {"appmesh.k8s.aws/virtualNode", "other"}}},
      {"10.0.0.3", {{"AWS_INSTANCE_IPV4", "10.0.0.3"}}},  // registered by hand
  };
  auto subset = FilterSubset(all, "m", "v");
  ASSERT_EQ(subset.size(), 1u);
  std::vector<PlannedOp> ops = DiffInstances(Request(), subset);
  ASSERT_EQ(ops.size(), 1u);
  EXPECT_EQ(ops[0].instance_id, "10.0.0.1");
}

TEST(InstancesDiff, SubsetOfAWholeServiceIsTheServiceItselfWithoutACopy) {
  std::map<std::string, cloudmap::Attributes> all = {{"10.0.0.1", Owned("p1")},
                                                     {"10.0.0.2", Owned("p2")}};
  std::map<std::string, cloudmap::Attributes> storage;
  const auto& subset = SubsetOf(all, "m", "v", &storage);
  EXPECT_EQ(&subset, &all);
  EXPECT_TRUE(storage.empty());
}

TEST(InstancesDiff, SubsetOfAMixedServiceIsTheFilteredCopy) {
  std::map<std::string, cloudmap::Attributes> all = {
      {"10.0.0.1", Owned("p1")},
      {"10.0.0.2", {{"appmesh.k8s.aws/mesh", "m"}, {"appmesh.k8s.aws/virtualNode", "other"}}},
  };
  std::map<std::string, cloudmap::Attributes> storage;
  const auto& subset = SubsetOf(all, "m", "v", &storage);
  EXPECT_EQ(&subset, &storage);
  ASSERT_EQ(subset.size(), 1u);
  EXPECT_EQ(subset.begin()->first, "10.0.0.1");
  EXPECT_EQ(all.size(), 2u);  // the listing itself is left alone
}

// The re-diff after a completion: restricted to some ids, DiffInstancesAmong plans exactly the
// whole-subset diff's operations for those ids, in the same order (ready, not-ready, then
// deregistrations), and treats another subset's instance of the same service as absent.
TEST(InstancesDiff, DiffAmongSomeIdsPlansWhatTheWholeDiffPlansForThem) {
  SubsetRequest r = Request();
  r.ready["10.0.0.1"] = {"p1", Owned("p1")};                      // new
  r.ready["10.0.0.2"] = {"p2", Owned("p2", {{"version", "2"}})};  // changed
  r.ready["10.0.0.3"] = {"p3", Owned("p3")};                      // same
  r.ready["10.0.0.6"] = {"p6", Owned("p6")};  // its IP is another subset's instance
  r.ready["10.0.0.8"] = {"p8", Owned("p8")};  // new, in flight
  r.not_ready["10.0.0.4"] = {"p4", Owned("p4", {{"version", "2"}})};  // changed
  r.not_ready["10.0.0.9"] = {"p9", Owned("p9")};                      // absent: nothing
  std::map<std::string, cloudmap::Attributes> all = {
      {"10.0.0.2", Owned("p2")},
      {"10.0.0.3", Owned("p3", {{"AWS_INIT_HEALTH_STATUS", "UNHEALTHY"}})},
      {"10.0.0.4", Owned("p4")},
      {"10.0.0.5", Owned("gone")},
      {"10.0.0.6", {{"appmesh.k8s.aws/mesh", "m"}, {"appmesh.k8s.aws/virtualNode", "other"}}},
      {"10.0.0.7", {{"appmesh.k8s.aws/mesh", "m"}, {"appmesh.k8s.aws/virtualNode", "other"}}},
  };
  std::set<std::string> skip = {"10.0.0.8"};
  std::vector<PlannedOp> whole = DiffInstances(r, FilterSubset(all, "m", "v"), skip);
  ASSERT_EQ(whole.size(), 5u);  // 1, 2, 6 (new), 4 (changed not-ready), 5 (deregistered)

  std::set<std::string> every_id;
  for (const auto& [id, unused] : all) every_id.insert(id);
  for (const auto& [id, unused] : r.ready) every_id.insert(id);
  for (const auto& [id, unused] : r.not_ready) every_id.insert(id);
  EXPECT_EQ(DiffInstancesAmong(r, all, every_id, skip), whole);

  // Each subset of the ids (2^9 of them) plans the whole diff's operations on those ids.
  std::vector<std::string> ids(every_id.begin(), every_id.end());
  ASSERT_EQ(ids.size(), 9u);
  for (unsigned bits = 0; bits < (1u << ids.size()); ++bits) {
    std::set<std::string> some;
    for (size_t i = 0; i < ids.size(); ++i) {
      if (bits & (1u << i)) some.insert(ids[i]);
    }
    std::vector<PlannedOp> expected;
    for (const PlannedOp& op : whole) {
      if (some.count(op.instance_id)) expected.push_back(op);
    }
    ASSERT_EQ(DiffInstancesAmong(r, all, some, skip), expected) << "ids mask " << bits;
  }
}

TEST(InstancesDiff, ChangedDesiredNamesEveryIdWhoseEntryDiffers) {
  SubsetRequest before = Request();
  cloudmap::SharedAttributes kept = Owned("p1");
  before.ready["10.0.0.1"] = {"p1", kept};                  // same map: unchanged
  before.ready["10.0.0.2"] = {"p2", Owned("p2")};           // equal copy: unchanged
  before.ready["10.0.0.3"] = {"p3", Owned("p3")};           // other attributes
  before.ready["10.0.0.4"] = {"p4", Owned("p4")};           // other pod name
  before.ready["10.0.0.5"] = {"p5", Owned("p5")};           // gone
  before.ready["10.0.0.6"] = {"p6", Owned("p6")};           // ready -> not ready
  before.not_ready["10.0.0.7"] = {"p7", Owned("p7")};       // unchanged not-ready
  SubsetRequest now = Request();
  now.ready["10.0.0.1"] = {"p1", kept};
  now.ready["10.0.0.2"] = {"p2", Owned("p2")};
  now.ready["10.0.0.3"] = {"p3", Owned("p3", {{"version", "2"}})};
  now.ready["10.0.0.4"] = {"p4b", Owned("p4")};
  now.not_ready["10.0.0.6"] = {"p6", Owned("p6")};
  now.not_ready["10.0.0.7"] = {"p7", Owned("p7")};
  now.ready["10.0.0.8"] = {"p8", Owned("p8")};              // new
  std::set<std::string> ids = {"10.0.0.9"};                 // kept
  AddChangedDesired(before, now, &ids);
  EXPECT_EQ(ids, (std::set<std::string>{"10.0.0.3", "10.0.0.4", "10.0.0.5", "10.0.0.6",
                                        "10.0.0.8", "10.0.0.9"}));
  EXPECT_TRUE(SameDiffScope(before, now));
  now.new_instance_init_health = "UNHEALTHY";
  EXPECT_FALSE(SameDiffScope(before, now));
  now = before;
  now.vn_aws_name = "other";
  EXPECT_FALSE(SameDiffScope(before, now));
}

// With the ids AddChangedDesired names, the diff among them (and those the cache changed)
// plans what the whole diff of the new request plans when the old one planned nothing.
TEST(InstancesDiff, NewRequestDiffAmongChangedDesiredPlansTheWholeDiff) {
  SubsetRequest before = Request();
  std::map<std::string, cloudmap::Attributes> all;
  for (int i = 1; i <= 6; ++i) {
    std::string ip = "10.0.0." + std::to_string(i), pod = "p" + std::to_string(i);
    before.ready[ip] = {pod, Owned(pod)};
    all[ip] = Owned(pod, {{"AWS_INIT_HEALTH_STATUS", "HEALTHY"}});
  }
  ASSERT_TRUE(DiffInstances(before, all).empty());
  SubsetRequest now = before;
  now.ready.erase("10.0.0.2");
  now.ready["10.0.0.3"] = {"p3", Owned("p3", {{"version", "2"}})};
  now.not_ready["10.0.0.4"] = now.ready["10.0.0.4"];
  now.ready.erase("10.0.0.4");
  now.ready["10.0.0.7"] = {"p7", Owned("p7")};
  std::set<std::string> ids;
  AddChangedDesired(before, now, &ids);
  std::vector<PlannedOp> whole = DiffInstances(now, all);
  EXPECT_EQ(whole.size(), 3u);  // 7 new, 3 changed, 2 deregistered (4 not-ready is the same)
  EXPECT_EQ(DiffInstancesAmong(now, all, ids, {}), whole);
}

}  // namespace
}  // namespace meshsim::controller
