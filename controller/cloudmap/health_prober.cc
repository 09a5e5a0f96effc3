#include "controller/cloudmap/health_prober.h"

#include <utility>

#include "controller/async/sleep.h"

namespace meshsim::controller {

using async::Task;

namespace {

const char* StatusName(bool healthy) { return healthy ? "healthy" : "unhealthy"; }

std::string NamespaceOf(const std::string& vn_key) {
  size_t slash = vn_key.find('/');
  return slash == std::string::npos ? "" : vn_key.substr(0, slash);
}

}  // namespace

Status SetCloudMapHealthyCondition(ResourceClient<kube::Pod>& pods, const std::string& pod_namespace,
                                   const std::string& pod_name, bool healthy, SystemTime now) {
  Result<kube::Pod> current = pods.Get(pod_namespace, pod_name);
  if (!current.ok()) return current.status();
  kube::Pod pod = *current;
  kube::ConditionStatus want = healthy ? kube::ConditionStatus::kTrue : kube::ConditionStatus::kFalse;
  kube::PodCondition* c = nullptr;
  for (auto& existing : pod.status.conditions) {
    if (existing.type == kCloudMapHealthyCondition) c = &existing;
  }
  if (c == nullptr) {
    pod.status.conditions.push_back(kube::PodCondition{.type = kCloudMapHealthyCondition});
    c = &pod.status.conditions.back();
  }
  if (c->status != want || !c->last_transition_time) c->last_transition_time = now;
  c->status = want;
  return pods.UpdateStatus(pod).status();
}

HealthProber::HealthProber(CloudMapCaller& caller, ResourceClient<kube::Pod>& pods,
                           async::TaskScope& scope)
    : caller_(caller), pods_(pods), scope_(scope) {
  timer_ = caller_.dispatcher().CreateTimer([this] { OnTick(); });
}

void HealthProber::Stop() {
  stopped_ = true;
  timer_->Disable();
}

size_t HealthProber::entries() const {
  size_t n = 0;
  for (const auto& [key, s] : subsets_) n += s.entries.size();
  return n;
}

Status HealthProber::SubmitReady(const SubsetRequest& request, bool custom_health_check) {
  Submission sub;
  sub.key = request.service_id + "/" + request.SubsetId();
  sub.subset.vn_key = request.vn_key;
  sub.subset.pod_namespace = NamespaceOf(request.vn_key);
  sub.subset.service_id = request.service_id;
  sub.subset.custom_health_check = custom_health_check;
  for (const auto& [ip, want] : request.ready) {
    bool healthy = false;
    Status read = pods_.Read(sub.subset.pod_namespace, want.pod_name, [&](const kube::Pod& pod) {
      healthy = pod.status.IsConditionTrue(kCloudMapHealthyCondition);
    });
    if (!read.ok()) return read;
    if (healthy) continue;
    sub.subset.entries.push_back(Entry{.instance_id = ip, .pod_name = want.pod_name});
  }
  caller_.tracer().Record(TraceEvent("controller", "HealthProbeSubmit")
                              .With("vn", request.vn_key).With("service", request.service_id)
                              .With("pods", sub.subset.entries.size())
                              .With("queued", round_running_));
  if (round_running_) {
    queued_.push_back(std::move(sub));
  } else {
    Apply(std::move(sub));
  }
  return Status::Ok();
}

void HealthProber::Apply(Submission submission) {
  if (submission.subset.entries.empty()) {
    subsets_.erase(submission.key);
  } else {
    submission.subset.deadline =
        caller_.dispatcher().Now() + caller_.options().health_probe_deadline;
    subsets_[submission.key] = std::move(submission.subset);
  }
  // Every loop iteration re-arms the timer; with nothing to probe it stays quiet.
  if (subsets_.empty() || stopped_) {
    timer_->Disable();
  } else {
    timer_->Enable(caller_.options().health_probe_period);
  }
}

void HealthProber::OnTick() {
  if (round_running_ || subsets_.empty() || stopped_) return;
  round_running_ = true;
  scope_.Spawn(RunRound(this));
}

Task<void> HealthProber::RunRound(HealthProber* self) {
  std::vector<std::string> keys;
  for (const auto& [key, s] : self->subsets_) keys.push_back(key);
  for (const std::string& key : keys) {
    std::string k = key;
    co_await self->ProbeSubset(std::move(k));
  }
  self->round_running_ = false;
  while (!self->queued_.empty()) {
    Submission s = std::move(self->queued_.front());
    self->queued_.pop_front();
    self->Apply(std::move(s));
  }
  if (!self->subsets_.empty()) self->timer_->Enable(self->caller_.options().health_probe_period);
}

Task<void> HealthProber::ProbeSubset(std::string key) {
  const ControllerOptions& o = caller_.options();
  auto it = subsets_.find(key);
  if (it == subsets_.end()) co_return;
  MonotonicTime now = caller_.dispatcher().Now();
  if (now > it->second.deadline) {
    caller_.tracer().Record(TraceEvent("controller", "HealthProbeDeadline")
                                .With("vn", it->second.vn_key)
                                .With("service", it->second.service_id)
                                .With("pods", it->second.entries.size()));
    subsets_.erase(it);
    co_return;
  }
  Subset snapshot = it->second;
  std::optional<std::map<std::string, bool>> seen = co_await Observe(snapshot);
  it = subsets_.find(key);
  if (!seen || it == subsets_.end()) co_return;
  Subset& subset = it->second;
  now = caller_.dispatcher().Now();
  std::vector<Entry> keep;
  for (Entry& e : subset.entries) {
    auto s = seen->find(e.instance_id);
    bool healthy = s != seen->end() && s->second;
    if (!e.healthy || *e.healthy != healthy) {
      e.healthy = healthy;
      e.since = now;
    }
    caller_.tracer().Record(TraceEvent("controller", "HealthProbe")
                                .With("vn", subset.vn_key).With("service", subset.service_id)
                                .With("pod", e.pod_name).With("ip", e.instance_id)
                                .With("status", StatusName(healthy))
                                .With("stable_for", now - e.since));
    bool stable = now - e.since >= o.health_stable_window;
    if (stable && e.written != healthy) {
      std::string ns = subset.pod_namespace, pod = e.pod_name, ip = e.instance_id;
      Status w = co_await WriteCondition(std::move(ns), std::move(pod), std::move(ip), healthy);
      if (w.ok()) e.written = healthy;
    }
    if (!(e.written && *e.written)) keep.push_back(e);
  }
  // Submissions wait for the round's end, so `subset` is still this key's entry.
  subset.entries = std::move(keep);
  if (subset.entries.empty()) subsets_.erase(key);
}

Task<std::optional<std::map<std::string, bool>>> HealthProber::Observe(Subset subset) {
  std::map<std::string, bool> seen;
  if (subset.custom_health_check) {
    cloudmap::GetInstancesHealthStatusRequest req{.service_id = subset.service_id};
    for (const Entry& e : subset.entries) req.instances.push_back(e.instance_id);
    do {
      TraceContext ctx{{"vn", subset.vn_key}, {"service", subset.service_id}};
      Result<cloudmap::GetInstancesHealthStatusResponse> r =
          co_await caller_.Invoke<cloudmap::GetInstancesHealthStatusResponse>(
              "GetInstancesHealthStatus", ctx,
              [&](Callback<cloudmap::GetInstancesHealthStatusResponse> cb) {
                caller_.client().GetInstancesHealthStatus(req, std::move(cb));
              });
      if (!r.ok()) {
        caller_.tracer().Record(TraceEvent("controller", "HealthProbeAborted")
                                    .With("vn", subset.vn_key).With("error", r.status().ToString()));
        co_return std::nullopt;
      }
      for (const auto& [id, st] : r->status) seen[id] = st == cloudmap::HealthStatus::kHealthy;
      req.next_token = r->next_token;
    } while (req.next_token);
    co_return seen;
  }
  for (const Entry& e : subset.entries) {
    cloudmap::GetInstanceRequest req{.service_id = subset.service_id, .instance_id = e.instance_id};
    TraceContext ctx{{"vn", subset.vn_key}, {"service", subset.service_id},
                     {"instance", e.instance_id}, {"pod", e.pod_name}};
    Result<cloudmap::GetInstanceResponse> r = co_await caller_.Invoke<cloudmap::GetInstanceResponse>(
        "GetInstance", ctx, [&](Callback<cloudmap::GetInstanceResponse> cb) {
          caller_.client().GetInstance(req, std::move(cb));
        });
    if (r.ok()) {
      seen[e.instance_id] = true;
    } else if (r.status().code() == StatusCode::kNotFound) {
      seen[e.instance_id] = false;
    } else {
      caller_.tracer().Record(TraceEvent("controller", "HealthProbeAborted")
                                  .With("vn", subset.vn_key).With("error", r.status().ToString()));
      co_return std::nullopt;
    }
  }
  co_return seen;
}

Task<Status> HealthProber::WriteCondition(std::string pod_namespace, std::string pod_name,
                                          std::string ip, bool healthy) {
  const ControllerOptions& o = caller_.options();
  kube::ConditionStatus want = healthy ? kube::ConditionStatus::kTrue : kube::ConditionStatus::kFalse;
  for (int attempt = 0;; ++attempt) {
    Status written = SetCloudMapHealthyCondition(pods_, pod_namespace, pod_name, healthy,
                                                 caller_.dispatcher().WallNow());
    caller_.tracer().Record(TraceEvent("controller", "PodConditionUpdate")
                                .With("pod", pod_namespace + "/" + pod_name).With("ip", ip)
                                .With("status", kube::ToString(want)).With("attempt", attempt)
                                .With("ok", written.ok())
                                .With("error", written.ok() ? "" : written.ToString()));
    if (written.ok()) co_return Status::Ok();
    if (written.code() != StatusCode::kConflict || attempt + 1 >= o.pod_condition_retry_steps) {
      co_return written;
    }
    co_await async::Sleep(caller_.dispatcher(), o.pod_condition_retry_interval);
  }
}

}  // namespace meshsim::controller
