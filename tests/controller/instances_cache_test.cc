// InstancesCache against the real FakeCloudMap: a listing is a snapshot that later registrations
// and deregistrations do not change (the cache copies on write while a reader holds one), and
// an unchanged service hands out the same snapshot again instead of a copy.
#include "controller/cloudmap/instances_cache.h"

#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <set>
#include <string>

#include "controller/async/task_scope.h"
#include "tests/controller/cloudmap/controller_fixture.h"

namespace meshsim::controller {
namespace {

using std::chrono::seconds;
using testing::CloudMapVn;
using testing::ControllerFixture;
using testing::kBlue;

class InstancesCacheTest : public ControllerFixture {
 protected:
  // Lets the controller create the colorapp service, stops it, and builds a cache of our own.
  void SetUp() override {
    kube.vns.Put(CloudMapVn("colorapp-blue", kBlue, "colorapp"));
    Start(options);
    d.RunFor(seconds(10));
    controller->Stop();
    service_id = Service("colorapp")->id;
    caller = std::make_unique<CloudMapCaller>(d, tracer, *client_, options);
    cache = std::make_unique<InstancesCache>(*caller);
  }
  void TearDown() override { scope.Cancel(); }

  // Runs `task` to its end (at most a simulated minute).
  void Run(async::Task<void> task) {
    bool done = false;
    scope.Spawn([](async::Task<void> t, bool* done) -> async::Task<void> {
      co_await std::move(t);
      *done = true;
    }(std::move(task), &done));
    ASSERT_TRUE(d.RunUntil([&] { return done; }, std::chrono::minutes(1)));
  }
  InstancesSnapshot List(ListingMark* mark = nullptr) {
    InstancesSnapshot out;
    Run([](InstancesCache* c, std::string id, InstancesSnapshot* out,
           ListingMark* mark) -> async::Task<void> {
      Result<InstancesSnapshot> r = co_await c->ListInstances(id, {}, mark);
      EXPECT_TRUE(r.ok()) << r.status().ToString();
      if (r.ok()) *out = *r;
    }(cache.get(), service_id, &out, mark));
    return out;
  }
  ListingMark Mark() {
    ListingMark mark;
    List(&mark);
    return mark;
  }
  void Register(const std::string& ip) {
    Run([](InstancesCache* c, std::string id, std::string ip) -> async::Task<void> {
      cloudmap::Attributes attrs = {{"AWS_INSTANCE_IPV4", ip}};
      Status s = co_await c->RegisterInstance(id, ip, attrs, {});
      EXPECT_TRUE(s.ok()) << s.ToString();
    }(cache.get(), service_id, ip));
  }
  void Deregister(const std::string& ip) {
    Run([](InstancesCache* c, std::string id, std::string ip) -> async::Task<void> {
      Status s = co_await c->DeregisterInstance(id, ip, {});
      EXPECT_TRUE(s.ok()) << s.ToString();
    }(cache.get(), service_id, ip));
  }

  ControllerOptions options;
  std::string service_id;
  async::TaskScope scope;
  std::unique_ptr<CloudMapCaller> caller;
  std::unique_ptr<InstancesCache> cache;  // TearDown cancels the scope's tasks first
};

TEST_F(InstancesCacheTest, AListingDoesNotChangeWhenTheServiceChangesAfterIt) {
  InstancesSnapshot empty = List();
  ASSERT_NE(empty, nullptr);
  EXPECT_TRUE(empty->empty());

  Register("10.0.0.1");
  InstancesSnapshot one = List();
  EXPECT_TRUE(empty->empty());  // held while the registration was recorded: unchanged
  ASSERT_EQ(one->size(), 1u);
  EXPECT_EQ(one->at("10.0.0.1").at("AWS_INSTANCE_IPV4"), "10.0.0.1");

  Deregister("10.0.0.1");
  EXPECT_EQ(one->size(), 1u);  // held while the deregistration was recorded: unchanged
  EXPECT_TRUE(List()->empty());
}

TEST_F(InstancesCacheTest, AnUnchangedServiceHandsOutTheSameSnapshot) {
  Register("10.0.0.1");
  InstancesSnapshot first = List();
  InstancesSnapshot again = List();
  EXPECT_EQ(first.get(), again.get());
  first.reset();
  again.reset();
  // Nobody holds it now: the next change is recorded in place and listed.
  Register("10.0.0.2");
  EXPECT_EQ(List()->size(), 2u);
}

// The reconciler's partial re-diff rests on this: between two snapshots of one listing the
// cache names every instance it changed (and only those); across listings it does not know.
TEST_F(InstancesCacheTest, ChangedBetweenNamesTheInstancesChangedSinceASnapshot) {
  Register("10.0.0.1");
  ListingMark start = Mark();
  EXPECT_EQ(cache->ChangedBetween(service_id, start, start), std::set<std::string>{});

  Register("10.0.0.2");
  Register("10.0.0.3");
  ListingMark middle = Mark();
  Deregister("10.0.0.1");
  Register("10.0.0.3");
  ListingMark end = Mark();
  EXPECT_EQ(middle.listing, start.listing);
  EXPECT_EQ(cache->ChangedBetween(service_id, start, middle),
            (std::set<std::string>{"10.0.0.2", "10.0.0.3"}));
  EXPECT_EQ(cache->ChangedBetween(service_id, middle, end),
            (std::set<std::string>{"10.0.0.1", "10.0.0.3"}));
  EXPECT_EQ(cache->ChangedBetween(service_id, start, end),
            (std::set<std::string>{"10.0.0.1", "10.0.0.2", "10.0.0.3"}));
  EXPECT_EQ(cache->ChangedBetween(service_id, end, middle), std::nullopt);
  EXPECT_EQ(cache->ChangedBetween("srv-unknown", start, end), std::nullopt);

  // A new listing (eviction here) has no history the earlier marks belong to.
  cache->Evict(service_id);
  EXPECT_EQ(cache->ChangedBetween(service_id, start, end), std::nullopt);
  ListingMark relisted = Mark();
  EXPECT_NE(relisted.listing, end.listing);
  EXPECT_EQ(cache->ChangedBetween(service_id, end, relisted), std::nullopt);
  EXPECT_EQ(cache->ChangedBetween(service_id, relisted, relisted), std::set<std::string>{});
}

TEST_F(InstancesCacheTest, AListingPastItsTtlIsANewListingWithoutHistory) {
  ListingMark first = Mark();
  Register("10.0.0.1");
  d.RunFor(options.instances_cache_ttl);
  // A registration while the entry is expired is not recorded (the entry is dropped).
  Register("10.0.0.2");
  ListingMark second = Mark();
  EXPECT_NE(second.listing, first.listing);
  EXPECT_EQ(second.changes, 0u);
  EXPECT_EQ(cache->ChangedBetween(service_id, first, second), std::nullopt);
  EXPECT_EQ(List()->size(), 2u);  // listed again from Cloud Map
}

}  // namespace
}  // namespace meshsim::controller
