#include "sim/world/traffic_hosts.h"

#include <algorithm>

namespace meshsim::world {
namespace {

bool Serves(const kube::Pod& pod) {
  const auto& statuses = pod.status.container_statuses;
  return pod.status.phase == kube::PodPhase::kRunning && !pod.status.pod_ip.empty() &&
         !statuses.empty() &&
         std::all_of(statuses.begin(), statuses.end(),
                     [](const kube::ContainerStatus& c) { return c.started; });
}

}  // namespace

bool KubeUpstreamHosts::Accepts(const std::string& address, int32_t /*port*/) const {
  Refresh();
  return serving_.count(address) > 0;
}

void KubeUpstreamHosts::Refresh() const {
  int64_t version = api_.CurrentResourceVersion();
  if (version == seen_version_) return;
  seen_version_ = version;
  serving_.clear();
  // Visited in place, not copied: a copy of every pod per resourceVersion moved.
  api_.Pods().ForEach("", [&](const kube::Pod& pod) {
    if (Serves(pod)) serving_.insert(pod.status.pod_ip);
  });
}

}  // namespace meshsim::world
