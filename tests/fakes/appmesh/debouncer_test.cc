#include "fakes/appmesh/debouncer.h"

#include <gtest/gtest.h>

#include <chrono>
#include <vector>

#include "tests/support/manual_dispatcher.h"

namespace meshsim::fakes {
namespace {

using namespace std::chrono_literals;

class DebouncerTest : public ::testing::Test {
 protected:
  std::vector<Duration> Fired() const { return fired_; }
  void Advance(Duration d) { dispatcher_.RunFor(d); }
  Duration Elapsed() const { return dispatcher_.Now() - MonotonicTime{}; }

  testing::ManualDispatcher dispatcher_;
  std::vector<Duration> fired_;
  // Istio's defaults.
  Debouncer debounce_{dispatcher_, 100ms, 10s, [this] { fired_.push_back(Elapsed()); }};
};

TEST_F(DebouncerTest, OneChangeRunsAfterTheQuietPeriod) {
  debounce_.Notify();
  Advance(99ms);
  EXPECT_TRUE(fired_.empty());
  Advance(1ms);
  EXPECT_EQ(fired_, std::vector<Duration>{100ms});
  EXPECT_FALSE(debounce_.pending());
}

TEST_F(DebouncerTest, ChangesWithinTheQuietPeriodMergeIntoOneRun) {
  debounce_.Notify();
  Advance(50ms);
  debounce_.Notify();
  Advance(50ms);
  debounce_.Notify();
  Advance(1s);
  EXPECT_EQ(fired_, std::vector<Duration>{200ms});
  EXPECT_EQ(debounce_.merged_last(), 3);
}

TEST_F(DebouncerTest, ContinuousChangesRunAtTheMaximumDelay) {
  for (int i = 0; i < 300; ++i) {  // one change every 50 ms for 15 s: never quiet for 100 ms
    debounce_.Notify();
    Advance(50ms);
  }
  ASSERT_GE(fired_.size(), 1u);
  EXPECT_EQ(fired_[0], 10s);
}

TEST_F(DebouncerTest, AChangeAfterARunStartsANewWait) {
  debounce_.Notify();
  Advance(200ms);
  debounce_.Notify();
  Advance(200ms);
  EXPECT_EQ(fired_, (std::vector<Duration>{100ms, 300ms}));
}

}  // namespace
}  // namespace meshsim::fakes
