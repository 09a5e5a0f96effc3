#include "sim/kernel/seeded_random.h"

#include <gtest/gtest.h>

#include <vector>

namespace meshsim::sim {
namespace {

std::vector<uint64_t> Draw(Random& r, int n) {
  std::vector<uint64_t> out;
  for (int i = 0; i < n; ++i) out.push_back(r.NextU64());
  return out;
}

TEST(RandomStreams, SameSeedAndNameGiveSameDraws) {
  RandomStreams a(42), b(42);
  EXPECT_EQ(Draw(a.Stream("k8s"), 5), Draw(b.Stream("k8s"), 5));
}

TEST(RandomStreams, AddingAStreamDoesNotChangeAnother) {
  RandomStreams a(42), b(42);
  Random& a_k8s = a.Stream("k8s");
  (void)Draw(b.Stream("cloudmap"), 100);  // b has an extra, busy component
  Random& b_k8s = b.Stream("k8s");
  EXPECT_EQ(Draw(a_k8s, 5), Draw(b_k8s, 5));
}

TEST(RandomStreams, DifferentSeedsOrNamesDiffer) {
  RandomStreams a(42), b(43);
  EXPECT_NE(Draw(a.Stream("k8s"), 3), Draw(b.Stream("k8s"), 3));
  EXPECT_NE(Draw(a.Stream("x"), 3), Draw(a.Stream("y"), 3));
}

TEST(SeededRandom, KnownFirstValueIsStableAcrossMachines) {
  // Pins the generator: a change here changes every trace hash ever printed.
  SeededRandom r(0);
  EXPECT_EQ(r.NextU64(), 0x99ec5f36cb75f2b4ULL);
}

}  // namespace
}  // namespace meshsim::sim
