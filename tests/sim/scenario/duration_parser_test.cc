// Durations and distributions: the grammar of scenario files and settings.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "sim/scenario/loader.h"

namespace meshsim::scenario {
namespace {

using std::chrono::hours;
using std::chrono::microseconds;
using std::chrono::milliseconds;
using std::chrono::minutes;
using std::chrono::nanoseconds;
using std::chrono::seconds;

TEST(ParseDuration, AcceptsEveryDocumentedForm) {
  const std::vector<std::pair<std::string, Duration>> cases = {
      {"0", Duration(0)},
      {"250ms", milliseconds(250)},
      {"30s", seconds(30)},
      {"5m", minutes(5)},
      {"1h", hours(1)},
      {"1m30s", seconds(90)},
      {"1.5s", milliseconds(1500)},
      {"0.25s", milliseconds(250)},
      {"2h0m5s", hours(2) + seconds(5)},
      {"1h2m3s4ms5us6ns",
       hours(1) + minutes(2) + seconds(3) + milliseconds(4) + microseconds(5) + nanoseconds(6)},
      {"15ns", nanoseconds(15)},
      {"1.23us", nanoseconds(1230)},
      {" 30s ", seconds(30)},
      {"0s", Duration(0)},
  };
  for (const auto& [text, want] : cases) {
    Result<Duration> got = ParseDuration(text);
    ASSERT_TRUE(got.ok()) << text << ": " << got.status().ToString();
    EXPECT_EQ(*got, want) << text;
  }
}

TEST(ParseDuration, RejectsMalformedText) {
  for (const std::string text : {"", "5", "5x", "-1s", "s", "1.s", ".5s", "30s1m", "1s1s", "1.5ns",
                                 "1e3s", "1 s", "99999999999999999999h", "5 minutes"}) {
    Result<Duration> got = ParseDuration(text);
    EXPECT_FALSE(got.ok()) << "'" << text << "' parsed as " << got->count();
  }
}

TEST(ParseDuration, ErrorSaysWhatIsAccepted) {
  EXPECT_EQ(ParseDuration("5x").status().message(),
            "found '5x'; expected a duration such as 250ms, 30s, 5m, 1h, 1m30s, 1.5s or 0 "
            "(units ns, us, ms, s, m, h)");
  EXPECT_EQ(ParseDuration("5x").status().code(), StatusCode::kInvalidArgument);
}

TEST(ParseDistribution, AcceptsEveryDocumentedForm) {
  EXPECT_EQ(*ParseDistribution("250ms"), Distribution::Fixed(milliseconds(250)));
  EXPECT_EQ(*ParseDistribution("uniform(1s, 3s)"), Distribution::Uniform(seconds(1), seconds(3)));
  EXPECT_EQ(*ParseDistribution("uniform(15ms,40ms)"),
            Distribution::Uniform(milliseconds(15), milliseconds(40)));
  EXPECT_EQ(*ParseDistribution("exponential(mean=2s)"), Distribution::Exponential(seconds(2)));
  EXPECT_EQ(*ParseDistribution("normal(mean=1s, stddev=200ms)"),
            Distribution::Normal(seconds(1), milliseconds(200)));
  EXPECT_EQ(*ParseDistribution(" normal( mean = 1s , stddev = 200ms ) "),
            Distribution::Normal(seconds(1), milliseconds(200)));
}

TEST(ParseDistribution, RejectsMalformedText) {
  for (const std::string text :
       {"uniform(3s, 1s)", "uniform(1s)", "uniform(1s, 2s, 3s)", "exponential(2s)",
        "exponential(mean=2x)", "normal(mean=1s)", "normal(stddev=1s, mean=1s)", "gauss(1s)",
        "uniform(1s, 3s", "fixed(1s)", ""}) {
    EXPECT_FALSE(ParseDistribution(text).ok()) << text;
  }
}

TEST(ParseDistribution, ErrorSaysWhatIsAccepted) {
  EXPECT_EQ(ParseDistribution("gauss(1s)").status().message(),
            "found 'gauss(1s)'; expected a duration (fixed) or uniform(LOW, HIGH), "
            "exponential(mean=D), normal(mean=D, stddev=D)");
}

TEST(ParseDistribution, RoundTripsThroughToString) {
  for (const Distribution& d :
       {Distribution::Fixed(milliseconds(250)), Distribution::Uniform(seconds(1), seconds(3)),
        Distribution::Exponential(seconds(2)),
        Distribution::Normal(seconds(1), milliseconds(200))}) {
    Result<Distribution> parsed = ParseDistribution(d.ToString());
    ASSERT_TRUE(parsed.ok()) << d.ToString();
    EXPECT_EQ(*parsed, d) << d.ToString();
  }
}

// Writes `d` exactly, largest unit first, the way a person would: "1h2m3s4ms".
std::string ExactFormat(Duration d) {
  if (d.count() == 0) return "0";
  const std::pair<int64_t, const char*> units[] = {
      {3'600'000'000'000, "h"}, {60'000'000'000, "m"}, {1'000'000'000, "s"},
      {1'000'000, "ms"},        {1'000, "us"},         {1, "ns"}};
  std::string out;
  int64_t left = d.count();
  for (const auto& [size, name] : units) {
    if (left >= size) {
      out += std::to_string(left / size) + name;
      left %= size;
    }
  }
  return out;
}

RC_GTEST_PROP(ParseDuration, ParsesExactFormatBack, ()) {
  const int64_t ns = *rc::gen::inRange<int64_t>(0, int64_t{1} << 50);
  Result<Duration> parsed = ParseDuration(ExactFormat(Duration(ns)));
  RC_ASSERT(parsed.ok());
  RC_ASSERT(parsed->count() == ns);
}

RC_GTEST_PROP(ParseDuration, ParsesDecimalSecondsBack, ()) {
  const int64_t ms = *rc::gen::inRange<int64_t>(0, 100'000'000);
  std::string frac = std::to_string(1000 + ms % 1000).substr(1);
  Result<Duration> parsed = ParseDuration(std::to_string(ms / 1000) + "." + frac + "s");
  RC_ASSERT(parsed.ok());
  RC_ASSERT(*parsed == milliseconds(ms));
}

// FormatDuration keeps 3-4 significant digits, so its output parses back to within 0.1%.
RC_GTEST_PROP(ParseDuration, ParsesFormatDurationBackApproximately, ()) {
  const int64_t ns = *rc::gen::inRange<int64_t>(1'000'000'000, int64_t{1} << 50);
  std::string text = FormatDuration(Duration(ns));
  Result<Duration> parsed = ParseDuration(text);
  RC_ASSERT(parsed.ok());
  RC_ASSERT(std::abs(parsed->count() - ns) <= ns / 1000 + 1'000'000'000);
}

}  // namespace
}  // namespace meshsim::scenario
