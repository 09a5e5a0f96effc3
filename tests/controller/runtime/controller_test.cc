#include "controller/runtime/controller.h"

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "controller/async/sleep.h"
#include "tests/support/manual_dispatcher.h"
#include "tests/support/recording_tracer.h"

namespace meshsim::controller::runtime {
namespace {

using async::Task;
using std::chrono::milliseconds;
using std::chrono::seconds;
using meshsim::testing::ManualDispatcher;
using meshsim::testing::RecordingTracer;

// Reconciles take one second and return the scripted results in order, then ok.
struct Script {
  Dispatcher& d;
  std::map<std::string, std::vector<ReconcileResult>> results;
  std::vector<std::pair<std::string, int64_t>> runs;  // key, start time in ms
  int concurrent = 0;
  int max_concurrent = 0;

  Task<ReconcileResult> Run(std::string key) {
    runs.emplace_back(key, std::chrono::duration_cast<milliseconds>(
                               d.Now().time_since_epoch()).count());
    max_concurrent = std::max(max_concurrent, ++concurrent);
    co_await async::Sleep(d, seconds(1));
    --concurrent;
    auto& r = results[key];
    if (r.empty()) co_return ReconcileResult::Ok();
    ReconcileResult out = r.front();
    r.erase(r.begin());
    co_return out;
  }
};

struct ControllerTest : ::testing::Test {
  ControllerTest()
      : script{d}, c(d, tracer, "cloudMap", 3, [this](std::string k) { return script.Run(k); }) {
    c.Start();
  }
  ManualDispatcher d;
  RecordingTracer tracer;
  Script script;
  Controller c;
};

TEST_F(ControllerTest, RunsAtMostThreeReconcilesAtOnce) {
  for (const char* k : {"a", "b", "c", "d", "e"}) c.Enqueue(k, "test");
  d.RunFor(seconds(10));
  EXPECT_EQ(script.max_concurrent, 3);
  EXPECT_EQ(script.runs.size(), 5u);
  EXPECT_EQ(tracer.Count("controller", "ReconcileEnd"), 5);
}

TEST_F(ControllerTest, RequeueAfterAddsTheKeyBackAfterThatDelay) {
  script.results["a"] = {ReconcileResult::RequeueAfter(seconds(10))};
  c.Enqueue("a", "test");
  d.RunFor(seconds(30));
  ASSERT_EQ(script.runs.size(), 2u);
  EXPECT_EQ(script.runs[1].second - script.runs[0].second, 11000);  // 1 s reconcile + 10 s
  EXPECT_EQ(c.queue().NumRequeues("a"), 0);
}

TEST_F(ControllerTest, ErrorsRequeueWithExponentialBackoff) {
  Status boom(StatusCode::kInternal, "InternalFailure", "boom");
  script.results["a"] = {ReconcileResult::Error(boom), ReconcileResult::Error(boom),
                         ReconcileResult::Requeue()};
  c.Enqueue("a", "test");
  d.RunFor(seconds(30));
  ASSERT_EQ(script.runs.size(), 4u);
  EXPECT_EQ(script.runs[1].second - script.runs[0].second, 1005);
  EXPECT_EQ(script.runs[2].second - script.runs[1].second, 1010);
  EXPECT_EQ(script.runs[3].second - script.runs[2].second, 1020);
  EXPECT_EQ(c.queue().NumRequeues("a"), 0);  // the final ok forgot it
}

TEST_F(ControllerTest, TracesEnqueueReasonAndQueueWait) {
  c.Enqueue("a", "pod-create");
  d.RunFor(seconds(5));
  bool found = false;
  for (const auto& e : tracer.events()) {
    if (e.name() != "Enqueue") continue;
    for (const auto& f : e.fields()) {
      found |= f.key == "reason" && std::get<std::string>(f.value) == "pod-create";
    }
  }
  EXPECT_TRUE(found);
  EXPECT_EQ(tracer.Count("controller", "ReconcileStart"), 1);
}

TEST_F(ControllerTest, StopDestroysReconcilesInProgress) {
  c.Enqueue("a", "test");
  d.RunFor(milliseconds(10));
  EXPECT_EQ(c.in_flight(), 1);
  c.Stop();
  d.RunFor(seconds(10));
  EXPECT_EQ(tracer.Count("controller", "ReconcileEnd"), 0);
}

}  // namespace
}  // namespace meshsim::controller::runtime
