#include "sim/metrics/trace_collector.h"

#include <algorithm>
#include <array>

#include <nlohmann/json.hpp>

namespace meshsim::metrics {

std::string CollectedEvent::Get(std::string_view key) const {
  for (const auto& f : event.fields()) {
    if (f.key != key) continue;
    if (const auto* s = std::get_if<std::string>(&f.value)) return *s;
    if (const auto* i = std::get_if<int64_t>(&f.value)) return std::to_string(*i);
    return std::get<bool>(f.value) ? "true" : "false";
  }
  return "";
}

int64_t CollectedEvent::GetInt(std::string_view key, int64_t fallback) const {
  for (const auto& f : event.fields()) {
    if (f.key != key) continue;
    if (const auto* i = std::get_if<int64_t>(&f.value)) return *i;
    return fallback;
  }
  return fallback;
}

bool TraceCollector::Wanted(std::string_view component, std::string_view name) {
  struct Kind {
    std::string_view component, name;
  };
  // The traffic model's per-second outcome counters: the reports' "what it did to traffic"
  // (at most one per stream and busy simulated second, so they stay few at any rate).
  static constexpr std::array<Kind, 20> kKinds = {{
      {"k8s", "PodRunning"},           {"k8s", "ContainersReady"},
      {"k8s", "PodReady"},             {"k8s", "PodTerminating"},
      {"k8s", "PodDeleted"},           {"controller", "Enqueue"},
      {"controller", "ReconcileStart"}, {"controller", "InstanceDecision"},
      {"controller", "CloudMapCall"},  {"cloudmap", "InstanceRegistered"},
      {"cloudmap", "InstanceDeregistered"}, {"cloudmap", "InstanceHealthChanged"},
      {"controlplane", "EndpointsChanged"}, {"envoy", "EnvoyConnected"},
      {"envoy", "EnvoyDisconnected"},  {"envoy", "EdsApplied"},
      {"envoy", "ClusterRemoved"},     {"world", "End"},
      {"traffic", "RequestCounts"},    {"traffic", "RequestsUnsent"},
  }};
  return std::any_of(kKinds.begin(), kKinds.end(), [&](const Kind& k) {
    return k.component == component && k.name == name;
  });
}

void TraceCollector::Add(int64_t time_ns, const TraceEvent& event) {
  end_ns_ = std::max(end_ns_, time_ns);
  if (!Wanted(event.component(), event.name())) return;
  if (event.component() == "controller" && event.name() == "CloudMapCall") {
    CollectedEvent probe{time_ns, event};
    std::string op = probe.Get("op");
    if (op != "RegisterInstance" && op != "DeregisterInstance") return;
  }
  events_.push_back(CollectedEvent{time_ns, event});
}

Status TraceCollector::AddJsonLine(std::string_view line) {
  if (line.find_first_not_of(" \t\r\n") == std::string_view::npos) return Status::Ok();
  nlohmann::json j = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object() || !j.contains("t") || !j["t"].is_number_integer() ||
      !j.contains("c") || !j["c"].is_string() || !j.contains("e") || !j["e"].is_string()) {
    return Status(StatusCode::kInvalidArgument, "InvalidTrace",
                  "not a trace line: " + std::string(line.substr(0, 120)));
  }
  // nlohmann::json sorts object keys; the order of fields does not matter to the reports.
  TraceEvent event(j["c"].get<std::string>(), j["e"].get<std::string>());
  for (const auto& [key, value] : j.items()) {
    if (key == "t" || key == "c" || key == "e") continue;
    if (value.is_boolean()) {
      event.With(key, value.get<bool>());
    } else if (value.is_number_integer()) {
      event.With(key, value.get<int64_t>());
    } else if (value.is_string()) {
      event.With(key, value.get<std::string>());
    }
  }
  Add(j["t"].get<int64_t>(), event);
  return Status::Ok();
}

}  // namespace meshsim::metrics
