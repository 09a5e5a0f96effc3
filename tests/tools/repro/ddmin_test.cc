#include "tools/repro/ddmin.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace meshsim::repro {
namespace {

bool Contains(const std::vector<size_t>& kept, size_t unit) {
  return std::find(kept.begin(), kept.end(), unit) != kept.end();
}

TEST(DeltaDebug, FindsTheTwoUnitsAFailureNeeds) {
  int tests = 0;
  std::vector<size_t> kept = DeltaDebug(40, [&](const std::vector<size_t>& k) {
    ++tests;
    return Contains(k, 7) && Contains(k, 31);
  });
  EXPECT_EQ(kept, (std::vector<size_t>{7, 31}));
  EXPECT_LT(tests, 100);  // far fewer than the 2^40 subsets
}

TEST(DeltaDebug, ReturnsEmptyWhenTheFailureNeedsNothing) {
  EXPECT_EQ(DeltaDebug(5, [](const std::vector<size_t>&) { return true; }),
            std::vector<size_t>{});
}

TEST(DeltaDebug, KeepsEverythingWhenEveryUnitIsNeeded) {
  std::vector<size_t> kept =
      DeltaDebug(6, [](const std::vector<size_t>& k) { return k.size() == 6; });
  EXPECT_EQ(kept.size(), 6u);
}

TEST(DeltaDebug, ResultIsOneMinimalForAnOrderedPair) {
  // Fails when some unit below 10 comes before some unit at or above 30: any one of each.
  auto fails = [](const std::vector<size_t>& k) {
    bool low = false;
    for (size_t u : k) {
      if (u < 10) low = true;
      if (u >= 30 && low) return true;
    }
    return false;
  };
  std::vector<size_t> kept = DeltaDebug(40, fails);
  ASSERT_TRUE(fails(kept));
  EXPECT_EQ(kept.size(), 2u);
  for (size_t i = 0; i < kept.size(); ++i) {
    std::vector<size_t> without = kept;
    without.erase(without.begin() + i);
    EXPECT_FALSE(fails(without));
  }
}

TEST(DeltaDebug, CandidatesKeepAscendingOrder) {
  DeltaDebug(17, [](const std::vector<size_t>& k) {
    EXPECT_TRUE(std::is_sorted(k.begin(), k.end()));
    return Contains(k, 3);
  });
}

}  // namespace
}  // namespace meshsim::repro
