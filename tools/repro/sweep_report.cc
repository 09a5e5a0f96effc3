#include "tools/repro/sweep_report.h"

#include <algorithm>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "reports/latency.h"
#include "reports/report_writers.h"

namespace meshsim::repro {
namespace {

using nlohmann::json;

Spread SpreadOf(std::vector<int64_t> values) {
  Spread s;
  s.seeds = values.size();
  if (values.empty()) return s;
  std::sort(values.begin(), values.end());
  s.min = values.front();
  s.p50 = reports::NearestRank(values, 500);
  s.p90 = reports::NearestRank(values, 900);
  s.max = values.back();
  return s;
}

json RunJson(const SeedResult& r) {
  json j = {{"seed", r.seed}, {"ok", r.ok()}, {"passed", r.passed}, {"failed", r.failed},
            {"trace_hash", r.trace_hash}, {"trace_events", r.trace_events},
            {"stale_max_ns", r.stale_max_ns}};
  if (!r.error.empty()) j["error"] = r.error;
  j["failures"] = json::array();
  for (const auto& f : r.failures) {
    j["failures"].push_back({{"assertion", f.name}, {"location", f.location},
                             {"at_ns", f.at_ns}, {"message", f.message}});
  }
  j["hops"] = json::object();
  for (const auto& [hop, h] : r.hops) {
    j["hops"][hop] = {{"count", h.count}, {"p50", h.p50}, {"p99", h.p99}, {"max", h.max}};
  }
  return j;
}

SeedResult RunFromJson(const json& j) {
  SeedResult r;
  r.seed = j.at("seed").get<uint64_t>();
  r.passed = j.at("passed").get<int>();
  r.failed = j.at("failed").get<int>();
  r.trace_hash = j.at("trace_hash").get<std::string>();
  r.trace_events = j.at("trace_events").get<uint64_t>();
  r.stale_max_ns = j.at("stale_max_ns").get<int64_t>();
  if (j.contains("error")) r.error = j.at("error").get<std::string>();
  for (const auto& f : j.at("failures")) {
    r.failures.push_back({f.at("assertion").get<std::string>(), f.at("location").get<std::string>(),
                          f.at("at_ns").get<int64_t>(), f.at("message").get<std::string>()});
  }
  for (const auto& [hop, h] : j.at("hops").items()) {
    r.hops[hop] = {h.at("count").get<int64_t>(), h.at("p50").get<int64_t>(),
                   h.at("p99").get<int64_t>(), h.at("max").get<int64_t>()};
  }
  return r;
}

json SpreadJson(const Spread& s) {
  return {{"seeds", s.seeds}, {"min", s.min}, {"p50", s.p50}, {"p90", s.p90}, {"max", s.max}};
}

json SummaryJson(const SweepSummary& s) {
  json j = {{"runs", s.runs}, {"passed", s.passed}, {"failed", s.failed}, {"errors", s.errors},
            {"failures_by_assertion", s.failures_by_assertion}};
  j["latency"] = json::object();
  for (const auto& [hop, stats] : s.latency) {
    for (const auto& [stat, spread] : stats) j["latency"][hop][stat] = SpreadJson(spread);
  }
  return j;
}

Status Invalid(const std::string& path, const std::string& what) {
  return Status(StatusCode::kInvalidArgument, "InvalidSweepResults", path + ": " + what);
}

std::string ShardText(const Shard& s) {
  return std::to_string(s.index) + "/" + std::to_string(s.count);
}

}  // namespace

SweepSummary Summarize(const std::vector<SeedResult>& runs) {
  SweepSummary s;
  std::map<std::string, std::map<std::string, std::vector<int64_t>>> samples;
  for (const SeedResult& r : runs) {
    ++s.runs;
    if (!r.error.empty()) ++s.errors;
    if (r.ok()) ++s.passed; else ++s.failed;
    std::set<std::string> names;  // count a seed once per assertion
    for (const auto& f : r.failures) names.insert(f.name);
    for (const auto& n : names) ++s.failures_by_assertion[n];
    if (!r.error.empty()) continue;
    for (const auto& [hop, h] : r.hops) {
      samples[hop]["p50"].push_back(h.p50);
      samples[hop]["p99"].push_back(h.p99);
      samples[hop]["max"].push_back(h.max);
    }
    samples["stale_window"]["max"].push_back(r.stale_max_ns);
  }
  for (auto& [hop, stats] : samples) {
    for (auto& [stat, values] : stats) s.latency[hop][stat] = SpreadOf(std::move(values));
  }
  return s;
}

std::string ReportJson(const SweepReport& report) {
  json j = {{"schema", kSweepSchema}, {"scenario", report.scenario}, {"file", report.file},
            {"seeds", {{"first", report.range.first}, {"last", report.range.last}}},
            {"stopped_early", report.stopped_early}};
  j["shards"] = json::array();
  for (const Shard& s : report.shards) j["shards"].push_back(ShardText(s));
  j["runs"] = json::array();
  for (const SeedResult& r : report.runs) j["runs"].push_back(RunJson(r));
  j["summary"] = SummaryJson(Summarize(report.runs));
  return j.dump(2) + "\n";
}

Result<SweepReport> ParseReport(const std::string& text, const std::string& path) {
  json j = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) return Invalid(path, "not a JSON object");
  if (j.value("schema", "") != kSweepSchema) {
    return Invalid(path, std::string("expected \"schema\": \"") + kSweepSchema + "\"");
  }
  try {
    SweepReport r;
    r.source = path;
    r.scenario = j.at("scenario").get<std::string>();
    r.file = j.at("file").get<std::string>();
    r.range = {j.at("seeds").at("first").get<uint64_t>(), j.at("seeds").at("last").get<uint64_t>()};
    r.stopped_early = j.at("stopped_early").get<bool>();
    for (const auto& s : j.at("shards")) {
      Result<Shard> shard = ParseShard(s.get<std::string>());
      if (!shard.ok()) return Invalid(path, shard.status().message());
      r.shards.push_back(*shard);
    }
    for (const auto& run : j.at("runs")) r.runs.push_back(RunFromJson(run));
    return r;
  } catch (const json::exception& e) {
    return Invalid(path, std::string("malformed results: ") + e.what());
  }
}

Result<SweepReport> MergeReports(std::vector<SweepReport> parts) {
  if (parts.empty()) return Invalid("meshsim merge", "no results files");
  SweepReport out = parts.front();
  out.source.clear();
  out.runs.clear();
  out.shards.clear();
  std::set<uint64_t> seen;
  for (SweepReport& p : parts) {
    if (p.scenario != out.scenario || p.range != out.range) {
      return Invalid(p.source, "is from another sweep (scenario '" + p.scenario + "', seeds " +
                                 std::to_string(p.range.first) + ".." +
                                 std::to_string(p.range.last) + ")");
    }
    out.stopped_early = out.stopped_early || p.stopped_early;
    out.shards.insert(out.shards.end(), p.shards.begin(), p.shards.end());
    for (SeedResult& r : p.runs) {
      if (!seen.insert(r.seed).second) {
        return Invalid(p.source, "seed " + std::to_string(r.seed) + " appears in two shards");
      }
      out.runs.push_back(std::move(r));
    }
  }
  std::sort(out.runs.begin(), out.runs.end(),
            [](const SeedResult& a, const SeedResult& b) { return a.seed < b.seed; });
  std::sort(out.shards.begin(), out.shards.end(), [](const Shard& a, const Shard& b) {
    return std::tie(a.count, a.index) < std::tie(b.count, b.index);
  });
  // Every shard of one split present: the merge is the whole range, as an unsharded sweep.
  bool complete = !out.shards.empty() && out.shards.size() == out.shards.front().count;
  for (size_t i = 0; complete && i < out.shards.size(); ++i) {
    complete = out.shards[i].count == out.shards.front().count && out.shards[i].index == i;
  }
  if (complete) out.shards = {Shard{0, 1}};
  return out;
}

std::string FailureLines(const SeedResult& r) {
  std::string out;
  if (!r.error.empty()) out += "seed " + std::to_string(r.seed) + ": ERROR " + r.error + "\n";
  for (const auto& f : r.failures) {
    out += "seed " + std::to_string(r.seed) + ": FAIL " + f.message + "\n";
  }
  return out;
}

std::string SummaryText(const SweepReport& report) {
  SweepSummary s = Summarize(report.runs);
  std::ostringstream out;
  out << "meshsim sweep: scenario=" << report.scenario << " seeds=" << report.range.first << ".."
      << report.range.last << " runs=" << s.runs << " passed=" << s.passed
      << " failed=" << s.failed << (report.stopped_early ? " (stopped at the first failure)" : "")
      << "\n";
  for (const auto& [name, count] : s.failures_by_assertion) {
    out << "  failed in " << count << " seed(s): " << name << "\n";
  }
  if (s.latency.empty()) return out.str();
  out << "latency across seeds (each seed's p50 / p99 / max; spread: min p50 p90 max):\n";
  for (const auto& [hop, stats] : s.latency) {
    for (const auto& [stat, spread] : stats) {
      out << "  " << hop << " " << stat << " (" << spread.seeds << " seeds): "
          << reports::Seconds(spread.min) << " " << reports::Seconds(spread.p50) << " "
          << reports::Seconds(spread.p90) << " " << reports::Seconds(spread.max) << "\n";
    }
  }
  return out.str();
}

}  // namespace meshsim::repro
