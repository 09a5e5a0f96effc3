// File: fakes/appmesh/envoy_model.h
//
// The EDS side of one Envoy sidecar as App Mesh's control plane sees it: node id = pod name, a
// virtual node, and per cluster (upstream virtual node "namespace/name") the last applied and
// ACKed ClusterLoadAssignment. Responses are applied after an apply delay and ACKed with their
// version_info and nonce; a response whose version is not newer than the applied one is
// ignored, so out-of-order delivery never moves an Envoy back (xDS: an Envoy only applies the
// response to its latest request). Every applied update is traced with the ips it added and
// removed: this is the "each Envoy has it" hop of the latency reports. The ADS stream can be
// closed and reopened (fault injection through AppMeshControlPlane): a closed stream receives
// nothing, but the Envoy keeps serving with the configuration it last applied, as a real Envoy
// does when its management server goes away.
//
// Example:
//   EnvoyModel envoy(dispatcher, random, tracer, "front-7d9c-abcde", "ns/front", apply_delay);
//   envoy.Receive(snapshot, "42");
//   ... after the apply delay:
//   envoy.Endpoints("ns/colorapp-blue");   // sorted by address
//   envoy.version_info("ns/colorapp-blue"); // snapshot->version
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "controller/api/dispatcher.h"
#include "controller/api/distribution.h"
#include "controller/api/random.h"
#include "controller/api/tracer.h"
#include "fakes/appmesh/cluster_load_assignment.h"

namespace meshsim::fakes {

class EnvoyModel {
 public:
  // `virtual_node` is "namespace/name" of the pod's virtual node.
  EnvoyModel(Dispatcher& dispatcher, Random& random, Tracer& tracer, std::string node_id,
             std::string virtual_node, Distribution apply_delay);
  EnvoyModel(const EnvoyModel&) = delete;
  EnvoyModel& operator=(const EnvoyModel&) = delete;

  // The pod name.
  const std::string& node_id() const { return node_id_; }
  // "namespace/name" of the pod's virtual node.
  const std::string& virtual_node() const { return virtual_node_; }

  // Endpoints of `cluster` as the last ACKed ClusterLoadAssignment has them, sorted by address;
  // empty for a cluster the Envoy does not have.
  std::vector<Endpoint> Endpoints(const std::string& cluster) const;
  // Clusters with an applied assignment, sorted.
  std::vector<std::string> Clusters() const;
  // version_info last ACKed for `cluster`; empty when none.
  const std::string& version_info(const std::string& cluster) const;
  // Nonce of the response last ACKed for `cluster`; empty when none.
  const std::string& acked_nonce(const std::string& cluster) const;
  // The applied snapshot itself (shared with other Envoys), or nullptr.
  ClusterLoadAssignmentPtr Assignment(const std::string& cluster) const;
  // False between StreamClosed and StreamOpened.
  bool connected() const { return connected_; }

  // The ADS stream broke (`reason` is traced): nothing is received until StreamOpened.
  // Responses received before, still being applied, are applied.
  void StreamClosed(const std::string& reason);
  // The ADS stream is back; the control plane then sends the state of the world.
  void StreamOpened();

  // Receives an EDS DiscoveryResponse carrying `assignment`; applies and ACKs it after the
  // apply delay unless a newer version of that cluster has been applied by then.
  // REQUIRES: assignment != nullptr.
  void Receive(ClusterLoadAssignmentPtr assignment, std::string nonce);
  // Drops `cluster` (no longer in the Envoy's CDS set); responses for it still in flight are
  // discarded.
  void RemoveCluster(const std::string& cluster);

 private:
  struct ClusterState {
    ClusterLoadAssignmentPtr assignment;
    std::string acked_nonce;
  };
  void Apply(const ClusterLoadAssignmentPtr& assignment, const std::string& nonce, uint64_t epoch);

  Dispatcher& dispatcher_;
  Random& random_;
  Tracer& tracer_;
  std::string node_id_;
  std::string virtual_node_;
  Distribution apply_delay_;
  bool connected_ = true;
  std::map<std::string, ClusterState> clusters_;
  // Bumped by RemoveCluster so responses received before the removal are dropped. Kept for
  // every cluster ever seen (bounded by the mesh's virtual nodes).
  std::map<std::string, uint64_t> epochs_;
  // Scheduled applies hold a weak_ptr to this: destroying the Envoy cancels them.
  std::shared_ptr<char> lifetime_ = std::make_shared<char>(0);
};

}  // namespace meshsim::fakes
