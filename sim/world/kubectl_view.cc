#include "sim/world/kubectl_view.h"

#include <algorithm>
#include <cstdio>

namespace meshsim::world {
namespace {

std::string Format(const char* fmt, int64_t a, int64_t b = 0) {
  char buf[48];
  std::snprintf(buf, sizeof buf, fmt, static_cast<long long>(a), static_cast<long long>(b));
  return buf;
}

std::string ReadyColumn(const kube::Pod& pod) {
  int64_t ready = 0;
  for (const auto& cs : pod.status.container_statuses) ready += cs.ready;
  return Format("%lld/%lld", ready, static_cast<int64_t>(pod.spec.containers.size()));
}

std::string RestartsColumn(const kube::Pod& pod) {
  int64_t restarts = 0;
  for (const auto& cs : pod.status.container_statuses) restarts += cs.restart_count;
  return std::to_string(restarts);
}

std::string ReadinessGatesColumn(const kube::Pod& pod) {
  if (pod.spec.readiness_gates.empty()) return "<none>";
  int64_t ready = 0;
  for (const auto& gate : pod.spec.readiness_gates) ready += pod.status.IsConditionTrue(gate);
  return Format("%lld/%lld", ready, static_cast<int64_t>(pod.spec.readiness_gates.size()));
}

std::string OrNone(const std::string& s) { return s.empty() ? "<none>" : s; }

// Pads every column but the last to its widest cell plus three spaces, as kubectl's
// tabwriter (minwidth 0, padding 3) does.
std::string Align(const std::vector<std::vector<std::string>>& rows) {
  std::vector<size_t> width;
  for (const auto& row : rows) {
    width.resize(std::max(width.size(), row.size()));
    for (size_t i = 0; i < row.size(); ++i) width[i] = std::max(width[i], row[i].size());
  }
  std::string out;
  for (const auto& row : rows) {
    for (size_t i = 0; i < row.size(); ++i) {
      out += row[i];
      if (i + 1 < row.size()) out.append(width[i] - row[i].size() + 3, ' ');
    }
    out.push_back('\n');
  }
  return out;
}

}  // namespace

std::string HumanDuration(Duration d) {
  int64_t seconds = std::chrono::duration_cast<std::chrono::seconds>(d).count();
  if (seconds < -1) return "<invalid>";
  if (seconds < 0) return "0s";
  if (seconds < 120) return Format("%llds", seconds);
  int64_t minutes = seconds / 60;
  if (minutes < 10) {
    return seconds % 60 == 0 ? Format("%lldm", minutes) : Format("%lldm%llds", minutes, seconds % 60);
  }
  if (minutes < 180) return Format("%lldm", minutes);
  int64_t hours = minutes / 60;
  if (hours < 8) return minutes % 60 == 0 ? Format("%lldh", hours) : Format("%lldh%lldm", hours, minutes % 60);
  if (hours < 48) return Format("%lldh", hours);
  if (hours < 24 * 8) {
    return hours % 24 == 0 ? Format("%lldd", hours / 24) : Format("%lldd%lldh", hours / 24, hours % 24);
  }
  if (hours < 24 * 365 * 2) return Format("%lldd", hours / 24);
  int64_t years = hours / 24 / 365, days = (hours / 24) % 365;
  if (hours < 24 * 365 * 8) return days == 0 ? Format("%lldy", years) : Format("%lldy%lldd", years, days);
  return Format("%lldy", years);
}

std::string PodStatusWord(const kube::Pod& pod) {
  if (pod.metadata.deletion_timestamp) return "Terminating";
  if (pod.status.phase == kube::PodPhase::kPending) {
    bool scheduled = !pod.spec.node_name.empty();
    bool initialized = pod.status.IsConditionTrue(kube::kPodInitialized);
    if (scheduled && !pod.spec.init_containers.empty() && !initialized) {
      return Format("Init:0/%lld", static_cast<int64_t>(pod.spec.init_containers.size()));
    }
    return scheduled ? "ContainerCreating" : "Pending";
  }
  return kube::ToString(pod.status.phase);
}

std::string FormatPodTable(const std::vector<kube::Pod>& pods, const std::string& namespace_name,
                           SystemTime now) {
  if (pods.empty()) return "No resources found in " + namespace_name + " namespace.\n";
  std::vector<std::vector<std::string>> rows = {{"NAME", "READY", "STATUS", "RESTARTS", "AGE", "IP",
                                                 "NODE", "NOMINATED NODE", "READINESS GATES"}};
  for (const auto& pod : pods) {
    Duration age = pod.metadata.creation_timestamp ? now - *pod.metadata.creation_timestamp : Duration(0);
    rows.push_back({pod.metadata.name, ReadyColumn(pod), PodStatusWord(pod), RestartsColumn(pod),
                    HumanDuration(age), OrNone(pod.status.pod_ip), OrNone(pod.spec.node_name),
                    "<none>", ReadinessGatesColumn(pod)});
  }
  return Align(rows);
}

}  // namespace meshsim::world
