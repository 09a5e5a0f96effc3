#include "tools/repro/seed_range.h"

#include <gtest/gtest.h>

#include <set>

namespace meshsim::repro {
namespace {

TEST(SeedRange, ParsesRangesAndSingleSeeds) {
  EXPECT_EQ(*ParseSeedRange("1..1000"), (SeedRange{1, 1000}));
  EXPECT_EQ(*ParseSeedRange("7"), (SeedRange{7, 7}));
  EXPECT_EQ(ParseSeedRange("5..5")->size(), 1u);
}

TEST(SeedRange, RejectsMalformedRanges) {
  for (const char* bad : {"", "..", "1..", "..3", "3..1", "a..b", "-1..2", "1...3", "1..2x"}) {
    Result<SeedRange> r = ParseSeedRange(bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_NE(r.status().message().find("--seeds takes A..B"), std::string::npos);
  }
}

TEST(Shard, ParsesZeroBasedIndexOverCount) {
  EXPECT_EQ(*ParseShard("0/1"), (Shard{0, 1}));
  EXPECT_EQ(*ParseShard("3/8"), (Shard{3, 8}));
  for (const char* bad : {"8/8", "1/0", "1", "/2", "a/2", "-1/2"}) {
    EXPECT_FALSE(ParseShard(bad).ok()) << bad;
  }
}

TEST(SeedsOf, ShardsAreRoundRobinAndTheirUnionIsTheRange) {
  SeedRange range{10, 29};
  EXPECT_EQ(SeedsOf(range, {1, 3}), (std::vector<uint64_t>{11, 14, 17, 20, 23, 26, 29}));
  std::multiset<uint64_t> all;
  for (uint64_t i = 0; i < 3; ++i) {
    for (uint64_t s : SeedsOf(range, {i, 3})) all.insert(s);
  }
  std::vector<uint64_t> unsharded = SeedsOf(range);
  EXPECT_EQ(std::vector<uint64_t>(all.begin(), all.end()), unsharded);
  EXPECT_EQ(unsharded.size(), 20u);
}

TEST(SeedsOf, MoreShardsThanSeedsLeavesSomeEmpty) {
  EXPECT_EQ(SeedsOf({1, 2}, {3, 4}), std::vector<uint64_t>{});
  EXPECT_EQ(SeedsOf({1, 2}, {1, 4}), std::vector<uint64_t>{2});
}

TEST(SeedsOf, DoesNotOverflowAtTheTopOfTheRange) {
  SeedRange top{UINT64_MAX - 2, UINT64_MAX};
  EXPECT_EQ(SeedsOf(top, {0, 2}), (std::vector<uint64_t>{UINT64_MAX - 2, UINT64_MAX}));
  EXPECT_EQ(SeedsOf(top).size(), 3u);
}

}  // namespace
}  // namespace meshsim::repro
