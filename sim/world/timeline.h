// File: sim/world/timeline.h
//
// Schedules a scenario's timeline actions on the world's dispatcher and carries them out
// through the fake cluster's API, as kubectl would. Each action is traced ("world",
// "Action...") so a trace shows what the scenario did and when.
//
// Example:
//   Timeline timeline(dispatcher, tracer, cluster, scenario);
//   timeline.Start();
#pragma once

#include "controller/api/dispatcher.h"
#include "controller/api/tracer.h"
#include "fakes/k8s/kube_cluster.h"
#include "sim/scenario/scenario.h"
#include "sim/world/pod_query.h"

namespace meshsim::world {

class Timeline {
 public:
  Timeline(Dispatcher& dispatcher, Tracer& tracer, fakes::KubeCluster& cluster,
           const scenario::Scenario& scenario, const PodQuery& pods)
      : dispatcher_(dispatcher), tracer_(tracer), cluster_(cluster), scenario_(scenario), pods_(pods) {}

  // Schedules every entry at its `at`.
  void Start();

 private:
  void Run(const scenario::TimelineEntry& entry);
  void ApplyManifests();
  void Scale(const scenario::ScaleDeployment& scale);
  void DeletePods(const scenario::DeletePods& del);
  void Report(const std::string& action, const Status& status, const std::string& target);

  Dispatcher& dispatcher_;
  Tracer& tracer_;
  fakes::KubeCluster& cluster_;
  const scenario::Scenario& scenario_;
  const PodQuery& pods_;
};

}  // namespace meshsim::world
