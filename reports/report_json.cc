// report.json: see docs/reports.md for the schema.
#include <nlohmann/json.hpp>

#include "reports/report_writers.h"

namespace meshsim::reports {
namespace {

using nlohmann::json;

json StatsJson(const LatencyStats& s) {
  // Prometheus-style cumulative buckets, in bound order (an array: object keys sort as text).
  static constexpr const char* kLe[] = {"0.1", "0.5", "1", "3", "5", "10", "20", "30", "+Inf"};
  json buckets = json::array();
  for (size_t i = 0; i < s.buckets.size(); ++i) {
    buckets.push_back(json{{"le", kLe[i]}, {"count", s.buckets[i]}});
  }
  return json{{"count", s.count}, {"p50_ns", s.p50}, {"p90_ns", s.p90}, {"p99_ns", s.p99},
              {"p999_ns", s.p999}, {"max_ns", s.max}, {"buckets", buckets}};
}

json HopsJson(const std::map<std::string, LatencyStats>& hops) {
  json out = json::object();
  for (const auto& [hop, stats] : hops) out[hop] = StatsJson(stats);
  return out;
}

json Times(const std::map<std::string, int64_t>& times) {
  json out = json::object();
  for (const auto& [k, v] : times) out[k] = v;
  return out;
}

json PodJson(const PodTimeline& p) {
  return json{{"ip", p.ip}, {"vn", p.vn}, {"ready_ns", p.ready}, {"seen_ns", p.seen},
              {"register_sent_ns", p.register_sent}, {"registered_ns", p.registered},
              {"discoverable_ns", p.discoverable}, {"control_plane_ns", p.control_plane},
              {"envoy_added_ns", Times(p.envoy_added)}, {"terminating_ns", p.terminating},
              {"deregister_sent_ns", p.deregister_sent}, {"deregistered_ns", p.deregistered},
              {"control_plane_removed_ns", p.control_plane_removed},
              {"envoy_removed_ns", Times(p.envoy_removed)}};
}

json RunJson(const RunSummary& run) {
  int passed = 0, failed = 0;
  json assertions = json::array();
  for (const auto& a : run.assertions) {
    (a.passed ? passed : failed)++;
    assertions.push_back(json{{"name", a.name}, {"location", a.location}, {"passed", a.passed},
                              {"decided", a.decided}, {"decided_at_ns", a.decided_at_ns},
                              {"expected", a.expected}, {"actual", a.actual},
                              {"message", a.message}});
  }
  return json{{"scenario", run.scenario}, {"seed", run.seed}, {"sim_time_ns", run.sim_time_ns},
              {"events", run.events}, {"trace_events", run.trace_events},
              {"trace_hash", run.trace_hash}, {"passed", passed}, {"failed", failed},
              {"assertions", assertions}};
}

json TallyJson(const OutcomeTally& t) {
  return json{{"success", t.success}, {"retried", t.retried},
              {"connect_failure", t.connect_failure},
              {"no_healthy_upstream", t.no_healthy_upstream}, {"failed", t.failed()},
              {"total", t.all()}};
}

// What the run did to traffic: totals, per stream (with its unsent requests) and per simulated
// second over all streams (an array in time order; seconds without requests are left out).
json RequestsJson(const RequestOutcomes& r) {
  json by_stream = json::object();
  for (const auto& [stream, t] : r.by_stream) by_stream[stream] = TallyJson(t);
  for (const auto& [stream, n] : r.unsent_by_stream) {
    if (!by_stream.contains(stream)) by_stream[stream] = TallyJson({});
    by_stream[stream]["unsent"] = n;
  }
  for (auto& [stream, t] : by_stream.items()) {
    if (!t.contains("unsent")) t["unsent"] = 0;
  }
  json per_second = json::array();
  for (const auto& [second, t] : r.by_second) {
    json row = TallyJson(t);
    row["second"] = second;
    per_second.push_back(row);
  }
  json total = TallyJson(r.total);
  total["unsent"] = r.unsent;
  return json{{"total", total}, {"by_stream", by_stream}, {"per_second", per_second}};
}

}  // namespace

std::string ReportJson(const Metrics& m, const RunSummary& run, const RequestOutcomes& requests) {
  json j;
  j["schema"] = kReportSchema;
  j["run"] = RunJson(run);
  j["hops"] = HopsJson(m.overall);
  json by_vn = json::object();
  for (const auto& [vn, hops] : m.by_vn) by_vn[vn] = HopsJson(hops);
  j["hops_by_virtual_node"] = by_vn;
  json pods = json::object();
  for (const auto& [key, p] : m.pods) pods[key] = PodJson(p);
  j["pods"] = pods;
  json stale = json::array();
  for (const auto& w : m.stale) {
    stale.push_back(json{{"pod", w.pod}, {"ip", w.ip}, {"envoy", w.envoy},
                         {"start_ns", w.start_ns}, {"length_ns", w.length_ns},
                         {"resolved", w.resolved}});
  }
  j["stale_endpoints"] = json{{"windows", stale}, {"stats", StatsJson(m.stale_stats)}};
  json zero = json::object();
  for (const auto& [cluster, z] : m.zero_endpoints) {
    zero[cluster] = json{{"max_ns", z.max_ns}, {"by_envoy_ns", Times(z.by_envoy)}};
  }
  j["zero_endpoints"] = zero;
  j["requests"] = RequestsJson(requests);
  if (run.bench) {
    const BenchFigures& b = *run.bench;
    j["bench"] = json{{"wall_ns", b.wall_ns}, {"events_per_second", b.events_per_second},
                      {"sim_to_real_ratio", b.sim_to_real_ratio},
                      {"peak_rss_bytes", b.peak_rss_bytes}, {"pods_peak", b.pods_peak},
                      {"envoys_peak", b.envoys_peak}};
  }
  return j.dump(2) + "\n";
}

}  // namespace meshsim::reports
