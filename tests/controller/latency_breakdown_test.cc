// The controller's own contribution to propagation latency, as the trace shows it (issue 4,
// "queue wait, retries, API calls separately"): ReconcileEnd carries the key's queue wait and
// the reconcile's Cloud Map cost; InstanceOperationDone splits one register/deregister into
// API time, SDK retry waits and GetOperation polling. Cloud Map answers every call in exactly
// 20 ms here, so the figures are exact.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tests/controller/cloudmap/controller_fixture.h"

namespace meshsim::controller {
namespace {

using meshsim::testing::IntField;
using meshsim::testing::StringField;
using std::chrono::milliseconds;
using std::chrono::nanoseconds;
using std::chrono::seconds;
using testing::BlueVn;
using testing::ControllerFixture;
using testing::kBlue;
using testing::ReadyPod;

int64_t Ns(Duration d) { return nanoseconds(d).count(); }

using LatencyBreakdown = ControllerFixture;

TEST_F(LatencyBreakdown, OperationDoneSplitsApiTimeFromOperationPolling) {
  kube.vns.Put(BlueVn());
  kube.pods.Put(ReadyPod("b1", "10.0.0.1", kBlue));
  Start();
  d.RunFor(seconds(30));
  std::vector<const TraceEvent*> done = tracer.Named("controller", "InstanceOperationDone");
  ASSERT_EQ(done.size(), 1u);
  // RegisterInstance (20 ms), then GetOperation at +3 s (20 ms): SUCCESS (operation takes 1 s).
  EXPECT_EQ(IntField(*done[0], "api_calls"), 2);
  EXPECT_EQ(IntField(*done[0], "api_time_ns"), Ns(milliseconds(40)));
  EXPECT_EQ(IntField(*done[0], "api_retries"), 0);
  EXPECT_EQ(IntField(*done[0], "poll_wait_ns"), Ns(seconds(3)));
  EXPECT_EQ(IntField(*done[0], "duration_ns"), Ns(seconds(3) + milliseconds(40)));
}

TEST_F(LatencyBreakdown, ReconcileEndCarriesQueueWaitAndTheReconcilesApiCost) {
  kube.vns.Put(BlueVn());
  kube.pods.Put(ReadyPod("b1", "10.0.0.1", kBlue));
  Start();
  d.RunFor(seconds(30));
  std::vector<const TraceEvent*> ends = tracer.Named("controller", "ReconcileEnd");
  ASSERT_FALSE(ends.empty());
  int64_t total_calls = 0;
  for (const TraceEvent* e : ends) {
    ASSERT_TRUE(IntField(*e, "queue_wait_ns").has_value());
    int64_t calls = *IntField(*e, "api_calls");
    total_calls += calls;
    EXPECT_EQ(IntField(*e, "api_time_ns"), calls * Ns(milliseconds(20)));  // no throttling here
    EXPECT_EQ(IntField(*e, "api_retries"), 0);
  }
  // The first reconcile: ListNamespaces, ListServices, CreateService, ListInstances,
  // RegisterInstance, GetOperation (the 5 s wait covers the +3 s poll).
  EXPECT_EQ(IntField(*ends[0], "api_calls"), 6);
  EXPECT_GE(total_calls, 6);
}

TEST_F(LatencyBreakdown, RetriesAndTheirWaitsAreCountedSeparately) {
  kube.vns.Put(BlueVn());
  kube.pods.Put(ReadyPod("b1", "10.0.0.1", kBlue));
  cloudmap_.SetFault("RegisterInstance",
                     Status(StatusCode::kThrottled, "ThrottlingException", "Rate exceeded"));
  Start();
  d.RunFor(seconds(6));
  std::vector<const TraceEvent*> done = tracer.Named("controller", "InstanceOperationDone");
  ASSERT_GE(done.size(), 1u);
  // 1 + 3 attempts; the SDK waited 500 ms, 1 s and 2 s (throttling base 500 ms).
  EXPECT_EQ(IntField(*done[0], "api_calls"), 4);
  EXPECT_EQ(IntField(*done[0], "api_retries"), 3);
  EXPECT_EQ(IntField(*done[0], "retry_wait_ns"), Ns(milliseconds(3500)));
  EXPECT_EQ(IntField(*done[0], "poll_wait_ns"), 0);
  std::vector<const TraceEvent*> ends = tracer.Named("controller", "ReconcileEnd");
  ASSERT_FALSE(ends.empty());
  EXPECT_EQ(IntField(*ends[0], "api_retries"), 3);
  EXPECT_EQ(StringField(*ends[0], "result"), "error");
}

}  // namespace
}  // namespace meshsim::controller
