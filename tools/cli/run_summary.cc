#include "tools/cli/run_summary.h"

#include <nlohmann/json.hpp>

namespace meshsim::cli {

std::string AssertionLines(const world::RunResult& result) {
  std::string out;
  for (const auto& a : result.assertions) {
    if (a.passed) {
      out += "PASS " + a.name + " (" + a.span.ToString() + ") at " +
             FormatDuration(a.decided_at.time_since_epoch()) + "\n";
    } else {
      out += "FAIL " + a.message + "\n";
    }
  }
  return out;
}

std::string SummaryLine(const world::RunResult& result, int64_t wall_ns) {
  return "meshsim: scenario=" + result.scenario + " seed=" + std::to_string(result.seed) +
         " sim_time=" + FormatDuration(result.sim_time) + " events=" + std::to_string(result.events) +
         " wall=" + FormatDuration(Duration(wall_ns)) + " trace_hash=" + result.trace_hash +
         " assertions: " + std::to_string(result.passed) + " passed, " +
         std::to_string(result.failed) + " failed";
}

std::string SummaryJson(const world::RunResult& result, int64_t wall_ns, const RunScale& scale) {
  nlohmann::ordered_json j;
  j["scenario"] = result.scenario;
  j["seed"] = result.seed;
  j["sim_time_ns"] = result.sim_time.count();
  j["events"] = result.events;
  j["trace_events"] = result.trace_events;
  j["wall_ns"] = wall_ns;
  j["pods_peak"] = scale.pods_peak;
  j["envoys"] = scale.envoys;
  j["peak_rss_bytes"] = scale.peak_rss_bytes;
  j["trace_hash"] = result.trace_hash;
  j["assertions"] = {{"passed", result.passed}, {"failed", result.failed}};
  nlohmann::ordered_json details = nlohmann::ordered_json::array();
  for (const auto& a : result.assertions) {
    details.push_back({{"name", a.name},
                       {"location", a.span.ToString()},
                       {"passed", a.passed},
                       {"decided_at_ns", a.decided_at.time_since_epoch().count()},
                       {"expected", a.expected},
                       {"actual", a.actual}});
  }
  j["assertion_results"] = std::move(details);
  return j.dump(2) + "\n";
}

}  // namespace meshsim::cli
