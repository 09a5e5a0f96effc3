#include "controller/runtime/informer.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tests/support/fake_resource_client.h"
#include "tests/support/manual_dispatcher.h"
#include "tests/support/recording_tracer.h"

namespace meshsim::controller::runtime {
namespace {

using std::chrono::hours;
using std::chrono::seconds;
using meshsim::testing::ManualDispatcher;
using meshsim::testing::RecordingTracer;
using meshsim::testing::FakeResourceClient;

kube::Pod MakePod(const std::string& name, const std::string& ip) {
  kube::Pod p;
  p.metadata.name = name;
  p.metadata.namespace_name = "ns";
  p.status.pod_ip = ip;
  return p;
}

struct InformerTest : ::testing::Test {
  InformerTest() : client(d), informer(d, client, tracer, "Pod", hours(10)) {
    informer.AddHandlers(
        {.on_add = [this](const kube::Pod& p) { log.push_back("add " + p.metadata.name); },
         .on_update =
             [this](const kube::Pod& o, const kube::Pod& n) {
               log.push_back("update " + n.metadata.name + " " + o.status.pod_ip + "->" +
                             n.status.pod_ip);
             },
         .on_delete = [this](const kube::Pod& p) { log.push_back("delete " + p.metadata.name); }});
  }
  ManualDispatcher d;
  RecordingTracer tracer;
  FakeResourceClient<kube::Pod> client;
  Informer<kube::Pod> informer;
  std::vector<std::string> log;
};

TEST_F(InformerTest, ListsThenWatchesWithOldAndNewObjects) {
  client.Put(MakePod("a", "10.0.0.1"));
  informer.Start();
  EXPECT_TRUE(informer.HasSynced());
  EXPECT_EQ(log, (std::vector<std::string>{"add a"}));
  client.Put(MakePod("a", "10.0.0.2"));
  client.Put(MakePod("b", ""));
  client.Remove("ns/a");
  d.RunFor(seconds(1));  // not RunUntilIdle: the 10 h resync timer never goes idle
  EXPECT_EQ(log, (std::vector<std::string>{"add a", "update a 10.0.0.1->10.0.0.2", "add b",
                                           "delete a"}));
  EXPECT_EQ(informer.Get("ns/a"), nullptr);
  ASSERT_NE(informer.Get("ns/b"), nullptr);
  EXPECT_EQ(informer.List("ns").size(), 1u);
  EXPECT_EQ(informer.List("other").size(), 0u);
}

TEST_F(InformerTest, ForEachVisitsWhatListReturnsInTheSameOrderWithoutCopies) {
  client.Put(MakePod("b", "10.0.0.2"));
  client.Put(MakePod("a", "10.0.0.1"));
  kube::Pod elsewhere = MakePod("c", "10.0.0.3");
  elsewhere.metadata.namespace_name = "other";
  client.Put(elsewhere);
  informer.Start();
  for (const std::string ns : {"ns", "other", ""}) {
    std::vector<std::string> listed, visited;
    for (const kube::Pod& p : informer.List(ns)) listed.push_back(p.metadata.name);
    informer.ForEach(ns, [&](const kube::Pod& p) {
      visited.push_back(p.metadata.name);
      EXPECT_EQ(&p, informer.Get(p.metadata.namespace_name + "/" + p.metadata.name));
    });
    EXPECT_EQ(visited, listed) << "namespace '" << ns << "'";
  }
  std::vector<std::string> in_ns;
  informer.ForEach("ns", [&](const kube::Pod& p) { in_ns.push_back(p.metadata.name); });
  EXPECT_EQ(in_ns, (std::vector<std::string>{"a", "b"}));
}

// The names of the pods filed under `value` of the "app" index, in visit order.
std::vector<std::string> Indexed(const Informer<kube::Pod>& informer, const std::string& value) {
  std::vector<std::string> names;
  informer.ForEachIndexed("app", value, [&](const kube::Pod& p) {
    names.push_back(p.metadata.name);
    EXPECT_EQ(&p, informer.Get(kube::KeyOf(p.metadata))) << "not the cached object";
  });
  EXPECT_EQ(informer.IndexedCount("app", value), names.size());
  return names;
}

kube::Pod AppPod(const std::string& name, const std::string& app, const std::string& ip) {
  kube::Pod p = MakePod(name, ip);
  if (!app.empty()) p.metadata.labels["app"] = app;
  return p;
}

TEST_F(InformerTest, IndexFollowsAddsUpdatesDeletesAndRelistsInKeyOrder) {
  informer.AddIndex("app", [](const kube::Pod& p) {
    auto it = p.metadata.labels.find("app");
    return it == p.metadata.labels.end() ? std::vector<std::string>{}
                                         : std::vector<std::string>{it->second, "any"};
  });
  ASSERT_TRUE(informer.HasIndex("app"));
  EXPECT_FALSE(informer.HasIndex("other"));
  client.Put(AppPod("c", "x", "10.0.0.3"));
  client.Put(AppPod("a", "x", "10.0.0.1"));
  client.Put(AppPod("b", "y", "10.0.0.2"));
  client.Put(AppPod("d", "", "10.0.0.4"));
  informer.Start();
  EXPECT_EQ(Indexed(informer, "x"), (std::vector<std::string>{"a", "c"}));
  EXPECT_EQ(Indexed(informer, "y"), (std::vector<std::string>{"b"}));
  EXPECT_EQ(Indexed(informer, "any"), (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(Indexed(informer, "none"), (std::vector<std::string>{}));
  // A label change moves the pod; a change of something else keeps it (and its cached object).
  client.Put(AppPod("c", "y", "10.0.0.3"));
  client.Put(AppPod("a", "x", "10.0.0.9"));
  client.Put(AppPod("d", "x", "10.0.0.4"));
  d.RunFor(seconds(1));
  EXPECT_EQ(Indexed(informer, "x"), (std::vector<std::string>{"a", "d"}));
  EXPECT_EQ(Indexed(informer, "y"), (std::vector<std::string>{"b", "c"}));
  EXPECT_EQ(informer.Get("ns/a")->status.pod_ip, "10.0.0.9");
  // A delete unfiles it; a value left without objects is dropped.
  client.Remove("ns/b");
  client.Remove("ns/c");
  d.RunFor(seconds(1));
  EXPECT_EQ(Indexed(informer, "y"), (std::vector<std::string>{}));
  EXPECT_EQ(informer.IndexedValues("app"), 2u);  // "x" and "any"
  // A relist after missed events applies them to the index too.
  client.DropWatches();
  client.PutSilently(AppPod("a", "y", "10.0.0.1"));
  client.RemoveSilently("ns/d");
  client.PutSilently(AppPod("e", "x", "10.0.0.5"));
  client.FailNextWatch();
  informer.Stop();
  informer.Start();
  EXPECT_EQ(Indexed(informer, "x"), (std::vector<std::string>{"e"}));
  EXPECT_EQ(Indexed(informer, "y"), (std::vector<std::string>{"a"}));
  EXPECT_EQ(Indexed(informer, "any"), (std::vector<std::string>{"a", "e"}));
}

TEST_F(InformerTest, RelistsWhenTheWatchHasExpiredAndDeliversTheGap) {
  client.Put(MakePod("a", "10.0.0.1"));
  client.Put(MakePod("b", "10.0.0.2"));
  client.fail_next_watch = Status(StatusCode::kNotFound, "Expired", "resourceVersion too old");
  informer.Start();
  EXPECT_EQ(client.watches, 1);
  // While no watch runs, b is deleted and a changes: only the relist can tell.
  client.RemoveSilently("ns/b");
  client.PutSilently(MakePod("a", "10.0.0.9"));
  d.RunFor(seconds(2));
  EXPECT_EQ(client.lists, 2);
  EXPECT_EQ(informer.relists(), 2);
  EXPECT_EQ(log, (std::vector<std::string>{"add a", "add b", "delete b",
                                           "update a 10.0.0.1->10.0.0.9"}));
  EXPECT_EQ(tracer.Count("controller", "InformerWatchFailed"), 1);
}

TEST_F(InformerTest, ListFailureIsRetried) {
  client.Put(MakePod("a", "10.0.0.1"));
  client.fail_next_list = Status(StatusCode::kUnavailable, "ServiceUnavailable", "down");
  informer.Start();
  EXPECT_FALSE(informer.HasSynced());
  d.RunFor(seconds(1));
  EXPECT_TRUE(informer.HasSynced());
  EXPECT_EQ(log, (std::vector<std::string>{"add a"}));
}

TEST_F(InformerTest, ResyncDeliversUpdatesWithOldEqualToNew) {
  client.Put(MakePod("a", "10.0.0.1"));
  informer.Start();
  d.RunFor(hours(10) - seconds(1));
  EXPECT_EQ(log.size(), 1u);
  d.RunFor(seconds(1));
  EXPECT_EQ(log, (std::vector<std::string>{"add a", "update a 10.0.0.1->10.0.0.1"}));
  d.RunFor(hours(10));
  EXPECT_EQ(log.size(), 3u);
}

// cache_version moves on every add, update and delete applied to the cache (so a map derived
// from the whole cache is rebuilt), and stays put through a resync and a delete of an absent key.
TEST_F(InformerTest, CacheVersionMovesOnEveryCacheChangeOnly) {
  EXPECT_EQ(informer.cache_version(), 0);
  client.Put(MakePod("a", "10.0.0.1"));
  informer.Start();
  int64_t v = informer.cache_version();
  EXPECT_GT(v, 0);
  client.Put(MakePod("a", "10.0.0.2"));
  d.RunFor(seconds(1));
  EXPECT_GT(informer.cache_version(), v);
  v = informer.cache_version();
  client.Put(MakePod("b", ""));
  d.RunFor(seconds(1));
  EXPECT_GT(informer.cache_version(), v);
  v = informer.cache_version();
  client.Remove("ns/b");
  d.RunFor(seconds(1));
  EXPECT_GT(informer.cache_version(), v);
  v = informer.cache_version();
  d.RunFor(hours(10));  // a resync delivers updates but changes nothing
  EXPECT_EQ(log.back(), "update a 10.0.0.2->10.0.0.2");
  EXPECT_EQ(informer.cache_version(), v);
}

TEST_F(InformerTest, StopEndsDeliveries) {
  informer.Start();
  informer.Stop();
  client.Put(MakePod("a", "10.0.0.1"));
  d.RunFor(hours(11));
  EXPECT_TRUE(log.empty());
}

TEST_F(InformerTest, DeliveryDelayKeepsTheCacheStaleThenAppliesInOrder) {
  informer.Start();
  informer.SetDeliveryDelay(seconds(10));
  client.Put(MakePod("a", "10.0.0.1"));
  d.RunFor(seconds(3));
  client.Put(MakePod("a", "10.0.0.2"));
  d.RunFor(seconds(6));  // t = 9 s: the first event is still 1 s away
  EXPECT_EQ(informer.Get("ns/a"), nullptr);
  EXPECT_TRUE(log.empty());
  EXPECT_EQ(informer.pending_events(), 2u);
  d.RunFor(seconds(2));  // t = 11 s
  ASSERT_NE(informer.Get("ns/a"), nullptr);
  EXPECT_EQ(informer.Get("ns/a")->status.pod_ip, "10.0.0.1");
  d.RunFor(seconds(3));  // t = 14 s
  EXPECT_EQ(informer.Get("ns/a")->status.pod_ip, "10.0.0.2");
  EXPECT_EQ(log, (std::vector<std::string>{"add a", "update a 10.0.0.1->10.0.0.2"}));
}

TEST_F(InformerTest, LoweringTheDelayNeverReordersEvents) {
  informer.Start();
  informer.SetDeliveryDelay(seconds(10));
  client.Put(MakePod("a", "10.0.0.1"));
  informer.SetDeliveryDelay(seconds(0));
  client.Remove("ns/a");
  d.RunFor(seconds(11));
  EXPECT_EQ(log, (std::vector<std::string>{"add a", "delete a"}));
  EXPECT_EQ(informer.Get("ns/a"), nullptr);
}

TEST_F(InformerTest, StopDropsEventsStillPending) {
  informer.Start();
  informer.SetDeliveryDelay(seconds(10));
  client.Put(MakePod("a", "10.0.0.1"));
  d.RunFor(seconds(1));
  informer.Stop();
  d.RunFor(seconds(30));
  EXPECT_EQ(informer.pending_events(), 0u);
  EXPECT_TRUE(log.empty());
}

}  // namespace
}  // namespace meshsim::controller::runtime
