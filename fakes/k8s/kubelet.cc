#include "fakes/k8s/kubelet.h"

#include <algorithm>

#include "fakes/k8s/kube_util.h"
#include "fakes/k8s/sidecar_injector.h"

namespace meshsim::fakes {

using kube::ConditionStatus;

Kubelet::Kubelet(FakeKubeApi& api, NodePool& pool, std::string node_name)
    : api_(api), pool_(pool), node_name_(std::move(node_name)) {
  // spec.nodeName=<node>, as the real kubelet's field selector: OnPod sees only its pods.
  watch_ = api_.Pods()
               .WatchSelected(
                   0, [this](const kube::Pod& pod) { return pod.spec.node_name == node_name_; },
                   [this](const WatchEvent<kube::Pod>& e) { OnPod(e); })
               .value();
}

void Kubelet::Trace(std::string_view name, const PodKey& key) {
  api_.tracer().Record(
      TraceEvent("k8s", name).With("pod", key.first + "/" + key.second).With("node", node_name_));
}

void Kubelet::OnPod(const WatchEvent<kube::Pod>& event) {
  const kube::Pod& pod = event.object;
  if (pod.spec.node_name != node_name_) return;
  PodKey key{pod.metadata.namespace_name, pod.metadata.name};
  auto it = pods_.find(key);
  if (event.type == WatchEvent<kube::Pod>::Type::kDeleted) {
    if (it != pods_.end() && !it->second.finished) pool_.ReleasePodIp(it->second.ip);
    if (it != pods_.end()) pods_.erase(it);
    return;
  }
  if (it == pods_.end()) {
    Admit(key, pod);
    it = pods_.find(key);
  }
  if (pod.metadata.deletion_timestamp && !it->second.terminating) {
    Terminate(key, pod);
  } else if (it->second.terminating) {
    ShortenGrace(key, pod);
  } else if (it->second.started && !it->second.terminating) {
    UpdateReadiness(key);  // a readiness gate may have changed
  }
}

void Kubelet::Admit(const PodKey& key, const kube::Pod& pod) {
  PodRun& run = pods_[key];
  if (pod.metadata.deletion_timestamp) return;  // deleted before this kubelet saw it
  SystemTime now = api_.dispatcher().WallNow();
  std::string host_ip = pool_.IpOf(node_name_);
  api_.Pods().Mutate(key.first, key.second, "UpdateStatus", [&](kube::Pod& p) {
    p.status.host_ip = host_ip;
    p.status.start_time = now;
    bool has_init = !p.spec.init_containers.empty();
    SetPodCondition(p.status, kube::kPodInitialized,
                    has_init ? ConditionStatus::kFalse : ConditionStatus::kTrue, now,
                    has_init ? "ContainersNotInitialized" : "");
    SetPodCondition(p.status, kube::kContainersReady, ConditionStatus::kFalse, now,
                    "ContainersNotReady");
    SetPodCondition(p.status, kube::kPodReady, ConditionStatus::kFalse, now, "ContainersNotReady");
    p.status.container_statuses.clear();
    for (const auto& c : p.spec.containers) p.status.container_statuses.push_back({c.name});
  });
  run.start = api_.dispatcher().CreateTimer([this, key] { StartContainers(key); });
  run.start->Enable(api_.options().container_start.Sample(api_.random()));
}

void Kubelet::StartContainers(const PodKey& key) {
  PodRun& run = pods_.at(key);
  const kube::Pod* pod = api_.Pods().Find(key.first, key.second);
  if (pod == nullptr || run.terminating) return;
  auto ip = pool_.AllocatePodIp(node_name_);
  if (!ip.ok()) return;  // no address: the sandbox never starts (CNI failure)
  run.ip = *ip;
  run.started = true;
  SystemTime now = api_.dispatcher().WallNow();
  std::vector<std::string> containers;
  auto updated = api_.Pods().Mutate(key.first, key.second, "UpdateStatus", [&](kube::Pod& p) {
    p.status.phase = kube::PodPhase::kRunning;
    p.status.pod_ip = run.ip;
    SetPodCondition(p.status, kube::kPodInitialized, ConditionStatus::kTrue, now);
    for (auto& cs : p.status.container_statuses) cs.started = true, containers.push_back(cs.name);
  });
  api_.tracer().Record(TraceEvent("k8s", "PodRunning")
                           .With("pod", key.first + "/" + key.second)
                           .With("node", node_name_)
                           .With("ip", run.ip));
  for (const std::string& name : containers) {
    run.ready.push_back(
        api_.dispatcher().CreateTimer([this, key, name] { ContainerReady(key, name); }));
    run.ready.back()->Enable(api_.options().container_ready.Sample(api_.random()));
  }
}

Status Kubelet::SetReadinessFailing(const std::string& namespace_name, const std::string& name,
                                    bool failing) {
  PodKey key{namespace_name, name};
  auto it = pods_.find(key);
  if (it == pods_.end()) {
    return Status(StatusCode::kNotFound, "NotFound", "pod " + namespace_name + "/" + name +
                                                         " does not run on " + node_name_);
  }
  PodRun& run = it->second;
  if (run.probes_failing == failing) return Status();
  run.probes_failing = failing;
  Trace(failing ? "ReadinessProbeFailing" : "ReadinessProbePassing", key);
  if (!run.started || run.terminating) return Status();
  api_.Pods().Mutate(namespace_name, name, "UpdateStatus", [&](kube::Pod& p) {
    for (auto& cs : p.status.container_statuses) {
      if (cs.name != kEnvoyContainerName && cs.started) cs.ready = !failing;
    }
  });
  UpdateReadiness(key);
  return Status();
}

void Kubelet::ContainerReady(const PodKey& key, const std::string& container) {
  if (pods_.at(key).terminating) return;
  if (pods_.at(key).probes_failing && container != kEnvoyContainerName) return;
  api_.Pods().Mutate(key.first, key.second, "UpdateStatus", [&](kube::Pod& p) {
    for (auto& cs : p.status.container_statuses) {
      if (cs.name == container) cs.ready = true;
    }
  });
  UpdateReadiness(key);
}

void Kubelet::UpdateReadiness(const PodKey& key) {
  const kube::Pod* pod = api_.Pods().Find(key.first, key.second);
  if (pod == nullptr || pod->metadata.deletion_timestamp) return;
  bool all_ready =
      !pod->status.container_statuses.empty() &&
      std::all_of(pod->status.container_statuses.begin(), pod->status.container_statuses.end(),
                  [](const kube::ContainerStatus& cs) { return cs.ready; });
  bool gates = std::all_of(pod->spec.readiness_gates.begin(), pod->spec.readiness_gates.end(),
                           [&](const std::string& g) { return pod->status.IsConditionTrue(g); });
  SystemTime now = api_.dispatcher().WallNow();
  bool containers_changed = false;
  bool ready_changed = false;
  api_.Pods().Mutate(key.first, key.second, "UpdateStatus", [&](kube::Pod& p) {
    auto value = [](bool b) { return b ? ConditionStatus::kTrue : ConditionStatus::kFalse; };
    containers_changed = SetPodCondition(p.status, kube::kContainersReady, value(all_ready), now,
                                         all_ready ? "" : "ContainersNotReady");
    const char* why = !all_ready ? "ContainersNotReady" : (gates ? "" : "ReadinessGatesNotReady");
    ready_changed = SetPodCondition(p.status, kube::kPodReady, value(all_ready && gates), now, why);
  });
  if (containers_changed && all_ready) Trace("ContainersReady", key);
  if (ready_changed && all_ready && gates) Trace("PodReady", key);
  if (ready_changed && !(all_ready && gates)) Trace("PodNotReady", key);
}

Duration Kubelet::TimeToExit(const kube::Pod& pod, const PodRun& run) {
  if (!run.started) return Duration(0);
  Duration longest(0);
  for (const auto& c : pod.spec.containers) {
    Duration stop = api_.options().container_stop.Sample(api_.random());
    // Envoy's preStop hook runs before it gets SIGTERM (the injector's `sleep 20`).
    if (c.name == kEnvoyContainerName) stop += api_.options().envoy_prestop_delay;
    longest = std::max(longest, stop);
  }
  return longest;
}

void Kubelet::Terminate(const PodKey& key, const kube::Pod& pod) {
  PodRun& run = pods_.at(key);
  run.terminating = true;
  run.start.reset();
  run.ready.clear();
  SystemTime now = api_.dispatcher().WallNow();
  api_.Pods().Mutate(key.first, key.second, "UpdateStatus", [&](kube::Pod& p) {
    SetPodCondition(p.status, kube::kContainersReady, ConditionStatus::kFalse, now,
                    "ContainersNotReady");
    SetPodCondition(p.status, kube::kPodReady, ConditionStatus::kFalse, now, "PodTerminating");
    for (auto& cs : p.status.container_statuses) cs.ready = false;
  });
  run.grace_seconds = pod.metadata.deletion_grace_period_seconds.value_or(0);
  Duration grace = std::chrono::seconds(run.grace_seconds);
  Duration exit_after = TimeToExit(pod, run);
  run.exit_at = api_.dispatcher().Now() + exit_after;
  run.kill_at = api_.dispatcher().Now() + grace;
  api_.tracer().Record(TraceEvent("k8s", "PodTerminating")
                           .With("pod", key.first + "/" + key.second)
                           .With("node", node_name_)
                           .With("grace", grace)
                           .With("wait", std::min(grace, exit_after)));
  run.stop = api_.dispatcher().CreateTimer([this, key] { Finish(key); });
  ArmStop(key);
}

void Kubelet::ArmStop(const PodKey& key) {
  PodRun& run = pods_.at(key);
  // Containers get SIGKILL when the grace period ends, whether or not they exited.
  MonotonicTime at = std::min(run.exit_at, run.kill_at);
  run.stop->Enable(std::max(Duration(0), at - api_.dispatcher().Now()));
}

void Kubelet::ShortenGrace(const PodKey& key, const kube::Pod& pod) {
  PodRun& run = pods_.at(key);
  auto grace = pod.metadata.deletion_grace_period_seconds;
  if (run.finished || !grace || *grace >= run.grace_seconds) return;
  run.grace_seconds = *grace;
  run.kill_at = std::min(run.kill_at, api_.dispatcher().Now() + std::chrono::seconds(*grace));
  ArmStop(key);
}

void Kubelet::Finish(const PodKey& key) {
  PodRun& run = pods_.at(key);
  run.finished = true;
  pool_.ReleasePodIp(run.ip);  // the CNI frees the address when the sandbox goes
  api_.Pods().Mutate(key.first, key.second, "UpdateStatus", [&](kube::Pod& p) {
    for (auto& cs : p.status.container_statuses) cs.started = false;
  });
  Status s = api_.Pods().Delete(key.first, key.second, Duration(0));
  if (s.ok() && api_.Pods().Find(key.first, key.second) == nullptr) Trace("PodDeleted", key);
}

}  // namespace meshsim::fakes
