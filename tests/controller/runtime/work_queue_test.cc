#include "controller/runtime/work_queue.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "controller/async/sleep.h"
#include "controller/async/task_scope.h"
#include "tests/support/manual_dispatcher.h"

namespace meshsim::controller::runtime {
namespace {

using async::Task;
using async::TaskScope;
using std::chrono::milliseconds;
using std::chrono::seconds;
using testing::ManualDispatcher;

// A worker that takes keys, "processes" each for `work` and logs "<id>:<key>" at start.
Task<void> Worker(Dispatcher& d, WorkQueue& q, int id, Duration work,
                  std::vector<std::string>* log) {
  while (true) {
    std::optional<WorkQueue::Item> item = co_await q.Get();
    if (!item) co_return;
    log->push_back(std::to_string(id) + ":" + item->key);
    co_await async::Sleep(d, work);
    q.Done(item->key);
  }
}

TEST(WorkQueue, DuplicateAddsOfAQueuedKeyCoalesce) {
  ManualDispatcher d;
  WorkQueue q(d);
  q.Add("a");
  q.Add("a");
  q.Add("b");
  EXPECT_EQ(q.Len(), 2u);
  std::vector<std::string> log;
  TaskScope scope;
  scope.Spawn(Worker(d, q, 0, seconds(1), &log));
  d.RunFor(seconds(5));
  EXPECT_EQ(log, (std::vector<std::string>{"0:a", "0:b"}));
}

TEST(WorkQueue, KeyIsNeverProcessedConcurrently) {
  ManualDispatcher d;
  WorkQueue q(d);
  std::vector<std::string> log;
  TaskScope scope;
  for (int i = 0; i < 3; ++i) scope.Spawn(Worker(d, q, i, seconds(1), &log));
  q.Add("a");
  d.RunFor(milliseconds(100));
  ASSERT_TRUE(q.IsProcessing("a"));
  q.Add("a");  // while processing: must wait for Done
  d.RunFor(milliseconds(100));
  EXPECT_EQ(log.size(), 1u);
  EXPECT_EQ(q.Len(), 0u);
  d.RunFor(seconds(1));
  ASSERT_EQ(log.size(), 2u);
  EXPECT_EQ(log[1].substr(2), "a");
}

TEST(WorkQueue, KeyAddedWhileProcessingRunsOnceMoreAfterDone) {
  ManualDispatcher d;
  WorkQueue q(d);
  std::vector<std::string> log;
  TaskScope scope;
  scope.Spawn(Worker(d, q, 0, seconds(1), &log));
  q.Add("a");
  d.RunFor(milliseconds(10));
  q.Add("a");
  q.Add("a");
  d.RunFor(seconds(10));
  EXPECT_EQ(log, (std::vector<std::string>{"0:a", "0:a"}));
}

TEST(WorkQueue, DistinctKeysAreSharedAmongWorkers) {
  ManualDispatcher d;
  WorkQueue q(d);
  std::vector<std::string> log;
  TaskScope scope;
  for (int i = 0; i < 3; ++i) scope.Spawn(Worker(d, q, i, seconds(1), &log));
  q.Add("a");
  q.Add("b");
  q.Add("c");
  q.Add("d");
  d.RunFor(milliseconds(10));
  EXPECT_EQ(log, (std::vector<std::string>{"0:a", "1:b", "2:c"}));
  d.RunFor(seconds(1));
  EXPECT_EQ(log.back(), "0:d");
}

TEST(WorkQueue, AddAfterKeepsTheEarliestTime) {
  ManualDispatcher d;
  WorkQueue q(d);
  q.AddAfter("a", seconds(10));
  q.AddAfter("a", seconds(3));
  q.AddAfter("a", seconds(20));
  d.RunFor(seconds(2));
  EXPECT_EQ(q.Len(), 0u);
  EXPECT_TRUE(q.IsWaiting("a"));
  d.RunFor(seconds(1));
  EXPECT_EQ(q.Len(), 1u);
  d.RunFor(seconds(30));
  EXPECT_EQ(q.Len(), 1u);  // the later ones were merged, not queued again
}

TEST(WorkQueue, AddRateLimitedBacksOffExponentiallyUntilForget) {
  ManualDispatcher d;
  WorkQueue q(d);
  EXPECT_EQ(q.AddRateLimited("a"), milliseconds(5));
  EXPECT_EQ(q.AddRateLimited("a"), milliseconds(10));
  EXPECT_EQ(q.AddRateLimited("a"), milliseconds(20));
  EXPECT_EQ(q.NumRequeues("a"), 3);
  q.Forget("a");
  EXPECT_EQ(q.AddRateLimited("a"), milliseconds(5));
}

TEST(WorkQueue, ReportsHowLongTheKeyWaited) {
  ManualDispatcher d;
  WorkQueue q(d);
  q.Add("a");
  d.RunFor(seconds(2));
  q.Add("a");  // coalesced: the wait counts from the first add
  std::optional<WorkQueue::Item> got;
  struct Taker {
    static Task<void> Run(WorkQueue& q, std::optional<WorkQueue::Item>* out) {
      *out = co_await q.Get();
    }
  };
  TaskScope scope;
  scope.Spawn(Taker::Run(q, &got));
  ASSERT_TRUE(got.has_value());
  EXPECT_EQ(got->queue_wait, seconds(2));
}

TEST(WorkQueue, ShutDownWakesWaitingWorkers) {
  ManualDispatcher d;
  WorkQueue q(d);
  std::vector<std::string> log;
  TaskScope scope;
  scope.Spawn(Worker(d, q, 0, seconds(1), &log));
  EXPECT_EQ(scope.size(), 1u);
  q.ShutDown();
  d.RunUntilIdle();
  EXPECT_EQ(scope.size(), 0u);
}

TEST(WorkQueue, PausedQueueHandsOutNothingAndKeepsCoalescing) {
  ManualDispatcher d;
  WorkQueue q(d);
  std::vector<std::string> log;
  TaskScope scope;
  scope.Spawn(Worker(d, q, 0, seconds(1), &log));
  q.Pause();
  q.Add("a");
  q.Add("b");
  q.Add("a");
  d.RunFor(seconds(30));
  EXPECT_TRUE(log.empty());
  EXPECT_EQ(q.Len(), 2u);
  q.Resume();
  d.RunFor(seconds(5));
  EXPECT_EQ(log, (std::vector<std::string>{"0:a", "0:b"}));
}

TEST(WorkQueue, QueueWaitIncludesThePause) {
  ManualDispatcher d;
  WorkQueue q(d);
  q.Pause();
  q.Add("a");
  d.RunFor(seconds(7));
  q.Resume();
  std::optional<WorkQueue::Item> got;
  TaskScope scope;
  scope.Spawn([](WorkQueue& q, std::optional<WorkQueue::Item>* out) -> Task<void> {
    *out = co_await q.Get();
  }(q, &got));
  d.RunFor(milliseconds(1));
  ASSERT_TRUE(got.has_value());
  EXPECT_EQ(got->queue_wait, seconds(7));
}

}  // namespace
}  // namespace meshsim::controller::runtime
