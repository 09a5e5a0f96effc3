// Stale-endpoint windows, time with zero endpoints and the step series for timelines.
#include <algorithm>

#include "sim/metrics/latency.h"

namespace meshsim::metrics {
namespace {

void StaleWindows(Metrics& m) {
  std::vector<int64_t> lengths;
  for (const auto& [key, p] : m.pods) {
    if (p.terminating < 0) continue;
    for (const auto& [envoy, added] : p.envoy_added) {
      if (added > p.terminating) continue;  // the Envoy learnt of it only after termination
      auto removed = p.envoy_removed.find(envoy);
      bool resolved = removed != p.envoy_removed.end();
      int64_t until = resolved ? removed->second : m.end_ns;
      StaleWindow w{.pod = p.pod, .ip = p.ip, .envoy = envoy, .start_ns = p.terminating,
                    .length_ns = std::max<int64_t>(0, until - p.terminating),
                    .resolved = resolved};
      lengths.push_back(w.length_ns);
      m.stale.push_back(std::move(w));
    }
  }
  m.stale_stats = Summarize(std::move(lengths));
}

struct ClusterView {
  int64_t count = 0;
  int64_t since = 0;  // when count last changed
};

// Endpoint counts per (Envoy, cluster) from EdsApplied, ClusterRemoved and disconnects.
class EnvoyCounts {
 public:
  explicit EnvoyCounts(Metrics& m) : m_(m) {}

  void Set(int64_t t, const std::string& envoy, const std::string& cluster, int64_t count) {
    auto [it, inserted] = views_.try_emplace({envoy, cluster}, ClusterView{count, t});
    if (!inserted) Close(t, it->first, it->second);
    it->second = ClusterView{count, t};
    m_.zero_endpoints[cluster].by_envoy.try_emplace(envoy, 0);
    Record(t, envoy);
  }
  void Remove(int64_t t, const std::string& envoy, const std::string& cluster) {
    auto it = views_.find({envoy, cluster});
    if (it == views_.end()) return;
    Close(t, it->first, it->second);
    views_.erase(it);
    Record(t, envoy);
  }
  void Disconnect(int64_t t, const std::string& envoy) {
    auto it = views_.lower_bound({envoy, ""});
    while (it != views_.end() && it->first.first == envoy) {
      Close(t, it->first, it->second);
      it = views_.erase(it);
    }
    Record(t, envoy);
  }
  void Finish(int64_t end) {
    for (auto& [key, view] : views_) Close(end, key, view);
    for (auto& [cluster, z] : m_.zero_endpoints) {
      for (const auto& [envoy, ns] : z.by_envoy) z.max_ns = std::max(z.max_ns, ns);
    }
  }

 private:
  using Key = std::pair<std::string, std::string>;
  void Close(int64_t t, const Key& key, const ClusterView& view) {
    if (view.count == 0) m_.zero_endpoints[key.second].by_envoy[key.first] += t - view.since;
  }
  void Record(int64_t t, const std::string& envoy) {
    int64_t total = 0;
    for (auto it = views_.lower_bound({envoy, ""}); it != views_.end() && it->first.first == envoy;
         ++it) {
      total += it->second.count;
    }
    Series& s = m_.envoy_endpoints[envoy];
    if (!s.empty() && s.back().first == t) s.back().second = total;
    else if (s.empty() || s.back().second != total) s.emplace_back(t, total);
  }

  Metrics& m_;
  std::map<Key, ClusterView> views_;
};

void Step(Series& s, int64_t t, int64_t delta) {
  int64_t value = (s.empty() ? 0 : s.back().second) + delta;
  if (!s.empty() && s.back().first == t) s.back().second = value;
  else s.emplace_back(t, value);
}

}  // namespace

void ComputeExposure(const std::vector<CollectedEvent>& events, Metrics& m) {
  StaleWindows(m);
  EnvoyCounts counts(m);
  std::map<std::string, bool> ready;  // pod -> counted as ready
  for (const CollectedEvent& e : events) {
    if (e.Is("k8s", "PodReady")) {
      if (!ready[e.Get("pod")]) Step(m.ready_pods, e.time_ns, +1);
      ready[e.Get("pod")] = true;
    } else if (e.Is("k8s", "PodTerminating") || e.Is("k8s", "PodDeleted")) {
      if (ready[e.Get("pod")]) Step(m.ready_pods, e.time_ns, -1);
      ready[e.Get("pod")] = false;
    } else if (e.Is("cloudmap", "InstanceRegistered")) {
      if (e.Get("created") != "false") Step(m.registered_instances, e.time_ns, +1);
    } else if (e.Is("cloudmap", "InstanceDeregistered")) {
      Step(m.registered_instances, e.time_ns, -1);
    } else if (e.Is("envoy", "EdsApplied")) {
      counts.Set(e.time_ns, e.Get("envoy"), e.Get("cluster"), e.GetInt("count", 0));
    } else if (e.Is("envoy", "ClusterRemoved")) {
      counts.Remove(e.time_ns, e.Get("envoy"), e.Get("cluster"));
    } else if (e.Is("envoy", "EnvoyDisconnected")) {
      counts.Disconnect(e.time_ns, e.Get("envoy"));
    }
  }
  counts.Finish(m.end_ns);
}

}  // namespace meshsim::metrics
