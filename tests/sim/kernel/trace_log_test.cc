#include "sim/kernel/trace_log.h"

#include <gtest/gtest.h>

#include <sstream>

#include "sim/kernel/simulated_dispatcher.h"

namespace meshsim::sim {
namespace {

using std::chrono::seconds;

TEST(TraceLog, WritesOneJsonLinePerEventWithSimulatedTime) {
  SimulatedDispatcher d;
  TraceLog trace(d);
  std::ostringstream out;
  trace.SetSink(&out);
  d.Schedule(seconds(2), [&] {
    trace.Record(TraceEvent("k8s", "PodRunning").With("pod", "a\"b").With("ready", true).With("n", 3));
  });
  d.RunUntil(MonotonicTime(seconds(3)));
  EXPECT_EQ(out.str(),
            "{\"t\":2000000000,\"c\":\"k8s\",\"e\":\"PodRunning\",\"pod\":\"a\\\"b\","
            "\"ready\":true,\"n\":3}\n");
  EXPECT_EQ(trace.events(), 1u);
}

TEST(TraceLog, HashDependsOnContentAndOrder) {
  SimulatedDispatcher d;
  TraceLog a(d), b(d), c(d);
  a.Record(TraceEvent("x", "one"));
  a.Record(TraceEvent("x", "two"));
  b.Record(TraceEvent("x", "one"));
  b.Record(TraceEvent("x", "two"));
  c.Record(TraceEvent("x", "two"));
  c.Record(TraceEvent("x", "one"));
  EXPECT_EQ(a.hash(), b.hash());
  EXPECT_NE(a.hash(), c.hash());
  EXPECT_EQ(a.HashHex().size(), 16u);
}

TEST(TraceLog, ObserversSeeEveryEvent) {
  SimulatedDispatcher d;
  TraceLog trace(d);
  std::vector<std::string> names;
  trace.AddObserver([&](const TraceRecord& r) { names.push_back(r.event->name()); });
  trace.Record(TraceEvent("x", "a"));
  trace.Record(TraceEvent("x", "b"));
  EXPECT_EQ(names, (std::vector<std::string>{"a", "b"}));
}

}  // namespace
}  // namespace meshsim::sim
