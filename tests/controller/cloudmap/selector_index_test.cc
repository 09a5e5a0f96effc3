#include "controller/cloudmap/selector_index.h"

#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "controller/cloudmap/pod_classification.h"
#include "tests/controller/cloudmap/test_objects.h"
#include "tests/support/fake_resource_client.h"
#include "tests/support/manual_dispatcher.h"
#include "tests/support/recording_tracer.h"

namespace meshsim::controller {
namespace {

using meshsim::testing::FakeResourceClient;
using meshsim::testing::ManualDispatcher;
using meshsim::testing::RecordingTracer;
using std::chrono::hours;
using std::chrono::seconds;

// A pod informer and a VN informer over fake clients, with or without the indexes.
struct Caches {
  explicit Caches(bool indexed)
      : pod_client(d), vn_client(d), pods(d, pod_client, tracer, "Pod", hours(10)),
        vns(d, vn_client, tracer, "VirtualNode", hours(10)) {
    if (indexed) {
      AddPodLabelIndex(pods);
      AddVirtualNodeSelectorIndex(vns);
    }
    pods.Start();
    vns.Start();
  }
  void Settle() { d.RunFor(seconds(1)); }
  ManualDispatcher d;
  RecordingTracer tracer;
  FakeResourceClient<kube::Pod> pod_client;
  FakeResourceClient<appmesh::VirtualNode> vn_client;
  runtime::Informer<kube::Pod> pods;
  runtime::Informer<appmesh::VirtualNode> vns;
};

// What BuildRequest did before the index: every pod of the namespace, in key order, through
// ResolvePod's selector check.
std::vector<const kube::Pod*> ScannedPods(const runtime::Informer<kube::Pod>& pods,
                                          const appmesh::VirtualNode& vn) {
  std::vector<const kube::Pod*> out;
  pods.ForEach(vn.metadata.namespace_name, [&](const kube::Pod& p) {
    if (vn.spec.pod_selector && p.metadata.namespace_name == vn.metadata.namespace_name &&
        vn.spec.pod_selector->Matches(p.metadata.labels)) {
      out.push_back(&p);
    }
  });
  return out;
}

std::vector<const kube::Pod*> SelectedPods(const runtime::Informer<kube::Pod>& pods,
                                           const appmesh::VirtualNode& vn) {
  std::vector<const kube::Pod*> out;
  if (!vn.spec.pod_selector) return out;
  ForEachSelectedPod(pods, vn.metadata.namespace_name, *vn.spec.pod_selector,
                     [&](const kube::Pod& p) { out.push_back(&p); });
  return out;
}

// What PodEventHandler matched before the index: every VN of the pod's namespace.
std::set<std::string> ScannedVns(const runtime::Informer<appmesh::VirtualNode>& vns,
                                 const kube::Pod& pod) {
  std::set<std::string> keys;
  vns.ForEach(pod.metadata.namespace_name, [&](const appmesh::VirtualNode& vn) {
    if (SelectsPod(vn, pod)) keys.insert(kube::KeyOf(vn.metadata));
  });
  return keys;
}

// The VNs the index visits that select the pod; fails the test when one is visited twice.
std::set<std::string> IndexedVns(const runtime::Informer<appmesh::VirtualNode>& vns,
                                 const kube::Pod& pod) {
  std::set<std::string> keys;
  std::multiset<std::string> visited;
  ForEachVirtualNodeThatMaySelect(vns, pod, [&](const appmesh::VirtualNode& vn) {
    visited.insert(kube::KeyOf(vn.metadata));
    if (SelectsPod(vn, pod)) keys.insert(kube::KeyOf(vn.metadata));
  });
  for (const std::string& key : visited) EXPECT_EQ(visited.count(key), 1u) << key;
  return keys;
}

kube::Pod PodIn(const std::string& ns, const std::string& name, kube::Labels labels) {
  kube::Pod p = testing::ReadyPod(name, "10.0.0.1", std::move(labels));
  p.metadata.namespace_name = ns;
  return p;
}

appmesh::VirtualNode VnIn(const std::string& ns, const std::string& name,
                          std::optional<kube::LabelSelector> selector, bool cloud_map = true) {
  appmesh::VirtualNode vn = testing::CloudMapVn(name, {}, "svc");
  vn.metadata.namespace_name = ns;
  vn.spec.pod_selector = std::move(selector);
  if (!cloud_map) vn.spec.service_discovery.reset();
  return vn;
}

TEST(SelectorIndexTest, IndexValuesAreUnambiguous) {
  EXPECT_NE(LabelIndexValue("a", "b", "c"), LabelIndexValue("a", "bc", ""));
  EXPECT_NE(LabelIndexValue("a1:", "b", "c"), LabelIndexValue("a", "1:b", "c"));
  EXPECT_NE(LabelIndexValue("ns", "*", ""), AnyLabelIndexValue("ns"));
  EXPECT_EQ(PodLabelIndexValues(PodIn("ns", "p", {{"app", "x"}, {"v", "1"}})),
            (std::vector<std::string>{LabelIndexValue("ns", "app", "x"),
                                      LabelIndexValue("ns", "v", "1")}));
  EXPECT_TRUE(VirtualNodeSelectorIndexValues(VnIn("ns", "v", std::nullopt)).empty());
  EXPECT_TRUE(VirtualNodeSelectorIndexValues(
                  VnIn("ns", "v", kube::LabelSelector{{{"app", "x"}}}, false))
                  .empty());
  EXPECT_EQ(VirtualNodeSelectorIndexValues(VnIn("ns", "v", kube::LabelSelector{})),
            (std::vector<std::string>{AnyLabelIndexValue("ns")}));
}

TEST(SelectorIndexTest, SelectedPodsComeFromTheSmallestBucketInKeyOrder) {
  Caches c(true);
  // Namespaces "a" and "a-b": their keys interleave ("a-b/..." < "a/..."), names do not.
  c.pod_client.Put(PodIn("a", "p3", {{"app", "x"}, {"v", "1"}}));
  c.pod_client.Put(PodIn("a", "p1", {{"app", "x"}, {"v", "2"}}));
  c.pod_client.Put(PodIn("a", "p2", {{"app", "x"}, {"v", "1"}}));
  c.pod_client.Put(PodIn("a-b", "p0", {{"app", "x"}, {"v", "1"}}));
  c.pod_client.Put(PodIn("a", "q", {{"app", "y"}, {"v", "1"}}));
  c.Settle();
  appmesh::VirtualNode vn = VnIn("a", "vn", kube::LabelSelector{{{"app", "x"}, {"v", "1"}}});
  std::vector<std::string> names;
  for (const kube::Pod* p : SelectedPods(c.pods, vn)) names.push_back(p->metadata.name);
  EXPECT_EQ(names, (std::vector<std::string>{"p2", "p3"}));
  EXPECT_EQ(SelectedPods(c.pods, vn), ScannedPods(c.pods, vn));
  // With an expression the index still narrows, the whole selector decides.
  vn.spec.pod_selector->match_expressions.push_back(
      {"v", kube::LabelSelectorRequirement::Operator::kNotIn, {"1"}});
  EXPECT_TRUE(SelectedPods(c.pods, vn).empty());
  EXPECT_EQ(c.pods.IndexedCount(kPodLabelIndex, LabelIndexValue("a", "app", "x")), 3u);
}

TEST(SelectorIndexTest, PodEventsVisitOnlyTheVirtualNodesThatMaySelectThem) {
  Caches c(true);
  c.vn_client.Put(VnIn("a", "x", kube::LabelSelector{{{"app", "x"}}}));
  c.vn_client.Put(VnIn("a", "y", kube::LabelSelector{{{"app", "y"}}}));
  c.vn_client.Put(VnIn("a", "all", kube::LabelSelector{}));
  c.vn_client.Put(VnIn("b", "x", kube::LabelSelector{{{"app", "x"}}}));
  c.Settle();
  std::vector<std::string> visited;
  ForEachVirtualNodeThatMaySelect(c.vns, PodIn("a", "p", {{"app", "x"}}),
                                  [&](const appmesh::VirtualNode& vn) {
                                    visited.push_back(kube::KeyOf(vn.metadata));
                                  });
  std::sort(visited.begin(), visited.end());
  EXPECT_EQ(visited, (std::vector<std::string>{"a/all", "a/x"}));
  // A selector change moves the VN to its new bucket.
  c.vn_client.Put(VnIn("a", "y", kube::LabelSelector{{{"app", "x"}, {"tier", "web"}}}));
  c.Settle();
  kube::Pod web = PodIn("a", "w", {{"app", "x"}, {"tier", "web"}});
  EXPECT_EQ(IndexedVns(c.vns, web), (std::set<std::string>{"a/all", "a/x", "a/y"}));
}

// Random clusters: pods and VNs in three namespaces (two with interleaving keys), labels from
// a small alphabet, selectors with and without matchLabels and expressions, some VNs without a
// selector or Cloud Map; random adds, label changes and deletes. The indexed answers must be
// the scans' exactly: the same pods in the same order for every VN, the same VNs for every pod.
rc::Gen<kube::Labels> GenLabels() {
  return rc::gen::exec([] {
    kube::Labels labels;
    for (const char* key : {"app", "v", "tier"}) {
      if (*rc::gen::inRange(0, 2) == 0) labels[key] = *rc::gen::element<std::string>("x", "y", "");
    }
    return labels;
  });
}

rc::Gen<std::optional<kube::LabelSelector>> GenSelector() {
  return rc::gen::exec([]() -> std::optional<kube::LabelSelector> {
    if (*rc::gen::inRange(0, 8) == 0) return std::nullopt;
    kube::LabelSelector s;
    s.match_labels = *GenLabels();
    int expressions = *rc::gen::inRange(0, 3) == 0 ? 1 : 0;
    for (int i = 0; i < expressions; ++i) {
      kube::LabelSelectorRequirement r;
      r.key = *rc::gen::element<std::string>("app", "v", "tier");
      r.op = *rc::gen::element(kube::LabelSelectorRequirement::Operator::kIn,
                               kube::LabelSelectorRequirement::Operator::kNotIn,
                               kube::LabelSelectorRequirement::Operator::kExists,
                               kube::LabelSelectorRequirement::Operator::kDoesNotExist);
      r.values = {*rc::gen::element<std::string>("x", "y")};
      s.match_expressions.push_back(r);
    }
    return s;
  });
}

RC_GTEST_PROP(SelectorIndexProperty, IndexedAnswersEqualTheScans, ()) {
  Caches c(true);
  Caches plain(false);  // no index: the fallback must be the scan as well
  std::vector<std::string> namespaces = {"a", "a-b", "b"};
  int steps = *rc::gen::inRange(1, 60);
  for (int i = 0; i < steps; ++i) {
    std::string ns = *rc::gen::elementOf(namespaces);
    std::string name = "o" + std::to_string(*rc::gen::inRange(0, 8));
    int what = *rc::gen::inRange(0, 10);
    if (what < 5) {
      kube::Pod pod = PodIn(ns, name, *GenLabels());
      c.pod_client.Put(pod);
      plain.pod_client.Put(pod);
    } else if (what < 6) {
      c.pod_client.Remove(ns, name);
      plain.pod_client.Remove(ns, name);
    } else if (what < 9) {
      appmesh::VirtualNode vn = VnIn(ns, name, *GenSelector(), *rc::gen::inRange(0, 6) != 0);
      c.vn_client.Put(vn);
      plain.vn_client.Put(vn);
    } else {
      c.vn_client.Remove(ns, name);
      plain.vn_client.Remove(ns, name);
    }
    if (*rc::gen::inRange(0, 4) == 0) {
      c.Settle();
      plain.Settle();
    }
  }
  c.Settle();
  plain.Settle();
  // Every cached VN, and random other selectors, against the pods.
  std::vector<appmesh::VirtualNode> vns = c.vns.List();
  for (int i = 0; i < 5; ++i) {
    vns.push_back(VnIn(*rc::gen::elementOf(namespaces), "probe", *GenSelector()));
  }
  for (const appmesh::VirtualNode& vn : vns) {
    RC_ASSERT(SelectedPods(c.pods, vn) == ScannedPods(c.pods, vn));
    RC_ASSERT(SelectedPods(plain.pods, vn) == ScannedPods(plain.pods, vn));
  }
  // Every cached pod, and random other pods, against the VNs.
  std::vector<kube::Pod> pods = c.pods.List();
  for (int i = 0; i < 5; ++i) {
    pods.push_back(PodIn(*rc::gen::elementOf(namespaces), "probe", *GenLabels()));
  }
  for (const kube::Pod& pod : pods) {
    RC_ASSERT(IndexedVns(c.vns, pod) == ScannedVns(c.vns, pod));
    RC_ASSERT(IndexedVns(plain.vns, pod) == ScannedVns(plain.vns, pod));
  }
}

}  // namespace
}  // namespace meshsim::controller
