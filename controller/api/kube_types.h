// File: controller/api/kube_types.h
//
// Kubernetes core/v1 shapes the controller reads (Pod, Node, Namespace) and the metadata and
// label-selector types shared by every object, as value types with the API's field names in
// snake_case. Workload kinds (Deployment, ReplicaSet, Service) live with the fake API in
// fakes/k8s, since the controller never reads them.
//
// Example:
//   kube::LabelSelector sel{.match_labels = {{"app", "colorapp"}, {"version", "blue"}}};
//   if (sel.Matches(pod.metadata.labels)) ...
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "controller/api/time.h"

namespace meshsim::kube {

using Labels = std::map<std::string, std::string>;

struct OwnerReference {
  std::string api_version;
  std::string kind;
  std::string name;
  std::string uid;
  bool controller = false;
  friend bool operator==(const OwnerReference&, const OwnerReference&) = default;
};

struct ObjectMeta {
  std::string name;
  std::string namespace_name;  // empty for cluster-scoped objects
  std::string uid;
  int64_t resource_version = 0;  // set by the API server on every write
  int64_t generation = 0;        // bumped by the API server on spec changes
  Labels labels;
  std::map<std::string, std::string> annotations;
  std::vector<std::string> finalizers;
  std::vector<OwnerReference> owner_references;
  std::optional<SystemTime> creation_timestamp;
  std::optional<SystemTime> deletion_timestamp;
  std::optional<int64_t> deletion_grace_period_seconds;
  friend bool operator==(const ObjectMeta&, const ObjectMeta&) = default;
};

// "namespace/name", or "name" for cluster-scoped objects: the key of caches and work queues.
std::string KeyOf(const ObjectMeta& meta);

struct LabelSelectorRequirement {
  enum class Operator { kIn, kNotIn, kExists, kDoesNotExist };
  std::string key;
  Operator op = Operator::kIn;
  std::vector<std::string> values;
  friend bool operator==(const LabelSelectorRequirement&, const LabelSelectorRequirement&) = default;
};

struct LabelSelector {
  Labels match_labels;
  std::vector<LabelSelectorRequirement> match_expressions;

  // Returns true when `labels` satisfy every matchLabels entry and every expression. An empty
  // selector matches everything (metav1.LabelSelectorAsSelector); "no selector at all" is
  // modelled by the caller as std::optional<LabelSelector> without a value.
  bool Matches(const Labels& labels) const;
  friend bool operator==(const LabelSelector&, const LabelSelector&) = default;
};

enum class ConditionStatus { kTrue, kFalse, kUnknown };

struct PodCondition {
  std::string type;  // "PodScheduled", "Initialized", "ContainersReady", "Ready", or a gate's
  ConditionStatus status = ConditionStatus::kUnknown;
  std::optional<SystemTime> last_transition_time;
  std::string reason;
  friend bool operator==(const PodCondition&, const PodCondition&) = default;
};

enum class PodPhase { kPending, kRunning, kSucceeded, kFailed, kUnknown };
enum class RestartPolicy { kAlways, kOnFailure, kNever };

const char* ToString(PodPhase phase);       // "Pending", "Running", ...
const char* ToString(RestartPolicy policy);  // "Always", ...
const char* ToString(ConditionStatus s);     // "True", "False", "Unknown"

struct ContainerPort {
  std::string name;
  int32_t container_port = 0;
  std::string protocol = "TCP";
  friend bool operator==(const ContainerPort&, const ContainerPort&) = default;
};

struct EnvVar {
  std::string name;
  std::string value;
  friend bool operator==(const EnvVar&, const EnvVar&) = default;
};

struct Container {
  std::string name;
  std::string image;
  std::vector<ContainerPort> ports;
  std::vector<EnvVar> env;
  friend bool operator==(const Container&, const Container&) = default;
};

struct PodSpec {
  std::vector<Container> init_containers;
  std::vector<Container> containers;
  RestartPolicy restart_policy = RestartPolicy::kAlways;
  std::string node_name;
  std::vector<std::string> readiness_gates;  // condition types
  int64_t termination_grace_period_seconds = 30;
  friend bool operator==(const PodSpec&, const PodSpec&) = default;
};

struct ContainerStatus {
  std::string name;
  bool ready = false;
  bool started = false;
  int32_t restart_count = 0;
  friend bool operator==(const ContainerStatus&, const ContainerStatus&) = default;
};

struct PodStatus {
  PodPhase phase = PodPhase::kPending;
  std::string pod_ip;
  std::string host_ip;
  std::vector<PodCondition> conditions;
  std::vector<ContainerStatus> container_statuses;
  std::optional<SystemTime> start_time;

  // Returns the condition of that type, or nullptr.
  const PodCondition* FindCondition(const std::string& type) const;
  // Returns true when the condition of that type is present and True.
  bool IsConditionTrue(const std::string& type) const;
  friend bool operator==(const PodStatus&, const PodStatus&) = default;
};

struct Pod {
  ObjectMeta metadata;
  PodSpec spec;
  PodStatus status;
  friend bool operator==(const Pod&, const Pod&) = default;
};

struct NodeAddress {
  std::string type;  // "InternalIP", "Hostname", "InternalDNS"
  std::string address;
  friend bool operator==(const NodeAddress&, const NodeAddress&) = default;
};

struct Node {
  ObjectMeta metadata;  // labels carry topology.kubernetes.io/region and .../zone
  std::vector<NodeAddress> addresses;
  bool ready = true;
  bool unschedulable = false;
  friend bool operator==(const Node&, const Node&) = default;
};

struct Namespace {
  ObjectMeta metadata;
  friend bool operator==(const Namespace&, const Namespace&) = default;
};

// Well-known condition types.
inline constexpr char kContainersReady[] = "ContainersReady";
inline constexpr char kPodReady[] = "Ready";
inline constexpr char kPodScheduled[] = "PodScheduled";
inline constexpr char kPodInitialized[] = "Initialized";

}  // namespace meshsim::kube
