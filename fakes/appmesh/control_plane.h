// File: fakes/appmesh/control_plane.h
//
// A model of the AWS App Mesh control plane for Cloud Map service discovery (hops 7-8 of the
// latency budget in shared/spec/controller.md section G). It watches VirtualNodes,
// VirtualServices, VirtualRouters and Pods through ResourceClient<T> informers, keeps the mesh
// graph, connects one EnvoyModel per meshed pod (node id = pod name), polls Cloud Map
// (DiscoverInstances, filtered by each virtual node's attributes) for every discoverable virtual
// node some connected Envoy needs, and pushes one shared EDS snapshot per endpoint change to
// each dependent Envoy (with ControlPlaneOptions::push_debounce, the `snapshot` profile: the
// pushes of changed clusters wait for a debounce). Everything runs on the given Dispatcher and
// is traced.
//
// Example:
//   AppMeshControlPlane cp(dispatcher, random, tracer, cloudmap_client, kube.VirtualNodes(),
//                          virtual_services, virtual_routers, kube.Pods(), ControlPlaneOptions{});
//   cp.Start();
//   ... run the dispatcher ...
//   const EnvoyModel* envoy = cp.FindEnvoy("howto-k8s-cloudmap", "front-6b4d8-x2x9q");
//   envoy->Endpoints("howto-k8s-cloudmap/colorapp-blue");
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "controller/api/appmesh_types.h"
#include "controller/api/cloudmap_client.h"
#include "controller/api/dispatcher.h"
#include "controller/api/kube_client.h"
#include "controller/api/random.h"
#include "controller/api/status.h"
#include "controller/api/tracer.h"
#include "fakes/appmesh/cluster_load_assignment.h"
#include "fakes/appmesh/control_plane_options.h"
#include "fakes/appmesh/debouncer.h"
#include "fakes/appmesh/discovery_memo.h"
#include "fakes/appmesh/envoy_model.h"
#include "fakes/appmesh/instance_endpoints.h"
#include "fakes/appmesh/mesh_graph.h"
#include "fakes/appmesh/mesh_informer.h"

namespace meshsim::fakes {

class AppMeshControlPlane {
 public:
  // `cloudmap` is the control plane's own caller view of Cloud Map. All references must
  // outlive this object.
  AppMeshControlPlane(Dispatcher& dispatcher, Random& random, Tracer& tracer,
                      CloudMapClient& cloudmap, ResourceClient<appmesh::VirtualNode>& virtual_nodes,
                      ResourceClient<appmesh::VirtualService>& virtual_services,
                      ResourceClient<appmesh::VirtualRouter>& virtual_routers,
                      ResourceClient<kube::Pod>& pods, ControlPlaneOptions options);
  ~AppMeshControlPlane();
  AppMeshControlPlane(const AppMeshControlPlane&) = delete;
  AppMeshControlPlane& operator=(const AppMeshControlPlane&) = delete;

  // Lists and watches the inputs; connects the Envoys of pods already running.
  void Start();
  // Stops watching, polling and pushing. Connected Envoys keep their last configuration.
  void Stop();

  // The Envoy of a pod (node id = pod name), or nullptr when that pod has no connected Envoy.
  const EnvoyModel* FindEnvoy(const std::string& namespace_name, const std::string& pod_name) const;
  // Every connected Envoy, sorted by namespace/pod.
  std::vector<const EnvoyModel*> Envoys() const;
  // The virtual nodes ("namespace/name", sorted) a virtual service resolves to.
  std::vector<std::string> TargetsOf(const std::string& namespace_name,
                                     const std::string& virtual_service) const;
  // The control plane's current snapshot of a virtual node's endpoints, or nullptr before its
  // first successful discovery (or when no Envoy needs it).
  ClusterLoadAssignmentPtr CurrentAssignment(const std::string& vn_key) const;
  const MeshGraph& graph() const { return *graph_; }

  // Fault injection (control_plane_faults.cc); every call is traced. Pod names are in
  // `namespace_name`; unknown or unconnected pods are skipped (kNotFound where one pod is named).
  //
  // The control plane freezes for `duration` (extends a running stall): polls are skipped and
  // pushes that fall due are held, then sent in their original order when it resumes.
  void Stall(Duration duration);
  // Ends a stall early. No-op when not stalled.
  void Resume();
  bool stalled() const { return stalled_; }
  // Closes the ADS stream of a pod's Envoy: nothing reaches it, it keeps serving its last
  // configuration. With `reconnect_after`, ReconnectEnvoy runs by itself after that delay.
  Status DisconnectEnvoy(const std::string& namespace_name, const std::string& pod_name,
                         std::optional<Duration> reconnect_after = std::nullopt);
  // Reopens the stream; the Envoy then gets the state of the world: clusters it no longer needs
  // are removed and the current snapshot of every cluster it needs is pushed (push_delay each).
  Status ReconnectEnvoy(const std::string& namespace_name, const std::string& pod_name);
  // Cuts the network between these pods' Envoys and the control plane without closing the
  // streams: pushes to them are held (traced EdsPushHeld), the newest per cluster wins, and
  // are delivered when healed. Pods that connect later while partitioned are held too. With
  // `heal_after`, Heal runs by itself after that delay.
  void Partition(const std::string& namespace_name, const std::vector<std::string>& pod_names,
                 std::optional<Duration> heal_after = std::nullopt);
  // Heals the partition of these pods (all partitioned pods when `pod_names` is empty) and
  // delivers what was held.
  void Heal(const std::string& namespace_name, const std::vector<std::string>& pod_names = {});
  // "namespace/pod" keys currently partitioned, sorted.
  std::vector<std::string> PartitionedForTest() const;
  // Every connected Envoy of virtual node `vn_key` ("namespace/name"), sorted by pod; includes
  // Envoys whose stream is closed (they still serve traffic).
  std::vector<const EnvoyModel*> EnvoysOf(const std::string& vn_key) const;
  // The weighted targets a request to virtual service `vs_key` ("namespace/name") is routed
  // over, as the Envoys' route configuration has them (route updates are taken as instant):
  // the provider node (weight 1), or the provider router's route of highest priority (the first
  // one when none has a priority). Empty for an unknown service or one without provider.
  struct RouteTarget {
    std::string vn_key;  // "namespace/name"
    int32_t weight = 1;
    friend bool operator==(const RouteTarget&, const RouteTarget&) = default;
  };
  std::vector<RouteTarget> RouteOf(const std::string& vs_key) const;
  // The virtual node object ("namespace/name") as the control plane has it, or nullptr.
  const appmesh::VirtualNode* FindVirtualNode(const std::string& vn_key) const;
  // Every virtual service ("namespace/name" -> object) as the control plane has it: the
  // listeners a whole-mesh xDS view serves (fakes/xds).
  const std::map<std::string, appmesh::VirtualService>& VirtualServices() const {
    return virtual_services_.objects();
  }
  // Grows whenever the answers of EnvoysOf or RouteOf may have changed (a mesh rebuild, an
  // Envoy connecting or going away), so callers can cache them and the EnvoyModel pointers.
  uint64_t topology_version() const { return topology_version_; }

 private:
  struct EnvoyEntry {
    std::unique_ptr<EnvoyModel> envoy;
    std::set<std::string> clusters;  // upstream virtual nodes it is subscribed to
    uint64_t connection_id = 0;      // a new one per stream: pushes to an old stream are dropped
    TimerPtr reconnect;              // set by DisconnectEnvoy(..., reconnect_after)
  };
  // A response that has left the control plane's queue for one Envoy.
  struct PendingPush {
    std::string pod_key;
    uint64_t connection_id = 0;
    ClusterLoadAssignmentPtr assignment;
    std::string nonce;
  };
  struct Discovery {
    TimerPtr timer;
    ClusterLoadAssignmentPtr current;
    bool in_flight = false;
    uint64_t generation = 0;  // tells a response for an earlier incarnation of this state
    // The last successful answer; `current` holds its endpoints once it was handled.
    DiscoveryMemo last_answer;
    InstanceEndpoints endpoints_of;  // turns a changed answer into endpoints
    // The poll's request, built for the virtual node's serviceDiscovery `request_for`: it
    // rarely changes, and building the request (strings, a map) on every poll of every
    // virtual node was a visible part of scale-10k's 264,000 polls. Compared by value, not by
    // resourceVersion: the controller's annotation writes change that, not the request.
    std::optional<appmesh::AwsCloudMapServiceDiscovery> request_for;
    cloudmap::DiscoverInstancesRequest request;
  };

  // Mesh objects and pods. A burst of mesh events (a relist, kubectl apply of a manifest)
  // costs one graph rebuild: ScheduleMeshRebuild posts OnMeshChanged once per burst.
  template <class T>
  void OnMeshEvent(const WatchEvent<T>& event, const T* previous);
  void ScheduleMeshRebuild();
  void OnMeshChanged();
  void OnPodEvent(const WatchEvent<kube::Pod>& event);
  void MaybeConnect(const std::string& pod_key, const kube::Pod& pod);
  void Disconnect(const std::string& pod_key, const char* reason);
  // Returns the key of the only virtual node selecting `pod`, or "" (none or several).
  std::string SelectingVirtualNode(const kube::Pod& pod) const;
  // Brings an Envoy's subscriptions in line with the graph; pushes snapshots of new clusters.
  void SyncClusters(const std::string& pod_key, EnvoyEntry& entry);
  // Starts polling newly needed virtual nodes and stops polling unneeded ones.
  void SyncDiscovery();

  // Discovery and push (control_plane_discovery.cc).
  void Poll(const std::string& vn_key);
  void OnDiscovered(const std::string& vn_key, uint64_t generation,
                    const Result<cloudmap::DiscoverInstancesResponse>& result);
  void Publish(const std::string& vn_key, Discovery& state, std::vector<Endpoint> endpoints);
  // Pushes a cluster's current snapshot to every connected Envoy subscribed to it.
  void PushToDownstreams(const std::string& vn_key, const ClusterLoadAssignmentPtr& snapshot);
  // The debounce ran out (push_debounce): pushes every cluster that changed during the wait.
  void PushDebounced();
  void Push(const std::string& pod_key, const EnvoyEntry& entry,
            const ClusterLoadAssignmentPtr& assignment);
  Duration FirstPollDelay(const std::string& vn_key) const;
  // Hands a due push to the Envoy, or holds it (stall, partition), or drops it (stale stream).
  void Deliver(PendingPush push);
  void SendStateOfTheWorld(const std::string& pod_key, EnvoyEntry& entry);

  Dispatcher& dispatcher_;
  Random& random_;
  Tracer& tracer_;
  CloudMapClient& cloudmap_;
  ControlPlaneOptions options_;
  internal::MeshInformer<appmesh::VirtualNode> virtual_nodes_;
  internal::MeshInformer<appmesh::VirtualService> virtual_services_;
  internal::MeshInformer<appmesh::VirtualRouter> virtual_routers_;
  internal::MeshInformer<kube::Pod> pods_;

  // Replaced whole on every mesh change (Boost's adjacency_list has no cheap move-assign).
  std::unique_ptr<const MeshGraph> graph_ = std::make_unique<const MeshGraph>();
  std::map<std::string, EnvoyEntry> envoys_;                   // "namespace/pod"
  std::map<std::string, std::set<std::string>> envoys_by_vn_;  // VN key -> pod keys
  std::map<std::string, Discovery> discoveries_;               // VN key -> poll state
  // push_debounce only: the wait, and the clusters whose changes it holds.
  std::unique_ptr<Debouncer> push_debouncer_;
  std::set<std::string> debounced_clusters_;
  uint64_t next_connection_id_ = 1;
  uint64_t next_generation_ = 1;
  uint64_t next_version_ = 1;
  uint64_t next_nonce_ = 1;
  uint64_t topology_version_ = 1;
  bool running_ = false;
  bool rebuild_posted_ = false;
  // Whether a mesh object arrived, left or changed its spec since the last rebuild: a
  // posted rebuild without one has nothing to do.
  bool mesh_changed_ = true;
  // Whether SyncDiscovery's inputs may have changed since it last ran: the set of virtual
  // nodes with Envoys (the graph and the virtual nodes change only through a posted rebuild,
  // which runs it). A pod event re-ran it over every virtual node with Envoys, and at
  // scale-150k (5,000 such nodes, 150,000 pods starting) that was 94 % of the start-up.
  bool discovery_inputs_changed_ = true;
  // Faults (control_plane_faults.cc).
  bool stalled_ = false;
  MonotonicTime stall_until_;
  TimerPtr stall_timer_;                       // fires Resume; created on the first stall
  std::vector<PendingPush> stalled_pushes_;    // in the order they fell due
  std::set<std::string> partitioned_;          // "namespace/pod"
  std::map<std::string, std::map<std::string, PendingPush>> held_;  // pod key -> cluster -> push
  std::vector<TimerPtr> heal_timers_;
  // Replaced on Stop: scheduled pushes and Cloud Map callbacks of a stopped run are dropped.
  std::shared_ptr<char> lifetime_ = std::make_shared<char>(0);
};

}  // namespace meshsim::fakes
