// File: sim/world/timeline.h
//
// Schedules a scenario's timeline actions on the world's dispatcher and carries them out
// through the fake cluster's API, as kubectl would: apply and delete manifests, scale, roll
// out a template change, delete pods, flap readiness, fail or drain a node, and random pod
// churn drawn from the world's "churn" stream. Entries with `every` repeat until `until`,
// `count` runs or the end of the run. Each action is traced ("world", "Action...") so a trace
// shows what the scenario did and when.
//
// Component faults go to the controller process, the fake Cloud Map and the control plane.
//
// Example:
//   Timeline timeline(dispatcher, tracer, cluster, scenario, pods, streams.Stream("churn"),
//                     {&controller, &cloudmap, &control_plane});
//   timeline.Start();
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "controller/api/dispatcher.h"
#include "controller/api/random.h"
#include "controller/api/tracer.h"
#include "controller/controller_process.h"
#include "fakes/appmesh/control_plane.h"
#include "fakes/cloudmap/fake_cloudmap.h"
#include "fakes/k8s/kube_cluster.h"
#include "sim/scenario/scenario.h"
#include "sim/world/pod_query.h"

namespace meshsim::world {

// The components whose fault hooks timeline faults drive; a fault whose target is absent
// (live mode has no fake Cloud Map or control plane) is traced as not carried out.
struct FaultTargets {
  controller::ControllerProcess* controller = nullptr;
  fakes::FakeCloudMap* cloudmap = nullptr;
  fakes::AppMeshControlPlane* control_plane = nullptr;
};

class Timeline {
 public:
  Timeline(Dispatcher& dispatcher, Tracer& tracer, fakes::KubeCluster& cluster,
           const scenario::Scenario& scenario, const PodQuery& pods, Random& random,
           FaultTargets faults = {})
      : dispatcher_(dispatcher),
        tracer_(tracer),
        cluster_(cluster),
        scenario_(scenario),
        pods_(pods),
        random_(random),
        faults_(faults) {}

  // Schedules every entry at its `at`.
  void Start();

 private:
  // Runs `entry` for the `run`-th time (0-based) and schedules the next run if it repeats.
  void RunEntry(const scenario::TimelineEntry& entry, int32_t run);
  void Run(const scenario::Action& action);
  void Apply(const scenario::ApplyManifests& apply);
  void Delete(const scenario::DeleteObjects& del);
  void Scale(const scenario::ScaleDeployment& scale);
  void Update(const scenario::RollingUpdate& update);
  void DeletePods(const scenario::DeletePods& del);
  void FlapReadiness(const scenario::FlapReadiness& flap);
  void FailNode(const scenario::FailNode& fail);
  void DrainNode(const scenario::DrainNode& drain);
  void StartChurn(const scenario::Churn& churn);
  void ChurnOnce(const scenario::Churn& churn);
  void ScheduleChurn(const scenario::Churn& churn);
  // Component faults (timeline_faults.cc).
  void Fault(const scenario::Fault& fault);
  void ControllerFault(const scenario::Fault& fault);
  void CloudMapFault(const scenario::Fault& fault);
  void MeshFault(const scenario::Fault& fault);
  // Runs `undo` after `after`, when set.
  void Later(std::optional<Duration> after, std::function<void()> undo);
  // The node a reference names, or "" (traced) when there is none.
  std::string NodeName(const scenario::NodeRef& ref, const std::string& action);
  std::string Namespace(const std::string& ns) const;
  void Report(const std::string& action, const Status& status, const std::string& target);

  Dispatcher& dispatcher_;
  Tracer& tracer_;
  fakes::KubeCluster& cluster_;
  const scenario::Scenario& scenario_;
  const PodQuery& pods_;
  Random& random_;
  FaultTargets faults_;
  std::vector<TimerPtr> timers_;  // flapping pods' recoveries, faults' ends
};

}  // namespace meshsim::world
