// Component faults on the timeline: each drives one hook of the controller process, the fake
// Cloud Map or the App Mesh control plane, and undoes it after `for` when the fault has one.
#include "sim/world/timeline.h"

namespace meshsim::world {
namespace {

std::vector<std::string> OperationsOf(const scenario::Fault& f) {
  return f.operations.empty() ? std::vector<std::string>{"*"} : f.operations;
}

}  // namespace

void Timeline::Later(std::optional<Duration> after, std::function<void()> undo) {
  if (!after) return;
  TimerPtr timer = dispatcher_.CreateTimer(std::move(undo));
  timer->Enable(*after);
  timers_.push_back(std::move(timer));
}

void Timeline::Fault(const scenario::Fault& fault) {
  bool controller = fault.kind.rfind("controller_", 0) == 0;
  bool cloudmap = fault.kind.rfind("cloudmap_", 0) == 0;
  bool present = controller ? faults_.controller != nullptr
                 : cloudmap ? faults_.cloudmap != nullptr
                            : faults_.control_plane != nullptr;
  Report("ActionFault",
         present ? Status()
                 : Status(StatusCode::kNotFound, "NotInThisMode",
                          "the component of " + fault.kind + " is not simulated in this mode"),
         fault.kind);
  if (!present) return;
  if (controller) {
    ControllerFault(fault);
  } else if (cloudmap) {
    CloudMapFault(fault);
  } else {
    MeshFault(fault);
  }
}

void Timeline::ControllerFault(const scenario::Fault& f) {
  controller::ControllerProcess& c = *faults_.controller;
  if (f.kind == "controller_pause") {
    c.Pause();
    Later(f.for_duration, [&c] { c.Resume(); });
  } else if (f.kind == "controller_resume") {
    c.Resume();
  } else if (f.kind == "controller_crash") {
    c.Crash();
  } else if (f.kind == "controller_restart") {
    c.Restart();
  } else if (f.kind == "controller_slow_down") {
    c.SetSlowdown({.reconcile_delay = f.reconcile_delay.value_or(Duration(0)),
                   .api_delay = f.api_delay.value_or(Duration(0))});
    Later(f.for_duration, [&c] { c.SetSlowdown({}); });
  }
}

void Timeline::CloudMapFault(const scenario::Fault& f) {
  fakes::FakeCloudMap& m = *faults_.cloudmap;
  std::vector<std::string> ops = OperationsOf(f);
  if (f.kind == "cloudmap_latency_spike") {
    for (const auto& op : ops) m.SetLatency(op, f.delay);
    Later(f.for_duration, [&m, ops] {
      for (const auto& op : ops) m.SetLatency(op, std::nullopt);
    });
  } else if (f.kind == "cloudmap_throttling") {
    int64_t rps = f.requests_per_second.value_or(1);
    for (const auto& op : ops) m.SetRateLimit(op, fakes::RateLimit{rps, rps});
    Later(f.for_duration, [&m, ops] {
      for (const auto& op : ops) m.SetRateLimit(op, std::nullopt);
    });
  } else if (f.kind == "cloudmap_error_burst" || f.kind == "cloudmap_access_denied") {
    bool denied = f.kind == "cloudmap_access_denied";
    MonotonicTime now = dispatcher_.Now();
    for (const auto& op : ops) {
      fakes::ErrorInjection e{
          .error = denied ? "AccessDeniedException" : f.error.value_or("ServiceUnavailable"),
          .operation = op,
          // The troubleshooting case: the controller's IAM role lacks the permission.
          .caller = denied ? "controller" : "*",
          .probability_ppm = denied ? 1'000'000 : int64_t{f.per_mille.value_or(1000)} * 1000,
          .from = now};
      if (f.for_duration) e.until = now + *f.for_duration;
      m.AddErrorInjection(e);
    }
  } else if (f.kind == "cloudmap_propagation_delay") {
    m.SetPropagationDelay(f.delay.value_or(Distribution()));
  }
}

void Timeline::MeshFault(const scenario::Fault& f) {
  fakes::AppMeshControlPlane& cp = *faults_.control_plane;
  if (f.kind == "control_plane_stall") {
    cp.Stall(f.for_duration.value_or(Duration(0)));
    return;
  }
  if (!f.pods) return;
  std::vector<kube::Pod> pods = pods_.Pods(*f.pods);
  std::string ns = pods.empty() ? Namespace(f.pods->namespace_name)
                                : pods.front().metadata.namespace_name;
  std::vector<std::string> names;
  for (const auto& pod : pods) names.push_back(pod.metadata.name);
  if (f.kind == "envoy_partition") {
    cp.Partition(ns, names, f.for_duration);
    return;
  }
  for (const auto& name : names) {
    Status s = f.kind == "envoy_disconnect" ? cp.DisconnectEnvoy(ns, name, f.for_duration)
                                            : cp.ReconnectEnvoy(ns, name);
    if (!s.ok()) Report("ActionFault", s, f.kind + " " + ns + "/" + name);
  }
}

}  // namespace meshsim::world
