#include "fakes/appmesh/control_plane.h"

#include <utility>

#include "controller/api/check.h"

namespace meshsim::fakes {
namespace {

constexpr char kEnvoyContainer[] = "envoy";

bool HasEnvoyContainer(const kube::Pod& pod) {
  for (const auto& c : pod.spec.containers) {
    if (c.name == kEnvoyContainer) return true;
  }
  return false;
}

bool IsTerminal(const kube::Pod& pod) {
  return pod.status.phase == kube::PodPhase::kSucceeded ||
         pod.status.phase == kube::PodPhase::kFailed;
}

}  // namespace

AppMeshControlPlane::AppMeshControlPlane(Dispatcher& dispatcher, Random& random, Tracer& tracer,
                                         CloudMapClient& cloudmap,
                                         ResourceClient<appmesh::VirtualNode>& virtual_nodes,
                                         ResourceClient<appmesh::VirtualService>& virtual_services,
                                         ResourceClient<appmesh::VirtualRouter>& virtual_routers,
                                         ResourceClient<kube::Pod>& pods,
                                         ControlPlaneOptions options)
    : dispatcher_(dispatcher),
      random_(random),
      tracer_(tracer),
      cloudmap_(cloudmap),
      options_(std::move(options)),
      virtual_nodes_(dispatcher, tracer, virtual_nodes, "VirtualNode",
                     [this](const auto& e, const auto* previous) { OnMeshEvent(e, previous); }),
      virtual_services_(dispatcher, tracer, virtual_services, "VirtualService",
                        [this](const auto& e, const auto* previous) { OnMeshEvent(e, previous); }),
      virtual_routers_(dispatcher, tracer, virtual_routers, "VirtualRouter",
                       [this](const auto& e, const auto* previous) { OnMeshEvent(e, previous); }),
      pods_(dispatcher, tracer, pods, "Pod",
            [this](const WatchEvent<kube::Pod>& e, const kube::Pod*) { OnPodEvent(e); }) {
  MESHSIM_CHECK(options_.discovery_interval > Duration(0))
      << "discovery_interval must be positive: " << options_.discovery_interval.count();
  if (options_.push_debounce) {
    push_debouncer_ = std::make_unique<Debouncer>(dispatcher_, options_.push_debounce->after,
                                                  options_.push_debounce->max,
                                                  [this] { PushDebounced(); });
  }
}

AppMeshControlPlane::~AppMeshControlPlane() { Stop(); }

void AppMeshControlPlane::Start() {
  if (running_) return;
  running_ = true;
  lifetime_ = std::make_shared<char>(0);
  virtual_nodes_.Start();
  virtual_services_.Start();
  virtual_routers_.Start();
  pods_.Start();
  // The listed objects only scheduled a rebuild; do it now so Start leaves a settled state,
  // and so a restart resumes polling even when nothing changed while stopped.
  OnMeshChanged();
}

void AppMeshControlPlane::Stop() {
  if (!running_) return;
  running_ = false;
  rebuild_posted_ = false;
  lifetime_.reset();
  virtual_nodes_.Stop();
  virtual_services_.Stop();
  virtual_routers_.Stop();
  pods_.Stop();
  discoveries_.clear();
  discovery_inputs_changed_ = true;
  if (push_debouncer_) push_debouncer_->Cancel();
  debounced_clusters_.clear();
  stalled_pushes_.clear();  // unsent, like every other push of a stopped control plane
  held_.clear();
}

const EnvoyModel* AppMeshControlPlane::FindEnvoy(const std::string& namespace_name,
                                                 const std::string& pod_name) const {
  auto it = envoys_.find(namespace_name + "/" + pod_name);
  return it == envoys_.end() ? nullptr : it->second.envoy.get();
}

std::vector<const EnvoyModel*> AppMeshControlPlane::Envoys() const {
  std::vector<const EnvoyModel*> out;
  for (const auto& [key, entry] : envoys_) out.push_back(entry.envoy.get());
  return out;
}

std::vector<std::string> AppMeshControlPlane::TargetsOf(const std::string& namespace_name,
                                                        const std::string& virtual_service) const {
  return graph_->TargetsOf(namespace_name + "/" + virtual_service);
}

ClusterLoadAssignmentPtr AppMeshControlPlane::CurrentAssignment(const std::string& vn_key) const {
  auto it = discoveries_.find(vn_key);
  return it == discoveries_.end() ? nullptr : it->second.current;
}

template <class T>
void AppMeshControlPlane::OnMeshEvent(const WatchEvent<T>& event, const T* previous) {
  // Only an object's arrival, removal or spec feeds the graph and the pod selectors; the
  // controller's annotation and finalizer writes (one per virtual node, 10,000 at scale-150k)
  // left everything as it was but each rebuilt the graph and walked every pod.
  if (previous == nullptr || event.type == WatchEvent<T>::Type::kDeleted ||
      !(previous->spec == event.object.spec)) {
    mesh_changed_ = true;
  }
  ScheduleMeshRebuild();
}

void AppMeshControlPlane::ScheduleMeshRebuild() {
  if (rebuild_posted_ || !running_) return;
  rebuild_posted_ = true;
  std::weak_ptr<char> alive = lifetime_;
  // Posted for a spec-less change too, so the run's events (and OnPodEvent's view of
  // rebuild_posted_) stay those of a rebuild per burst.
  dispatcher_.Post([this, alive] {
    if (alive.expired() || !rebuild_posted_) return;
    if (mesh_changed_) {
      OnMeshChanged();
    } else {
      rebuild_posted_ = false;
    }
  });
}

void AppMeshControlPlane::OnMeshChanged() {
  rebuild_posted_ = false;
  mesh_changed_ = false;
  ++topology_version_;
  graph_ = std::make_unique<const MeshGraph>(virtual_nodes_.objects(), virtual_services_.objects(),
                                             virtual_routers_.objects());
  // A new or changed podSelector can make running pods meshable.
  for (const auto& [key, pod] : pods_.objects()) {
    if (!envoys_.count(key)) MaybeConnect(key, pod);
  }
  for (auto& [key, entry] : envoys_) SyncClusters(key, entry);
  SyncDiscovery();
}

void AppMeshControlPlane::OnPodEvent(const WatchEvent<kube::Pod>& event) {
  std::string key = kube::KeyOf(event.object.metadata);
  // The Envoy keeps serving through termination (preStop sleep), so a deletionTimestamp
  // changes nothing; only the object's removal or a terminal phase ends the ADS stream.
  if (event.type == WatchEvent<kube::Pod>::Type::kDeleted) {
    Disconnect(key, "PodDeleted");
  } else if (IsTerminal(event.object)) {
    Disconnect(key, kube::ToString(event.object.status.phase));
  } else if (!envoys_.count(key)) {
    MaybeConnect(key, event.object);
  }
  // While a rebuild is posted the virtual nodes may be ahead of the graph, and the old
  // code synced on every pod event then too: keep that, so the run is unchanged.
  if (discovery_inputs_changed_ || rebuild_posted_) SyncDiscovery();
}

std::string AppMeshControlPlane::SelectingVirtualNode(const kube::Pod& pod) const {
  const auto& vns = virtual_nodes_.objects();
  std::string prefix = pod.metadata.namespace_name + "/";
  std::string found;
  for (auto it = vns.lower_bound(prefix); it != vns.end() && it->first.starts_with(prefix); ++it) {
    const auto& selector = it->second.spec.pod_selector;
    if (!selector || !selector->Matches(pod.metadata.labels)) continue;
    if (!found.empty()) return "";  // ambiguous: the injector refuses such pods
    found = it->first;
  }
  return found;
}

void AppMeshControlPlane::MaybeConnect(const std::string& pod_key, const kube::Pod& pod) {
  if (pod.status.phase != kube::PodPhase::kRunning || pod.status.pod_ip.empty() ||
      pod.metadata.deletion_timestamp || !HasEnvoyContainer(pod)) {
    return;
  }
  std::string vn_key = SelectingVirtualNode(pod);
  if (vn_key.empty()) return;
  EnvoyEntry entry;
  entry.envoy = std::make_unique<EnvoyModel>(dispatcher_, random_, tracer_, pod.metadata.name,
                                             vn_key, options_.envoy_apply_delay);
  entry.connection_id = next_connection_id_++;
  tracer_.Record(TraceEvent("envoy", "EnvoyConnected")
                     .With("envoy", pod.metadata.name)
                     .With("namespace", pod.metadata.namespace_name)
                     .With("vn", vn_key)
                     .With("ip", pod.status.pod_ip));
  std::set<std::string>& vn_envoys = envoys_by_vn_[vn_key];
  if (vn_envoys.empty()) discovery_inputs_changed_ = true;  // the node's first Envoy
  vn_envoys.insert(pod_key);
  ++topology_version_;
  auto [it, inserted] = envoys_.emplace(pod_key, std::move(entry));
  SyncClusters(pod_key, it->second);
}

void AppMeshControlPlane::Disconnect(const std::string& pod_key, const char* reason) {
  auto it = envoys_.find(pod_key);
  if (it == envoys_.end()) return;
  const std::string& vn_key = it->second.envoy->virtual_node();
  auto by_vn = envoys_by_vn_.find(vn_key);
  if (by_vn != envoys_by_vn_.end()) {
    by_vn->second.erase(pod_key);
    if (by_vn->second.empty()) {
      envoys_by_vn_.erase(by_vn);
      discovery_inputs_changed_ = true;  // its last Envoy
    }
  }
  tracer_.Record(TraceEvent("envoy", "EnvoyDisconnected")
                     .With("envoy", it->second.envoy->node_id())
                     .With("vn", vn_key)
                     .With("reason", reason));
  held_.erase(pod_key);
  ++topology_version_;
  envoys_.erase(it);  // destroying the model drops its pending applies
}

void AppMeshControlPlane::SyncClusters(const std::string& pod_key, EnvoyEntry& entry) {
  const std::vector<std::string>& wanted = graph_->UpstreamsOf(entry.envoy->virtual_node());
  std::set<std::string> desired(wanted.begin(), wanted.end());
  for (auto it = entry.clusters.begin(); it != entry.clusters.end();) {
    if (desired.count(*it)) {
      ++it;
      continue;
    }
    // A closed stream learns of the removal from the state of the world on reconnect.
    if (entry.envoy->connected()) entry.envoy->RemoveCluster(*it);
    it = entry.clusters.erase(it);
  }
  for (const auto& cluster : desired) {
    if (!entry.clusters.insert(cluster).second) continue;
    // A known snapshot goes out now; otherwise the first discovery of that node pushes it.
    if (ClusterLoadAssignmentPtr current = CurrentAssignment(cluster)) {
      Push(pod_key, entry, current);
    }
  }
}

void AppMeshControlPlane::SyncDiscovery() {
  if (!running_) return;
  discovery_inputs_changed_ = false;
  std::set<std::string> needed;
  for (const auto& [vn_key, pods] : envoys_by_vn_) {
    for (const auto& up : graph_->UpstreamsOf(vn_key)) {
      auto vn = virtual_nodes_.objects().find(up);
      if (vn != virtual_nodes_.objects().end() && vn->second.CloudMap()) needed.insert(up);
    }
  }
  for (auto it = discoveries_.begin(); it != discoveries_.end();) {
    it = needed.count(it->first) ? std::next(it) : discoveries_.erase(it);
  }
  for (const auto& vn_key : needed) {
    if (discoveries_.count(vn_key)) continue;
    Discovery& state = discoveries_[vn_key];
    state.generation = next_generation_++;
    state.timer = dispatcher_.CreateTimer([this, vn_key] { Poll(vn_key); });
    state.timer->Enable(FirstPollDelay(vn_key));
  }
}

}  // namespace meshsim::fakes
