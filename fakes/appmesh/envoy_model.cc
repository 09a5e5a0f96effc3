#include "fakes/appmesh/envoy_model.h"

#include <algorithm>
#include <utility>

#include "controller/api/check.h"

namespace meshsim::fakes {
namespace {

const std::string& EmptyString() {
  static const std::string kEmpty;
  return kEmpty;
}

const std::vector<Endpoint>& EndpointsOf(const ClusterLoadAssignmentPtr& cla) {
  static const std::vector<Endpoint> kNone;
  return cla ? cla->endpoints : kNone;
}

}  // namespace

EnvoyModel::EnvoyModel(Dispatcher& dispatcher, Random& random, Tracer& tracer, std::string node_id,
                       std::string virtual_node, Distribution apply_delay)
    : dispatcher_(dispatcher),
      random_(random),
      tracer_(tracer),
      node_id_(std::move(node_id)),
      virtual_node_(std::move(virtual_node)),
      apply_delay_(apply_delay) {}

std::vector<Endpoint> EnvoyModel::Endpoints(const std::string& cluster) const {
  auto it = clusters_.find(cluster);
  if (it == clusters_.end()) return {};
  return it->second.assignment->endpoints;
}

std::vector<std::string> EnvoyModel::Clusters() const {
  std::vector<std::string> out;
  for (const auto& [name, state] : clusters_) out.push_back(name);
  return out;
}

const std::string& EnvoyModel::version_info(const std::string& cluster) const {
  auto it = clusters_.find(cluster);
  return it == clusters_.end() ? EmptyString() : it->second.assignment->version;
}

const std::string& EnvoyModel::acked_nonce(const std::string& cluster) const {
  auto it = clusters_.find(cluster);
  return it == clusters_.end() ? EmptyString() : it->second.acked_nonce;
}

ClusterLoadAssignmentPtr EnvoyModel::Assignment(const std::string& cluster) const {
  auto it = clusters_.find(cluster);
  return it == clusters_.end() ? nullptr : it->second.assignment;
}

void EnvoyModel::StreamClosed(const std::string& reason) {
  if (!connected_) return;
  connected_ = false;
  tracer_.Record(TraceEvent("envoy", "EnvoyStreamClosed")
                     .With("envoy", node_id_)
                     .With("vn", virtual_node_)
                     .With("reason", reason));
}

void EnvoyModel::StreamOpened() {
  if (connected_) return;
  connected_ = true;
  tracer_.Record(
      TraceEvent("envoy", "EnvoyStreamOpened").With("envoy", node_id_).With("vn", virtual_node_));
}

void EnvoyModel::Receive(ClusterLoadAssignmentPtr assignment, std::string nonce) {
  MESHSIM_CHECK(connected_) << node_id_ << " received a response on a closed stream";
  uint64_t epoch = epochs_[assignment->cluster_name];
  Duration delay = apply_delay_.Sample(random_);
  std::weak_ptr<char> alive = lifetime_;
  dispatcher_.Schedule(
      delay, [this, alive, assignment = std::move(assignment), nonce = std::move(nonce), epoch] {
        if (alive.expired()) return;
        Apply(assignment, nonce, epoch);
      });
}

void EnvoyModel::RemoveCluster(const std::string& cluster) {
  ++epochs_[cluster];
  auto it = clusters_.find(cluster);
  if (it == clusters_.end()) return;
  tracer_.Record(TraceEvent("envoy", "ClusterRemoved")
                     .With("envoy", node_id_)
                     .With("cluster", cluster)
                     .With("removed", AddressesNotIn(EndpointsOf(it->second.assignment), {})));
  clusters_.erase(it);
}

void EnvoyModel::Apply(const ClusterLoadAssignmentPtr& assignment, const std::string& nonce,
                       uint64_t epoch) {
  const std::string& cluster = assignment->cluster_name;
  if (epochs_[cluster] != epoch) return;  // the cluster was removed after this was received
  ClusterState& state = clusters_[cluster];
  if (state.assignment && state.assignment->version_number >= assignment->version_number) {
    tracer_.Record(TraceEvent("envoy", "EdsIgnored")
                       .With("envoy", node_id_)
                       .With("cluster", cluster)
                       .With("version", assignment->version)
                       .With("applied_version", state.assignment->version));
    return;
  }
  std::string added, removed;
  if (state.assignment && assignment->previous_version_number != 0 &&
      state.assignment->version_number == assignment->previous_version_number) {
    // Applied over the snapshot it replaced: the control plane diffed the two once for all.
    added = assignment->added_since_previous;
    removed = assignment->removed_since_previous;
  } else {
    added = AddressesNotIn(assignment->endpoints, EndpointsOf(state.assignment));
    removed = AddressesNotIn(EndpointsOf(state.assignment), assignment->endpoints);
  }
  state.assignment = assignment;
  state.acked_nonce = nonce;
  tracer_.Record(TraceEvent("envoy", "EdsApplied")
                     .With("envoy", node_id_)
                     .With("cluster", cluster)
                     .With("version", assignment->version)
                     .With("nonce", nonce)
                     .With("count", static_cast<int64_t>(assignment->endpoints.size()))
                     .With("added", added)
                     .With("removed", removed));
}

}  // namespace meshsim::fakes
