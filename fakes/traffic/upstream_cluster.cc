#include "fakes/traffic/upstream_cluster.h"

#include <algorithm>
#include <chrono>
#include <map>
#include <utility>

namespace meshsim::fakes {

UpstreamCluster::UpstreamCluster(Dispatcher& dispatcher, const UpstreamHosts& hosts,
                                 const DataPlaneOptions& options,
                                 std::optional<appmesh::HealthCheckPolicy> health_check)
    : dispatcher_(dispatcher),
      upstreams_(hosts),
      options_(options),
      health_check_(std::move(health_check)) {
  if (health_check_ && health_check_->interval_millis > 0) {
    check_timer_ = dispatcher_.CreateTimer([this] { RunHealthChecks(); });
    check_timer_->Enable(std::chrono::milliseconds(health_check_->interval_millis));
  }
}

void UpstreamCluster::Sync(const ClusterLoadAssignmentPtr& assignment) {
  if (synced_once_ && assignment == synced_) return;
  synced_once_ = true;
  synced_ = assignment;
  std::map<std::string, const Endpoint*> wanted;
  if (assignment) {
    for (const auto& e : assignment->endpoints) wanted.emplace(e.address, &e);
  }
  const bool keep_removed = check_timer_ != nullptr && !options_.ignore_health_on_host_removal;
  std::vector<Host> next;
  for (Host& h : hosts_) {
    auto it = wanted.find(h.address);
    if (it == wanted.end()) {
      // Envoy keeps a removed host while its active health check still passes.
      if (keep_removed && h.hc_healthy) {
        h.in_eds = false;
        next.push_back(std::move(h));
      }
      continue;
    }
    h.in_eds = true;
    h.port = it->second->port;
    h.eds_unhealthy = it->second->health == cloudmap::HealthStatus::kUnhealthy;
    next.push_back(std::move(h));
    wanted.erase(it);
  }
  for (const auto& [address, e] : wanted) {
    next.push_back(Host{.address = address,
                        .port = e->port,
                        .eds_unhealthy = e->health == cloudmap::HealthStatus::kUnhealthy});
  }
  std::sort(next.begin(), next.end(),
            [](const Host& a, const Host& b) { return a.address < b.address; });
  hosts_ = std::move(next);
  Recompute();
}

void UpstreamCluster::RunHealthChecks() {
  check_timer_->Enable(std::chrono::milliseconds(health_check_->interval_millis));
  bool changed = false;
  for (Host& h : hosts_) {
    bool was_healthy = h.hc_healthy;
    if (upstreams_.Accepts(h.address, h.port)) {
      h.failures = 0;
      ++h.passes;
      if (!h.hc_healthy && h.passes >= health_check_->healthy_threshold) h.hc_healthy = true;
    } else {
      h.passes = 0;
      ++h.failures;
      if (h.hc_healthy && h.failures >= health_check_->unhealthy_threshold) h.hc_healthy = false;
    }
    changed |= was_healthy != h.hc_healthy;
  }
  // A host pending removal goes once its health check fails.
  auto gone = std::remove_if(hosts_.begin(), hosts_.end(),
                             [](const Host& h) { return !h.in_eds && !h.hc_healthy; });
  changed |= gone != hosts_.end();
  hosts_.erase(gone, hosts_.end());
  if (changed) Recompute();
}

void UpstreamCluster::Recompute() {
  usable_.clear();
  for (size_t i = 0; i < hosts_.size(); ++i) {
    if (hosts_[i].hc_healthy && !hosts_[i].eds_unhealthy) usable_.push_back(i);
  }
  // Panic mode: too few healthy hosts, so Envoy spreads load over all of them.
  const size_t total = hosts_.size();
  if (usable_.size() * 100 < static_cast<size_t>(options_.panic_threshold_percent) * total) {
    usable_.clear();
    for (size_t i = 0; i < total; ++i) usable_.push_back(i);
  }
}

const UpstreamCluster::Host* UpstreamCluster::Pick(Random& random) {
  if (usable_.empty()) return nullptr;
  size_t n = usable_.size();
  size_t choice = options_.lb_policy == LbPolicy::kRandom ? static_cast<size_t>(random.Uniform(n))
                                                          : static_cast<size_t>(next_++ % n);
  return &hosts_[usable_[choice]];
}

}  // namespace meshsim::fakes
