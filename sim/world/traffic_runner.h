// File: sim/world/traffic_runner.h
//
// The scenario's `traffic:` section in a run: one fakes::TrafficModel whose streams are the
// scenario's, each drawing from its own seeded stream ("traffic/<name>"), with connections
// answered by the fake Kubernetes cluster (KubeUpstreamHosts); and the evaluation of the
// `requests` assertion check against the model's counts (docs/traffic.md).
//
// Example:
//   TrafficRunner traffic(dispatcher, trace, streams, cluster.api(), control_plane, scenario,
//                         options.data_plane, "howto-k8s-cloudmap");
//   traffic.Start();
//   CheckOutcome o = traffic.Evaluate(requests_check);
#pragma once

#include <string>
#include <vector>

#include "fakes/appmesh/control_plane.h"
#include "fakes/k8s/fake_kube_api.h"
#include "fakes/traffic/traffic_model.h"
#include "sim/kernel/seeded_random.h"
#include "sim/scenario/scenario.h"
#include "sim/world/check_evaluator.h"
#include "sim/world/traffic_hosts.h"

namespace meshsim::world {

class TrafficRunner {
 public:
  // References must outlive this object. Stream names without a namespace use
  // `default_namespace`.
  TrafficRunner(Dispatcher& dispatcher, Tracer& tracer, sim::RandomStreams& streams,
                fakes::FakeKubeApi& api, const fakes::AppMeshControlPlane& control_plane,
                const scenario::Scenario& scenario, const fakes::DataPlaneOptions& options,
                const std::string& default_namespace);

  // Starts every stream (no-op without traffic).
  void Start();
  // Traces the counts of the last, incomplete second. Call at the end of the run.
  void Flush();
  // Evaluates a requests check over the streams it picks, as counted so far.
  CheckOutcome Evaluate(const scenario::RequestsCheck& check) const;
  const fakes::TrafficModel& model() const { return model_; }

 private:
  // The model's streams that the check's stream/from/to pick.
  std::vector<size_t> Picked(const scenario::RequestsCheck& check) const;

  const scenario::Scenario& scenario_;
  KubeUpstreamHosts hosts_;
  fakes::TrafficModel model_;
};

}  // namespace meshsim::world
