#include "tests/reports/test_trace.h"

#include <gtest/gtest.h>

#include <fstream>

namespace meshsim::reports::testing {

std::string GoldenDir() { return std::string(MESHSIM_SOURCE_DIR) + "/tests/reports/golden"; }

TraceCollector LoadSmallTrace() {
  TraceCollector c;
  std::ifstream in(GoldenDir() + "/small_trace.jsonl");
  if (!in) ADD_FAILURE() << "cannot read " << GoldenDir() << "/small_trace.jsonl";
  std::string line;
  while (std::getline(in, line)) {
    Status s = c.AddJsonLine(line);
    if (!s.ok()) ADD_FAILURE() << s.message();
  }
  return c;
}

RunSummary SmallRun() {
  RunSummary run{.scenario = "small", .seed = 1, .sim_time_ns = 20'000'000'000,
                 .events = 100, .trace_events = 30, .trace_hash = "0123456789abcdef"};
  run.assertions.push_back(AssertionResult{.name = "web has both pods",
                                           .location = "small.yaml:10:5", .passed = true,
                                           .decided = true, .decided_at_ns = 5'300'000'000,
                                           .expected = "{10.0.0.1, 10.0.0.2}",
                                           .actual = "{10.0.0.1, 10.0.0.2}"});
  run.assertions.push_back(AssertionResult{
      .name = "client-2 drops <web-a> & more", .location = "small.yaml:14:5", .passed = false,
      .decided = true, .decided_at_ns = 20'000'000'000, .expected = "{10.0.0.2}",
      .actual = "client-2: {10.0.0.1, 10.0.0.2}",
      .message = "assertion 'client-2 drops' failed at 20s: expected {10.0.0.2}"});
  return run;
}

}  // namespace meshsim::reports::testing
