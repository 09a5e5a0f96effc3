#include "sim/metrics/latency.h"

#include <algorithm>

namespace meshsim::metrics {
namespace {

std::vector<std::string> SplitList(const std::string& s) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start < s.size()) {
    size_t comma = s.find(',', start);
    if (comma == std::string::npos) comma = s.size();
    if (comma > start) out.push_back(s.substr(start, comma - start));
    start = comma + 1;
  }
  return out;
}

void SetOnce(int64_t& slot, int64_t t) {
  if (slot < 0) slot = t;
}

// Pod identity across events that name a pod by key, by bare name or by IP.
class PodIndex {
 public:
  explicit PodIndex(std::map<std::string, PodTimeline>& pods) : pods_(pods) {}

  PodTimeline& ByKey(const std::string& key) {
    PodTimeline& p = pods_[key];
    p.pod = key;
    by_name_[key.substr(key.find('/') + 1)] = key;
    return p;
  }
  PodTimeline* ByName(const std::string& name) {
    auto it = by_name_.find(name);
    return it == by_name_.end() ? nullptr : &pods_[it->second];
  }
  void SetIp(PodTimeline& p, const std::string& ip) {
    p.ip = ip;
    by_ip_[ip].push_back(p.pod);
  }
  // The newest pod with `ip`.
  PodTimeline* Newest(const std::string& ip) {
    auto it = by_ip_.find(ip);
    return it == by_ip_.end() ? nullptr : &pods_[it->second.back()];
  }
  // The oldest terminating pod with `ip` for which `done` is false; else the newest.
  template <typename Done>
  PodTimeline* Leaving(const std::string& ip, Done done) {
    auto it = by_ip_.find(ip);
    if (it == by_ip_.end()) return nullptr;
    for (const auto& key : it->second) {
      PodTimeline& p = pods_[key];
      if (p.terminating >= 0 && !done(p)) return &p;
    }
    return &pods_[it->second.back()];
  }

 private:
  std::map<std::string, PodTimeline>& pods_;
  std::map<std::string, std::string> by_name_;
  std::map<std::string, std::vector<std::string>> by_ip_;
};

void OnK8s(const CollectedEvent& e, PodIndex& index) {
  PodTimeline& p = index.ByKey(e.Get("pod"));
  const std::string& name = e.event.name();
  if (name == "PodRunning") {
    index.SetIp(p, e.Get("ip"));
  } else if (name == "PodReady" || name == "ContainersReady") {
    SetOnce(p.ready, e.time_ns);
  } else if (name == "PodTerminating") {
    SetOnce(p.terminating, e.time_ns);
  }
}

void OnController(const CollectedEvent& e, PodIndex& index,
                  std::map<std::string, std::vector<int64_t>>& reconciles) {
  const std::string& name = e.event.name();
  if (name == "ReconcileStart") {
    reconciles[e.Get("key")].push_back(e.time_ns);
    return;
  }
  if (name == "Enqueue") {
    std::string reason = e.Get("reason");
    size_t colon = reason.rfind(':');
    if (reason.rfind("pod-", 0) != 0 || colon == std::string::npos) return;
    PodTimeline* p = index.ByName(reason.substr(colon + 1));
    if (p && p->ready >= 0 && e.time_ns >= p->ready) SetOnce(p->seen, e.time_ns);
    return;
  }
  PodTimeline* p = index.ByName(e.Get("pod"));
  if (!p) p = index.Newest(e.Get("instance"));
  if (!p) return;
  if (p->vn.empty()) p->vn = e.Get("vn");
  if (name != "CloudMapCall") return;
  if (e.Get("op") == "RegisterInstance" && p->terminating < 0) SetOnce(p->register_sent, e.time_ns);
  if (e.Get("op") == "DeregisterInstance") SetOnce(p->deregister_sent, e.time_ns);
}

void OnCloudMap(const CollectedEvent& e, PodIndex& index) {
  const std::string& name = e.event.name();
  std::string ip = e.Get("instance");
  if (name == "InstanceDeregistered") {
    PodTimeline* p = index.Leaving(ip, [](const PodTimeline& q) { return q.deregistered >= 0; });
    if (p) SetOnce(p->deregistered, e.time_ns);
    return;
  }
  PodTimeline* p = index.Newest(ip);
  if (!p) return;
  if (name == "InstanceRegistered") {
    SetOnce(p->registered, e.time_ns);
    SetOnce(p->discoverable, e.time_ns);  // healthy unless a health change says otherwise
  } else if (name == "InstanceHealthChanged" && p->control_plane < 0) {
    p->discoverable = e.Get("status") == "HEALTHY" ? e.time_ns : -1;
  }
}

void OnEndpoints(const CollectedEvent& e, PodIndex& index, const std::string& envoy) {
  bool is_envoy = !envoy.empty();
  for (const auto& ip : SplitList(e.Get("added"))) {
    PodTimeline* p = index.Newest(ip);
    if (!p) continue;
    if (p->vn.empty()) p->vn = is_envoy ? e.Get("cluster") : e.Get("vn");
    if (is_envoy) p->envoy_added.emplace(envoy, e.time_ns);
    if (!is_envoy) SetOnce(p->control_plane, e.time_ns);
  }
  for (const auto& ip : SplitList(e.Get("removed"))) {
    PodTimeline* p = index.Leaving(ip, [&](const PodTimeline& q) {
      return is_envoy ? q.envoy_removed.count(envoy) > 0 : q.control_plane_removed >= 0;
    });
    if (!p) continue;
    if (is_envoy) p->envoy_removed.emplace(envoy, e.time_ns);
    if (!is_envoy) SetOnce(p->control_plane_removed, e.time_ns);
  }
}

// The first reconcile of the pod's virtual node at or after Ready, if earlier than `seen`.
void FillSeenFromReconciles(const std::map<std::string, std::vector<int64_t>>& reconciles,
                            PodTimeline& p) {
  if (p.ready < 0) return;
  auto it = reconciles.find(p.vn);
  if (it == reconciles.end()) return;
  auto first = std::lower_bound(it->second.begin(), it->second.end(), p.ready);
  if (first != it->second.end() && (p.seen < 0 || *first < p.seen)) p.seen = *first;
}

void AddSample(std::map<std::string, std::vector<int64_t>>& out, std::string_view hop,
               int64_t from, int64_t to) {
  if (from >= 0 && to >= from) out[std::string(hop)].push_back(to - from);
}

int64_t Last(const std::map<std::string, int64_t>& times) {
  int64_t last = -1;
  for (const auto& [envoy, t] : times) last = std::max(last, t);
  return last;
}

void PodSamples(const PodTimeline& p, std::map<std::string, std::vector<int64_t>>& out) {
  AddSample(out, kHops[0], p.ready, p.seen);
  AddSample(out, kHops[1], p.seen, p.register_sent);
  AddSample(out, kHops[2], p.register_sent, p.registered);
  AddSample(out, kHops[3], p.registered, p.discoverable);
  AddSample(out, kHops[4], p.discoverable, p.control_plane);
  for (const auto& [envoy, t] : p.envoy_added) AddSample(out, kHops[5], p.control_plane, t);
  AddSample(out, kHops[6], p.ready, Last(p.envoy_added));
  AddSample(out, kHops[7], p.terminating, p.deregister_sent);
  AddSample(out, kHops[8], p.deregister_sent, p.deregistered);
  AddSample(out, kHops[9], p.deregistered, p.control_plane_removed);
  for (const auto& [envoy, t] : p.envoy_removed) {
    AddSample(out, kHops[10], p.control_plane_removed, t);
  }
  AddSample(out, kHops[11], p.terminating, Last(p.envoy_removed));
}

std::map<std::string, LatencyStats> SummarizeAll(
    std::map<std::string, std::vector<int64_t>> samples) {
  std::map<std::string, LatencyStats> out;
  for (std::string_view hop : kHops) {
    out[std::string(hop)] = Summarize(std::move(samples[std::string(hop)]));
  }
  return out;
}

}  // namespace

int64_t NearestRank(const std::vector<int64_t>& sorted, int per_mille) {
  int64_t n = static_cast<int64_t>(sorted.size());
  int64_t rank = (per_mille * n + 999) / 1000;
  rank = std::clamp<int64_t>(rank, 1, n);
  return sorted[static_cast<size_t>(rank - 1)];
}

LatencyStats Summarize(std::vector<int64_t> samples) {
  LatencyStats s;
  std::sort(samples.begin(), samples.end());
  s.count = static_cast<int64_t>(samples.size());
  if (!samples.empty()) {
    s.p50 = NearestRank(samples, 500);
    s.p90 = NearestRank(samples, 900);
    s.p99 = NearestRank(samples, 990);
    s.p999 = NearestRank(samples, 999);
    s.max = samples.back();
  }
  for (size_t i = 0; i < kBucketBoundsNs.size(); ++i) {
    s.buckets[i] = std::upper_bound(samples.begin(), samples.end(), kBucketBoundsNs[i]) -
                   samples.begin();
  }
  s.buckets[kBucketBoundsNs.size()] = s.count;
  s.sorted = std::move(samples);
  return s;
}

std::map<std::string, PodTimeline> BuildTimelines(const std::vector<CollectedEvent>& events) {
  std::map<std::string, PodTimeline> pods;
  PodIndex index(pods);
  std::map<std::string, std::vector<int64_t>> reconciles;  // vn -> ReconcileStart times
  for (const CollectedEvent& e : events) {
    const std::string& c = e.event.component();
    if (c == "k8s") OnK8s(e, index);
    if (c == "controller") OnController(e, index, reconciles);
    if (c == "cloudmap") OnCloudMap(e, index);
    if (e.Is("controlplane", "EndpointsChanged")) OnEndpoints(e, index, "");
    if (e.Is("envoy", "EdsApplied") || e.Is("envoy", "ClusterRemoved")) {
      OnEndpoints(e, index, e.Get("envoy"));
    }
  }
  for (auto& [key, p] : pods) FillSeenFromReconciles(reconciles, p);
  return pods;
}

Metrics ComputeMetrics(const std::vector<CollectedEvent>& events, int64_t end_ns) {
  Metrics m;
  m.end_ns = end_ns;
  m.pods = BuildTimelines(events);
  std::map<std::string, std::vector<int64_t>> all;
  std::map<std::string, std::map<std::string, std::vector<int64_t>>> by_vn;
  for (const auto& [key, p] : m.pods) {
    PodSamples(p, all);
    PodSamples(p, by_vn[p.vn.empty() ? "(unknown)" : p.vn]);
  }
  m.overall = SummarizeAll(std::move(all));
  for (auto& [vn, samples] : by_vn) m.by_vn[vn] = SummarizeAll(std::move(samples));
  ComputeExposure(events, m);
  return m;
}

}  // namespace meshsim::metrics
