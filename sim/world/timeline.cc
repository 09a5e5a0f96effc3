#include "sim/world/timeline.h"

namespace meshsim::world {

template <class... F>
struct Overloaded : F... {
  using F::operator()...;
};

void Timeline::Start() {
  for (const auto& entry : scenario_.timeline) {
    Duration delay = entry.at - dispatcher_.Now().time_since_epoch();
    dispatcher_.Schedule(delay < Duration(0) ? Duration(0) : delay,
                         [this, &entry] { RunEntry(entry, 0); });
  }
}

void Timeline::RunEntry(const scenario::TimelineEntry& entry, int32_t run) {
  Run(entry.action);
  if (!entry.every) return;
  if (entry.count && run + 1 >= *entry.count) return;
  Duration next = dispatcher_.Now().time_since_epoch() + *entry.every;
  Duration last = entry.until.value_or(scenario_.duration);
  if (next > last) return;
  dispatcher_.Schedule(*entry.every, [this, &entry, run] { RunEntry(entry, run + 1); });
}

void Timeline::Run(const scenario::Action& action) {
  std::visit(Overloaded{
                 [this](const scenario::ApplyManifests& a) { Apply(a); },
                 [this](const scenario::DeleteObjects& a) { Delete(a); },
                 [this](const scenario::ScaleDeployment& a) { Scale(a); },
                 [this](const scenario::RollingUpdate& a) { Update(a); },
                 [this](const scenario::DeletePods& a) { DeletePods(a); },
                 [this](const scenario::FlapReadiness& a) { FlapReadiness(a); },
                 [this](const scenario::FailNode& a) { FailNode(a); },
                 [this](const scenario::DrainNode& a) { DrainNode(a); },
                 [this](const scenario::Churn& a) { StartChurn(a); },
                 [this](const scenario::Fault& a) { Fault(a); },
             },
             action);
}

void Timeline::Report(const std::string& action, const Status& status, const std::string& target) {
  tracer_.Record(TraceEvent("world", action)
                     .With("target", target)
                     .With("outcome", status.ok() ? std::string("ok") : status.ToString()));
}

std::string Timeline::Namespace(const std::string& ns) const {
  return ns.empty() ? pods_.default_namespace() : ns;
}

}  // namespace meshsim::world
