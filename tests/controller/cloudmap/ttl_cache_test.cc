#include "controller/cloudmap/ttl_cache.h"

#include <gtest/gtest.h>

namespace meshsim::controller {
namespace {

using std::chrono::minutes;
using std::chrono::seconds;

TEST(TtlCache, EntriesExpireTtlAfterTheirWrite) {
  TtlCache<int> c(10, minutes(2));
  MonotonicTime t0{};
  c.Put("a", 1, t0);
  ASSERT_NE(c.Get("a", t0 + minutes(2) - seconds(1)), nullptr);
  EXPECT_EQ(c.Get("a", t0 + minutes(2)), nullptr);  // reads do not extend the TTL
  EXPECT_EQ(c.size(), 0u);
}

TEST(TtlCache, EvictsTheLeastRecentlyUsedBeyondCapacity) {
  TtlCache<int> c(2, minutes(2));
  MonotonicTime t0{};
  c.Put("a", 1, t0);
  c.Put("b", 2, t0);
  c.Get("a", t0);  // b is now the least recently used
  c.Put("c", 3, t0);
  EXPECT_NE(c.Get("a", t0), nullptr);
  EXPECT_EQ(c.Get("b", t0), nullptr);
  EXPECT_NE(c.Get("c", t0), nullptr);
}

}  // namespace
}  // namespace meshsim::controller
