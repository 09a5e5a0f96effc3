// Eventual consistency: with a propagation delay, DiscoverInstances and
// DiscoverInstancesRevision answer each reader from an older state; the simulator's *Now()
// views and the control-plane reads stay current.
#include "tests/fakes/cloudmap/cloudmap_test_util.h"

namespace meshsim::fakes::testing {
namespace {

using Ids = std::vector<std::string>;

CloudMapOptions WithPropagation(Distribution delay) {
  CloudMapOptions o = FixedTimingOptions();
  o.propagation_delay = delay;
  return o;
}

class PropagationTest : public CloudMapTest {
 protected:
  explicit PropagationTest(Distribution delay = Distribution::Fixed(10s))
      : CloudMapTest(WithPropagation(delay)) {}
  cloudmap::DiscoverInstancesRequest Req() { return {.namespace_name = "apps", .service_name = "web"}; }
  int64_t Revision(CloudMapClient& client) {
    Result<cloudmap::DiscoverInstancesRevisionResponse> r =
        CallSync(dispatcher_, client, &CloudMapClient::DiscoverInstancesRevision,
                 {.namespace_name = "apps", .service_name = "web"});
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? r->instances_revision : -1;
  }
  std::string ns_ = HttpNamespace("apps");
  std::string service_ = PlainService(ns_, "web");
};

TEST_F(PropagationTest, RegistrationBecomesDiscoverableOnlyAfterTheDelay) {
  Register(service_, "i-1");  // applied 2.1s after the call; Register returns ~2.9s after that
  EXPECT_EQ(cloudmap_->DiscoverInstancesNow(Req())->instances.size(), 1u);  // omniscient view
  EXPECT_EQ(cloudmap_->ListInstancesNow(service_)->size(), 1u);
  EXPECT_EQ(DiscoverIds(Req()), Ids{});
  EXPECT_EQ(Revision(*client_), 0);
  dispatcher_.RunFor(8s);  // now ~10.9s after the change
  EXPECT_EQ(DiscoverIds(Req()), Ids{"i-1"});
  EXPECT_EQ(Revision(*client_), 1);
}

TEST_F(PropagationTest, DeregistrationLagsToo) {
  Register(service_, "i-1");
  dispatcher_.RunFor(10s);
  EXPECT_EQ(DiscoverIds(Req()), Ids{"i-1"});
  Deregister(service_, "i-1");
  EXPECT_EQ(DiscoverIds(Req()), Ids{"i-1"});  // still served from before the change
  dispatcher_.RunFor(10s);
  EXPECT_EQ(DiscoverIds(Req()), Ids{});
}

TEST_F(PropagationTest, TurningItOffMakesReadsCurrentAndOnAgainRecordsFromThen) {
  Register(service_, "i-1");
  EXPECT_EQ(DiscoverIds(Req()), Ids{});
  cloudmap_->SetPropagationDelay(Distribution());
  EXPECT_EQ(DiscoverIds(Req()), Ids{"i-1"});
  cloudmap_->SetPropagationDelay(Distribution::Fixed(1min));
  Register(service_, "i-2");
  // The reader already saw i-1 while reads were current, and the state before i-2 was
  // recorded when the delay came back: it sees i-1 without i-2 for a minute.
  EXPECT_EQ(DiscoverIds(Req()), Ids{"i-1"});
  dispatcher_.RunFor(1min);
  EXPECT_EQ(DiscoverIds(Req()), (Ids{"i-1", "i-2"}));
}

class RandomPropagationTest : public PropagationTest {
 protected:
  RandomPropagationTest() : PropagationTest(Distribution::Uniform(0s, 20s)) {}
};

TEST_F(RandomPropagationTest, EachReaderNeverGoesBackInTime) {
  std::unique_ptr<CloudMapClient> other = cloudmap_->NewClient("other");
  Register(service_, "i-1");
  bool seen[2] = {false, false};
  int first_seen_step[2] = {-1, -1};
  CloudMapClient* readers[2] = {client_.get(), other.get()};
  for (int step = 0; step < 60; ++step) {
    for (int r = 0; r < 2; ++r) {
      Result<cloudmap::DiscoverInstancesResponse> d =
          CallSync(dispatcher_, *readers[r], &CloudMapClient::DiscoverInstances, Req());
      ASSERT_TRUE(d.ok());
      bool now_seen = !d->instances.empty();
      EXPECT_FALSE(seen[r] && !now_seen) << "reader " << r << " went back at step " << step;
      if (now_seen && !seen[r]) first_seen_step[r] = step;
      seen[r] = seen[r] || now_seen;
    }
    dispatcher_.RunFor(500ms);
  }
  // Within the 20s bound (the registration happened ~3s before the loop) both saw it.
  EXPECT_TRUE(seen[0]);
  EXPECT_TRUE(seen[1]);
}

}  // namespace
}  // namespace meshsim::fakes::testing
