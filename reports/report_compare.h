// File: reports/report_compare.h
//
// `meshsim compare`: the per-metric differences between two report.json files (schema
// meshsim.report/v1), e.g. before and after a controller change, and which of them are
// regressions beyond a threshold. Latency percentiles, stale-endpoint windows, time with zero
// endpoints, failed assertions, wall time and peak memory regress when they grow; events per
// second and the simulated/real time ratio when they shrink. Metrics missing from either file
// (a hop without samples, `bench` in a `meshsim run` report) are not compared.
//
// Example:
//   Result<Comparison> c = CompareReports(before_text, after_text, 0.10);
//   std::cout << FormatComparison(*c);
//   return c->regressions == 0 ? 0 : 1;
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "controller/api/status.h"

namespace meshsim::reports {

enum class Better { kLower, kHigher, kNeither };

struct MetricDelta {
  std::string metric;  // e.g. "hops.ready_to_all_envoys.p99_ns", "bench.events_per_second"
  double before = 0, after = 0;
  // (after - before) / before; +-infinity when before is 0 and after is not.
  double change = 0;
  Better better = Better::kLower;
  bool regression = false;  // worse by more than the threshold
};

struct Comparison {
  double threshold = 0.10;  // a fraction: 0.10 = 10 %
  std::vector<MetricDelta> rows;  // in report order
  int regressions = 0;
};

// Compares two report.json texts. Fails with kInvalidArgument naming which file ("before" or
// "after") is not JSON or not schema meshsim.report/v1.
Result<Comparison> CompareReports(std::string_view before_json, std::string_view after_json,
                                  double threshold);

// One line per metric (name, before, after, change, "REGRESSION" when it is one) and a
// closing summary line.
std::string FormatComparison(const Comparison& c);

// "10%", "2.5%" or a bare "10" (percent). Fails with kInvalidArgument on anything else or a
// negative value.
Result<double> ParseThreshold(std::string_view text);

}  // namespace meshsim::reports
