#include "fakes/traffic/traffic_model.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <utility>

#include "controller/api/check.h"

namespace meshsim::fakes {

struct TrafficModel::Stream {
  RequestStreamSpec spec;
  Random& random;
  TimerPtr timer;
  uint64_t sent = 0;  // arrivals so far (fixed arrivals count from start)
  MonotonicTime base{};  // when the stream began sending
  MonotonicTime next_at{};
  OutcomeCounts counts;
  int64_t unsent = 0;
  size_t next_caller = 0;
  // Cached from the control plane; rebuilt when its topology_version moves.
  uint64_t topology_version = 0;
  std::vector<Caller> callers;
  std::vector<AppMeshControlPlane::RouteTarget> targets;
  int64_t total_weight = 0;
  // What EmitCounters has traced: the seconds before this one, and the unsent count.
  size_t traced_seconds = 0;
  int64_t traced_unsent = 0;
};

TrafficModel::TrafficModel(Dispatcher& dispatcher, Tracer& tracer,
                           const AppMeshControlPlane& control_plane, const UpstreamHosts& hosts,
                           DataPlaneOptions options)
    : dispatcher_(dispatcher),
      tracer_(tracer),
      control_plane_(control_plane),
      hosts_(hosts),
      options_(options) {}

TrafficModel::~TrafficModel() = default;

size_t TrafficModel::AddStream(RequestStreamSpec spec, Random& random) {
  MESHSIM_CHECK(spec.rate_milli_rps > 0) << "stream " << spec.name << " has no rate";
  MESHSIM_CHECK(!FindStream(spec.name)) << "stream " << spec.name << " added twice";
  auto stream = std::make_unique<Stream>(Stream{.spec = std::move(spec), .random = random});
  streams_.push_back(std::move(stream));
  return streams_.size() - 1;
}

void TrafficModel::Start() {
  for (auto& owned : streams_) {
    Stream& s = *owned;
    s.timer = dispatcher_.CreateTimer([this, &s] { OnArrival(s); });
    s.base = std::max(MonotonicTime(s.spec.start), dispatcher_.Now());
    s.next_at = s.base;
    if (s.spec.arrivals == Arrivals::kPoisson) {
      ScheduleNext(s);  // the first gap is drawn too: no request exactly at `start`
    } else if (!s.spec.stop || s.next_at < MonotonicTime(*s.spec.stop)) {
      s.timer->Enable(s.next_at - dispatcher_.Now());
    }
  }
  counter_timer_ = dispatcher_.CreateTimer([this] { EmitCounters(); });
  counter_timer_->Enable(std::chrono::seconds(1) -
                         dispatcher_.Now().time_since_epoch() % std::chrono::seconds(1));
}

const RequestStreamSpec& TrafficModel::spec(size_t stream) const {
  return streams_.at(stream)->spec;
}
const OutcomeCounts& TrafficModel::counts(size_t stream) const {
  return streams_.at(stream)->counts;
}
int64_t TrafficModel::unsent(size_t stream) const { return streams_.at(stream)->unsent; }

std::optional<size_t> TrafficModel::FindStream(const std::string& name) const {
  for (size_t i = 0; i < streams_.size(); ++i) {
    if (streams_[i]->spec.name == name) return i;
  }
  return std::nullopt;
}

void TrafficModel::ScheduleNext(Stream& s) {
  ++s.sent;
  if (s.spec.arrivals == Arrivals::kFixed) {
    // The k-th arrival at start + k/rate, in exact integer arithmetic: no drift.
    __int128 offset = static_cast<__int128>(s.sent) * 1'000'000'000'000LL / s.spec.rate_milli_rps;
    s.next_at = s.base + Duration(static_cast<int64_t>(offset));
  } else {
    double mean_ns = 1e12 / static_cast<double>(s.spec.rate_milli_rps);
    double u = s.random.UniformDouble();
    double gap = -std::log1p(-u) * mean_ns;  // u in [0, 1): log1p(-u) is finite
    s.next_at = s.next_at + Duration(static_cast<int64_t>(gap));
  }
  if (s.spec.stop && s.next_at >= MonotonicTime(*s.spec.stop)) return;
  s.timer->Enable(s.next_at - dispatcher_.Now());
}

void TrafficModel::RefreshTopology(Stream& s) {
  if (s.topology_version == control_plane_.topology_version()) return;
  s.topology_version = control_plane_.topology_version();
  s.callers.clear();
  const std::string& from = s.spec.from_virtual_node;
  std::string ns = from.substr(0, from.find('/'));
  for (const EnvoyModel* envoy : control_plane_.EnvoysOf(from)) {
    s.callers.push_back({envoy, ns + "/" + envoy->node_id()});
  }
  s.targets = s.spec.to_virtual_node
                  ? std::vector<AppMeshControlPlane::RouteTarget>{{s.spec.to, 1}}
                  : control_plane_.RouteOf(s.spec.to);
  s.total_weight = 0;
  for (const auto& t : s.targets) s.total_weight += std::max(0, t.weight);
}

void TrafficModel::OnArrival(Stream& s) {
  ScheduleNext(s);
  RefreshTopology(s);
  Duration now = dispatcher_.Now().time_since_epoch();
  if (s.callers.empty()) {
    ++s.unsent;
    return;
  }
  const Caller& caller = s.callers[s.next_caller++ % s.callers.size()];
  std::string cluster;
  if (s.total_weight > 0) {
    int64_t draw = s.targets.size() == 1
                       ? 0
                       : static_cast<int64_t>(s.random.Uniform(static_cast<uint64_t>(s.total_weight)));
    for (const auto& t : s.targets) {
      draw -= std::max(0, t.weight);
      if (draw < 0) {
        cluster = t.vn_key;
        break;
      }
    }
  }
  Delivery d = cluster.empty() ? Delivery{} : Send(s, caller, cluster);
  s.counts.Add(d.outcome, now);
  if (d.outcome == RequestOutcome::kSuccess || d.outcome == RequestOutcome::kRetried) return;
  tracer_.Record(TraceEvent("traffic", "RequestFailed")
                     .With("stream", s.spec.name)
                     .With("envoy", caller.envoy->node_id())
                     .With("cluster", cluster)
                     .With("outcome", OutcomeName(d.outcome))
                     .With("upstream", d.last_failed)
                     .With("attempts", d.attempts));
}

TrafficModel::Delivery TrafficModel::Send(Stream& s, const Caller& caller,
                                          const std::string& cluster) {
  UpstreamCluster& lb = ClusterOf(caller.pod_key, cluster);
  lb.Sync(caller.envoy->Assignment(cluster));
  Delivery d;
  while (d.attempts < 1 + options_.max_retries) {
    const UpstreamCluster::Host* host = lb.Pick(s.random);
    if (host == nullptr) {
      d.outcome = RequestOutcome::kNoHealthyUpstream;  // hosts do not change between attempts
      return d;
    }
    ++d.attempts;
    if (hosts_.Accepts(host->address, host->port)) {
      d.outcome = d.attempts == 1 ? RequestOutcome::kSuccess : RequestOutcome::kRetried;
      return d;
    }
    d.last_failed = host->address;
  }
  d.outcome = RequestOutcome::kConnectFailure;
  return d;
}

UpstreamCluster& TrafficModel::ClusterOf(const std::string& pod_key, const std::string& cluster) {
  auto key = std::make_pair(pod_key, cluster);
  auto it = clusters_.find(key);
  if (it != clusters_.end()) return *it->second;
  std::optional<appmesh::HealthCheckPolicy> health_check;
  if (const appmesh::VirtualNode* vn = control_plane_.FindVirtualNode(cluster)) {
    for (const auto& listener : vn->spec.listeners) {
      if (listener.health_check) {
        health_check = listener.health_check;
        break;
      }
    }
  }
  auto made = std::make_unique<UpstreamCluster>(dispatcher_, hosts_, options_, health_check);
  return *clusters_.emplace(key, std::move(made)).first->second;
}

void TrafficModel::EmitCounters() {
  counter_timer_->Enable(std::chrono::seconds(1));
  // Second k is complete once k + 1 has begun: requests at exactly k + 1 s are not in it.
  int64_t now_s = dispatcher_.Now().time_since_epoch() / std::chrono::seconds(1);
  TraceCompleteSeconds(static_cast<size_t>(now_s));
}

void TrafficModel::Flush() { TraceCompleteSeconds(std::numeric_limits<size_t>::max()); }

void TrafficModel::TraceCompleteSeconds(size_t end) {
  for (auto& owned : streams_) {
    Stream& s = *owned;
    const auto& seconds = s.counts.seconds();
    for (; s.traced_seconds < std::min(end, seconds.size()); ++s.traced_seconds) {
      const OutcomeCounts::Bucket& bucket = seconds[s.traced_seconds];
      int64_t sum = 0;
      for (int64_t n : bucket) sum += n;
      if (sum == 0) continue;
      TraceEvent event("traffic", "RequestCounts");
      event.With("stream", s.spec.name).With("second", static_cast<int64_t>(s.traced_seconds));
      for (RequestOutcome o : AllOutcomes()) event.With(OutcomeName(o), bucket[static_cast<size_t>(o)]);
      tracer_.Record(event);
    }
    if (s.unsent != s.traced_unsent) {
      tracer_.Record(TraceEvent("traffic", "RequestsUnsent")
                         .With("stream", s.spec.name)
                         .With("count", s.unsent - s.traced_unsent));
      s.traced_unsent = s.unsent;
    }
  }
}

}  // namespace meshsim::fakes
