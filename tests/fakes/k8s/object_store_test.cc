#include "fakes/k8s/object_store.h"

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <tuple>
#include <vector>

#include "fakes/k8s/fake_kube_api.h"
#include "tests/support/manual_dispatcher.h"
#include "tests/support/recording_tracer.h"
#include "tests/support/test_random.h"

namespace meshsim::fakes {
namespace {

using namespace std::chrono_literals;
using testing::ManualDispatcher;
using testing::RecordingTracer;
using testing::TestRandom;
using Type = WatchEvent<kube::Namespace>::Type;

kube::Namespace MakeNamespace(const std::string& name) {
  kube::Namespace ns;
  ns.metadata.name = name;
  return ns;
}

class ObjectStoreTest : public ::testing::Test {
 protected:
  explicit ObjectStoreTest(KubeOptions options = {})
      : api_(dispatcher_, random_, tracer_, std::move(options)) {}

  ManualDispatcher dispatcher_;
  TestRandom random_{7};
  RecordingTracer tracer_;
  FakeKubeApi api_;
};

TEST_F(ObjectStoreTest, EveryWriteBumpsOneClusterWideResourceVersion) {
  auto a = api_.Namespaces().Create(MakeNamespace("a"));
  auto b = api_.Namespaces().Create(MakeNamespace("b"));
  kube::Node node;
  node.metadata.name = "n";
  auto n = api_.Nodes().Create(node);
  ASSERT_TRUE(a.ok() && b.ok() && n.ok());
  EXPECT_EQ(a->metadata.resource_version, 1);
  EXPECT_EQ(b->metadata.resource_version, 2);
  EXPECT_EQ(n->metadata.resource_version, 3);
  EXPECT_EQ(a->metadata.generation, 1);
  EXPECT_NE(a->metadata.uid, b->metadata.uid);
  EXPECT_EQ(a->metadata.uid.size(), 36u);
  EXPECT_EQ(a->metadata.creation_timestamp, dispatcher_.WallNow());
  EXPECT_EQ(api_.Namespaces().List({})->resource_version, 3);
  EXPECT_EQ(tracer_.Count("k8s", "Write"), 3);
}

// Read hands over the stored object itself (what Get copies), and fails as Get does.
TEST_F(ObjectStoreTest, ReadVisitsTheStoredObjectInPlaceAndFailsAsGet) {
  kube::Node node;
  node.metadata.name = "n";
  node.metadata.labels["zone"] = "z1";
  ASSERT_TRUE(api_.Nodes().Create(node).ok());
  const kube::Node* seen = nullptr;
  Status read = api_.Nodes().Read("", "n", [&](const kube::Node& n) { seen = &n; });
  ASSERT_TRUE(read.ok()) << read.ToString();
  ASSERT_NE(seen, nullptr);
  EXPECT_EQ(seen, api_.Nodes().Find("", "n"));
  EXPECT_EQ(seen->metadata.labels.at("zone"), "z1");
  bool called = false;
  Status missing = api_.Nodes().Read("", "gone", [&](const kube::Node&) { called = true; });
  EXPECT_FALSE(called);
  EXPECT_EQ(missing.ToString(), api_.Nodes().Get("", "gone").status().ToString());
  EXPECT_EQ(missing.code(), StatusCode::kNotFound);
}

// The owner index behind ForEachControlledBy follows creates, owner changes and removals,
// visits List order, and keeps to the namespace asked for.
TEST_F(ObjectStoreTest, ForEachControlledByFollowsOwnerChangesAndRemovals) {
  auto make = [](const std::string& ns, const std::string& name, const std::string& owner) {
    kube::Service s;
    s.metadata.namespace_name = ns;
    s.metadata.name = name;
    s.metadata.owner_references = {{"v1", "ReplicaSet", "rs", owner, /*controller=*/true}};
    return s;
  };
  auto& store = api_.Services();
  for (const auto& [ns, name, owner] : std::vector<std::tuple<std::string, std::string, std::string>>{
           {"a", "z", "u1"}, {"a", "y", "u1"}, {"a", "x", "u2"}, {"b", "w", "u1"}}) {
    ASSERT_TRUE(store.Create(make(ns, name, owner)).ok());
  }
  auto owned = [&](const std::string& ns, const std::string& owner) {
    std::vector<std::string> names;
    store.ForEachControlledBy(ns, owner, [&](const kube::Service& s) { names.push_back(s.metadata.name); });
    return names;
  };
  EXPECT_EQ(owned("a", "u1"), (std::vector<std::string>{"y", "z"}));
  EXPECT_EQ(owned("b", "u1"), (std::vector<std::string>{"w"}));
  auto moved = store.Mutate("a", "y", "Update", [](kube::Service& s) {
    s.metadata.owner_references[0].uid = "u2";
  });
  ASSERT_TRUE(moved.ok());
  EXPECT_EQ(owned("a", "u1"), (std::vector<std::string>{"z"}));
  EXPECT_EQ(owned("a", "u2"), (std::vector<std::string>{"x", "y"}));
  ASSERT_TRUE(store.Delete("a", "x", std::nullopt).ok());
  EXPECT_EQ(owned("a", "u2"), (std::vector<std::string>{"y"}));
  EXPECT_TRUE(owned("a", "nobody").empty());
}

// The owner index points at the stored objects: a visit sees every later write to them (a
// status-only write keeps the entry in place), and an object deleted and created again under
// the same name is visited once, as its new self.
TEST_F(ObjectStoreTest, ForEachControlledBySeesTheStoredObjectAfterEveryWrite) {
  auto& store = api_.Services();
  for (const char* name : {"b", "a", "c"}) {
    kube::Service s;
    s.metadata.namespace_name = "ns";
    s.metadata.name = name;
    s.metadata.owner_references = {{"v1", "ReplicaSet", "rs", "u1", /*controller=*/true}};
    ASSERT_TRUE(store.Create(s).ok());
  }
  auto seen = [&] {
    std::vector<std::string> out;
    store.ForEachControlledBy("ns", "u1", [&](const kube::Service& s) {
      auto it = s.metadata.labels.find("v");
      out.push_back(s.metadata.name + "=" + (it == s.metadata.labels.end() ? "" : it->second));
    });
    return out;
  };
  ASSERT_TRUE(store.Mutate("ns", "b", "Update", [](kube::Service& s) {
    s.metadata.labels["v"] = "1";
  }).ok());
  EXPECT_EQ(seen(), (std::vector<std::string>{"a=", "b=1", "c="}));
  ASSERT_TRUE(store.Mutate("ns", "b", "Update", [](kube::Service& s) {
    s.metadata.labels["v"] = "2";
  }).ok());
  ASSERT_TRUE(store.Delete("ns", "a", std::nullopt).ok());
  EXPECT_EQ(seen(), (std::vector<std::string>{"b=2", "c="}));
  kube::Service again;
  again.metadata.namespace_name = "ns";
  again.metadata.name = "a";
  again.metadata.labels["v"] = "new";
  again.metadata.owner_references = {{"v1", "ReplicaSet", "rs", "u1", /*controller=*/true}};
  ASSERT_TRUE(store.Create(again).ok());
  EXPECT_EQ(seen(), (std::vector<std::string>{"a=new", "b=2", "c="}));
  // Dropping the owner reference unindexes; a missing object is kNotFound for Mutate.
  ASSERT_TRUE(store.Mutate("ns", "c", "Update", [](kube::Service& s) {
    s.metadata.owner_references.clear();
  }).ok());
  EXPECT_EQ(seen(), (std::vector<std::string>{"a=new", "b=2"}));
  EXPECT_EQ(store.Mutate("ns", "zz", "Update", [](kube::Service&) {}).status().code(),
            StatusCode::kNotFound);
}

TEST_F(ObjectStoreTest, ListIsSortedByNamespaceThenName) {
  for (const char* key : {"b/x", "a/z", "a/y"}) {
    kube::Service s;
    s.metadata.namespace_name = std::string(key, 1);
    s.metadata.name = std::string(key + 2);
    ASSERT_TRUE(api_.Services().Create(s).ok());
  }
  auto list = api_.Services().List({});
  ASSERT_EQ(list->items.size(), 3u);
  EXPECT_EQ(kube::KeyOf(list->items[0].metadata), "a/y");
  EXPECT_EQ(kube::KeyOf(list->items[1].metadata), "a/z");
  EXPECT_EQ(kube::KeyOf(list->items[2].metadata), "b/x");
  EXPECT_EQ(api_.Services().List({.namespace_name = "b"})->items.size(), 1u);
  EXPECT_EQ(api_.Services().Create(list->items[0]).status().code(), StatusCode::kAlreadyExists);
}

TEST_F(ObjectStoreTest, ForEachWithNamePrefixVisitsOnlyThatNamespacesPrefixInListOrder) {
  // "web" ends before "web-" in List order; "web-1-b" sorts after "web-1-" names but still
  // matches the prefix "web-"; "b/web-3" is another namespace, "a/webx" another prefix.
  for (const char* key : {"a/web-2", "a/web", "b/web-3", "a/web-1", "a/webx", "a/web-1-b",
                          "a/wea-9", "a/zz"}) {
    kube::Service s;
    s.metadata.namespace_name = std::string(key, 1);
    s.metadata.name = std::string(key + 2);
    ASSERT_TRUE(api_.Services().Create(s).ok());
  }
  auto names = [&](const std::string& ns, const std::string& prefix) {
    std::vector<std::string> out;
    api_.Services().ForEachWithNamePrefix(
        ns, prefix, [&](const kube::Service& s) { out.push_back(s.metadata.name); });
    return out;
  };
  EXPECT_EQ(names("a", "web-"), (std::vector<std::string>{"web-1", "web-1-b", "web-2"}));
  EXPECT_EQ(names("a", "web-1"), (std::vector<std::string>{"web-1", "web-1-b"}));
  EXPECT_EQ(names("b", "web-"), (std::vector<std::string>{"web-3"}));
  EXPECT_EQ(names("a", "zz"), (std::vector<std::string>{"zz"}));
  EXPECT_TRUE(names("a", "zzz").empty());
  EXPECT_TRUE(names("c", "").empty());
  EXPECT_EQ(names("a", "").size(), 7u);
  ASSERT_TRUE(api_.Services().Delete("a", "web-1", std::nullopt).ok());
  EXPECT_EQ(names("a", "web-"), (std::vector<std::string>{"web-1-b", "web-2"}));
}

class WatchOrderTest : public ObjectStoreTest {
 protected:
  WatchOrderTest() : ObjectStoreTest(Options()) {}
  static KubeOptions Options() {
    KubeOptions o;
    o.watch_delay = Distribution::Uniform(1ms, 100ms);
    o.watch_history = 5;
    return o;
  }
};

TEST_F(WatchOrderTest, EventsArriveLaterAndInResourceVersionOrder) {
  std::vector<int64_t> seen;
  auto w = api_.Namespaces().Watch(api_.CurrentResourceVersion(),
                                   [&](const WatchEvent<kube::Namespace>& e) {
                                     seen.push_back(e.object.metadata.resource_version);
                                   });
  ASSERT_TRUE(w.ok());
  for (int i = 0; i < 40; ++i) {
    api_.Namespaces().Create(MakeNamespace("ns" + std::to_string(i)));
    if (i % 3 == 0) dispatcher_.RunFor(1ms);
  }
  EXPECT_LT(seen.size(), 40u);  // delivery takes the watch delay
  dispatcher_.RunFor(1s);
  ASSERT_EQ(seen.size(), 40u);
  for (size_t i = 1; i < seen.size(); ++i) EXPECT_LT(seen[i - 1], seen[i]);
}

TEST_F(WatchOrderTest, DestroyingTheWatchStopsDeliveriesInFlight) {
  int seen = 0;
  auto w = api_.Namespaces().Watch(0, [&](const WatchEvent<kube::Namespace>&) { ++seen; });
  api_.Namespaces().Create(MakeNamespace("a"));
  w->reset();
  dispatcher_.RunFor(1s);
  EXPECT_EQ(seen, 0);
}

TEST_F(WatchOrderTest, ReplaysFromAResourceVersionAndExpiresOldOnes) {
  std::vector<int64_t> rvs;
  for (int i = 0; i < 10; ++i) {
    rvs.push_back(api_.Namespaces()
                      .Create(MakeNamespace("n" + std::to_string(i)))
                      ->metadata.resource_version);
  }
  std::vector<std::string> replayed;
  auto w = api_.Namespaces().Watch(rvs[6], [&](const WatchEvent<kube::Namespace>& e) {
    replayed.push_back(e.object.metadata.name);
  });
  ASSERT_TRUE(w.ok());
  dispatcher_.RunFor(1s);
  EXPECT_EQ(replayed, (std::vector<std::string>{"n7", "n8", "n9"}));

  auto expired = api_.Namespaces().Watch(rvs[1], [](const WatchEvent<kube::Namespace>&) {});
  ASSERT_FALSE(expired.ok());
  EXPECT_EQ(expired.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(expired.status().error_name(), "Expired");
  EXPECT_TRUE(api_.Namespaces().Watch(rvs[4], [](const WatchEvent<kube::Namespace>&) {}).ok());
}

// One write is one immutable event shared by every watcher (and the replay history), not a
// copy per watcher; a later write does not change an event already in flight.
TEST_F(WatchOrderTest, WatchersShareOneImmutableEventPerWrite) {
  struct Seen {
    std::vector<const kube::Namespace*> objects;
    std::vector<std::string> labels;
  };
  Seen first, second, replay;
  api_.Namespaces().Create(MakeNamespace("before"));  // a replay from version 0 is a list
  int64_t from = api_.CurrentResourceVersion();
  auto record = [](Seen& into) {
    return [&into](const WatchEvent<kube::Namespace>& e) {
      into.objects.push_back(&e.object);
      auto v = e.object.metadata.labels.find("v");
      into.labels.push_back(v == e.object.metadata.labels.end() ? "" : v->second);
    };
  };
  auto w1 = api_.Namespaces().Watch(from, record(first));
  auto w2 = api_.Namespaces().Watch(from, record(second));
  api_.Namespaces().Create(MakeNamespace("a"));
  api_.Namespaces().Mutate("", "a", "Update",
                           [](kube::Namespace& ns) { ns.metadata.labels["v"] = "1"; });
  // Replayed from the history before the first delivery: the same two events again.
  auto w3 = api_.Namespaces().Watch(from, record(replay));
  ASSERT_TRUE(w1.ok() && w2.ok() && w3.ok());
  dispatcher_.RunFor(1s);
  ASSERT_EQ(first.objects.size(), 2u);
  EXPECT_EQ(first.objects, second.objects);
  EXPECT_EQ(first.objects, replay.objects);
  EXPECT_NE(first.objects[0], first.objects[1]);
  // Each watcher saw the created object without the label, then the update with it.
  std::vector<std::string> want{"", "1"};
  EXPECT_EQ(first.labels, want);
  EXPECT_EQ(second.labels, want);
  EXPECT_EQ(replay.labels, want);
}

// A field-selected watch (a kubelet's spec.nodeName) delivers only the selected objects, each
// at exactly the time an unfiltered watch whose handler ignores the others would see it: same
// delay draws, same per-watcher ordering. Two identical worlds, one selected, one filtering.
struct KNamespacesSeen {
  std::vector<std::pair<std::string, MonotonicTime>> k;  // name, delivery time
  int handler_calls = 0;
};

KNamespacesSeen SeenByAWatchOfTheKNamespaces(bool selected) {
  ManualDispatcher dispatcher;
  TestRandom random{7};
  RecordingTracer tracer;
  KubeOptions options;
  options.watch_delay = Distribution::Uniform(1ms, 100ms);
  FakeKubeApi api(dispatcher, random, tracer, options);
  api.Namespaces().Create(MakeNamespace("k-before"));  // replayed as a synthetic ADDED
  api.Namespaces().Create(MakeNamespace("x-before"));
  KNamespacesSeen seen;
  auto is_k = [](const kube::Namespace& ns) { return ns.metadata.name[0] == 'k'; };
  auto record = [&](const WatchEvent<kube::Namespace>& e) {
    ++seen.handler_calls;
    if (is_k(e.object)) seen.k.emplace_back(e.object.metadata.name, dispatcher.Now());
  };
  auto w = selected ? api.Namespaces().WatchSelected(0, is_k, record)
                    : api.Namespaces().Watch(0, record);
  EXPECT_TRUE(w.ok());
  // A second, unfiltered watcher draws from the same stream in between, as in a real world.
  auto other = api.Namespaces().Watch(0, [](const WatchEvent<kube::Namespace>&) {});
  for (int i = 0; i < 30; ++i) {
    api.Namespaces().Create(MakeNamespace((i % 3 == 0 ? "k" : "x") + std::to_string(i)));
    if (i % 4 == 0) dispatcher.RunFor(3ms);
  }
  dispatcher.RunFor(1s);
  return seen;
}

TEST(WatchSelected, DeliversOnlySelectedObjectsAtTheUnfilteredTimes) {
  auto filtered_in_handler = SeenByAWatchOfTheKNamespaces(false);
  auto selected = SeenByAWatchOfTheKNamespaces(true);
  ASSERT_EQ(filtered_in_handler.k.size(), 11u);  // k-before and k0, k3, ..., k27
  EXPECT_EQ(filtered_in_handler.handler_calls, 32);
  EXPECT_EQ(selected.k, filtered_in_handler.k);
  EXPECT_EQ(selected.handler_calls, 11);  // the others never reached the handler
}

TEST_F(ObjectStoreTest, WatchFromZeroStartsWithSyntheticAdds) {
  api_.Namespaces().Create(MakeNamespace("a"));
  std::vector<Type> types;
  auto w = api_.Namespaces().Watch(
      0, [&](const WatchEvent<kube::Namespace>& e) { types.push_back(e.type); });
  api_.Namespaces().Delete("", "a", std::nullopt);
  dispatcher_.RunFor(1s);
  EXPECT_EQ(types, (std::vector<Type>{Type::kAdded, Type::kDeleted}));
}

TEST_F(ObjectStoreTest, UpdateWithStaleResourceVersionConflicts) {
  auto created = api_.Namespaces().Create(MakeNamespace("a"));
  kube::Namespace first = *created;
  first.metadata.labels["x"] = "1";
  auto updated = api_.Namespaces().Update(first);
  ASSERT_TRUE(updated.ok());
  EXPECT_GT(updated->metadata.resource_version, created->metadata.resource_version);
  kube::Namespace stale = *created;
  stale.metadata.labels["x"] = "2";
  auto conflict = api_.Namespaces().Update(stale);
  EXPECT_EQ(conflict.status().code(), StatusCode::kConflict);
  EXPECT_EQ(conflict.status().error_name(), "Conflict");
  EXPECT_EQ(api_.Namespaces().Get("", "a")->metadata.labels.at("x"), "1");
}

TEST_F(ObjectStoreTest, GenerationFollowsSpecChangesOnly) {
  kube::Deployment d;
  d.metadata.name = "web";
  d.metadata.namespace_name = "default";
  auto v1 = api_.Deployments().Create(d);
  kube::Deployment labelled = *v1;
  labelled.metadata.labels["team"] = "a";
  auto v2 = api_.Deployments().Update(labelled);
  EXPECT_EQ(v2->metadata.generation, 1);
  kube::Deployment scaled = *v2;
  scaled.spec.replicas = 3;
  scaled.status.replicas = 99;  // Update never writes status
  auto v3 = api_.Deployments().Update(scaled);
  EXPECT_EQ(v3->metadata.generation, 2);
  EXPECT_EQ(v3->status.replicas, 0);
  auto v4 = api_.Deployments().Update(*v3);  // no change: no write
  EXPECT_EQ(v4->metadata.resource_version, v3->metadata.resource_version);
}

TEST_F(ObjectStoreTest, FinalizersHoldDeletionUntilCleared) {
  kube::Namespace ns = MakeNamespace("a");
  ns.metadata.finalizers = {"finalizers.appmesh.k8s.aws/aws-cloudmap-resources"};
  api_.Namespaces().Create(ns);
  std::vector<Type> types;
  auto w = api_.Namespaces().Watch(
      api_.CurrentResourceVersion(),
      [&](const WatchEvent<kube::Namespace>& e) { types.push_back(e.type); });
  ASSERT_TRUE(api_.Namespaces().Delete("", "a", std::nullopt).ok());
  auto marked = api_.Namespaces().Get("", "a");
  ASSERT_TRUE(marked.ok());
  EXPECT_TRUE(marked->metadata.deletion_timestamp.has_value());
  kube::Namespace cleared = *marked;
  cleared.metadata.finalizers.clear();
  ASSERT_TRUE(api_.Namespaces().Update(cleared).ok());
  EXPECT_EQ(api_.Namespaces().Get("", "a").status().code(), StatusCode::kNotFound);
  dispatcher_.RunFor(1s);
  EXPECT_EQ(types, (std::vector<Type>{Type::kModified, Type::kDeleted}));
}

TEST_F(ObjectStoreTest, UnboundPodsAreDeletedAtOnceBoundPodsGracefully) {
  kube::Pod pod;
  pod.metadata.name = "p";
  pod.metadata.namespace_name = "default";
  api_.Pods().Create(pod);
  ASSERT_TRUE(api_.Pods().Delete("default", "p", 30s).ok());
  EXPECT_FALSE(api_.Pods().Get("default", "p").ok());

  pod.spec.node_name = "node";
  api_.Pods().Create(pod);
  ASSERT_TRUE(api_.Pods().Delete("default", "p", 30s).ok());
  auto marked = api_.Pods().Get("default", "p");
  ASSERT_TRUE(marked.ok());
  EXPECT_EQ(marked->metadata.deletion_grace_period_seconds, 30);
  EXPECT_EQ(*marked->metadata.deletion_timestamp, dispatcher_.WallNow() + 30s);
  ASSERT_TRUE(api_.Pods().Delete("default", "p", 0s).ok());
  EXPECT_FALSE(api_.Pods().Get("default", "p").ok());
}

}  // namespace
}  // namespace meshsim::fakes
