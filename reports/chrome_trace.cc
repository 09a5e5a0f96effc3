// trace.json in the Chrome trace-event format (JSON object form with "traceEvents").
#include <nlohmann/json.hpp>

#include "reports/report_writers.h"

namespace meshsim::reports {
namespace {

using nlohmann::json;

constexpr int kComponentsPid = 1;
constexpr int kPodsPid = 2;

double Micros(int64_t ns) { return static_cast<double>(ns) / 1000.0; }

json Meta(const char* what, int pid, int tid, const std::string& name) {
  json j{{"name", what}, {"ph", "M"}, {"pid", pid}, {"args", {{"name", name}}}};
  if (tid >= 0) j["tid"] = tid;
  return j;
}

void Span(json& out, int tid, const std::string& name, int64_t from, int64_t to) {
  if (from < 0 || to < from) return;
  out.push_back(json{{"name", name}, {"cat", "hop"}, {"ph", "X"}, {"pid", kPodsPid},
                     {"tid", tid}, {"ts", Micros(from)}, {"dur", Micros(to - from)}});
}

void PodSpans(json& out, int tid, const PodTimeline& p) {
  Span(out, tid, "ready_to_seen", p.ready, p.seen);
  Span(out, tid, "seen_to_register_sent", p.seen, p.register_sent);
  Span(out, tid, "register_sent_to_registered", p.register_sent, p.registered);
  Span(out, tid, "registered_to_discoverable", p.registered, p.discoverable);
  Span(out, tid, "discoverable_to_control_plane", p.discoverable, p.control_plane);
  for (const auto& [envoy, t] : p.envoy_added) {
    Span(out, tid, "control_plane_to_envoy " + envoy, p.control_plane, t);
  }
  Span(out, tid, "terminating_to_deregister_sent", p.terminating, p.deregister_sent);
  Span(out, tid, "deregister_sent_to_deregistered", p.deregister_sent, p.deregistered);
  Span(out, tid, "deregistered_to_control_plane", p.deregistered, p.control_plane_removed);
  for (const auto& [envoy, t] : p.envoy_removed) {
    Span(out, tid, "control_plane_to_envoy_removed " + envoy, p.control_plane_removed, t);
  }
}

}  // namespace

std::string ChromeTrace(const Metrics& m, const std::vector<CollectedEvent>& events) {
  json out = json::array();
  out.push_back(Meta("process_name", kComponentsPid, -1, "components"));
  out.push_back(Meta("process_name", kPodsPid, -1, "pods"));
  std::map<std::string, int> tids;
  for (const CollectedEvent& e : events) tids.emplace(e.event.component(), 0);
  int next = 1;
  for (auto& [component, tid] : tids) {
    tid = next++;
    out.push_back(Meta("thread_name", kComponentsPid, tid, component));
  }
  for (const CollectedEvent& e : events) {
    json args = json::object();
    for (const auto& f : e.event.fields()) args[f.key] = e.Get(f.key);
    out.push_back(json{{"name", e.event.name()}, {"cat", e.event.component()}, {"ph", "i"},
                       {"s", "t"}, {"pid", kComponentsPid}, {"tid", tids[e.event.component()]},
                       {"ts", Micros(e.time_ns)}, {"args", args}});
  }
  int tid = 1;
  for (const auto& [key, p] : m.pods) {
    out.push_back(Meta("thread_name", kPodsPid, tid, key + (p.ip.empty() ? "" : " " + p.ip)));
    PodSpans(out, tid, p);
    ++tid;
  }
  json j{{"traceEvents", out}, {"displayTimeUnit", "ms"}};
  return j.dump(1) + "\n";
}

}  // namespace meshsim::reports
