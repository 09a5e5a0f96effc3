// File: fakes/k8s/workload_types.h
//
// Kubernetes workload and service shapes (apps/v1 Deployment and ReplicaSet, core/v1 Service)
// as value types with the API's field names in snake_case. Only the fake API server, its
// built-in controllers and the scenario loader use them; the reconciler never does.
//
// Example:
//   kube::Deployment d;
//   d.metadata = {.name = "colorapp-blue", .namespace_name = "howto-k8s-cloudmap"};
//   d.spec.replicas = 1;
//   d.spec.selector.match_labels = {{"app", "colorapp"}, {"version", "blue"}};
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "controller/api/kube_types.h"

namespace meshsim::kube {

struct PodTemplateSpec {
  ObjectMeta metadata;  // labels and annotations only
  PodSpec spec;
  friend bool operator==(const PodTemplateSpec&, const PodTemplateSpec&) = default;
};

// An absolute count or a percentage ("25%"), as intstr.IntOrString.
struct IntOrPercent {
  int32_t value = 0;
  bool percent = false;
  // Resolves against `total`; percentages round up for surge and down for unavailable,
  // as the deployment controller does (`round_up`).
  int32_t Resolve(int32_t total, bool round_up) const;
  friend bool operator==(const IntOrPercent&, const IntOrPercent&) = default;
};

struct RollingUpdateStrategy {
  IntOrPercent max_surge{25, true};
  IntOrPercent max_unavailable{25, true};
  friend bool operator==(const RollingUpdateStrategy&, const RollingUpdateStrategy&) = default;
};

struct DeploymentStrategy {
  std::string type = "RollingUpdate";  // or "Recreate"
  RollingUpdateStrategy rolling_update;
  friend bool operator==(const DeploymentStrategy&, const DeploymentStrategy&) = default;
};

struct DeploymentSpec {
  int32_t replicas = 1;
  LabelSelector selector;
  PodTemplateSpec template_;
  DeploymentStrategy strategy;
  int32_t min_ready_seconds = 0;
  int32_t revision_history_limit = 10;
  friend bool operator==(const DeploymentSpec&, const DeploymentSpec&) = default;
};

struct DeploymentStatus {
  int64_t observed_generation = 0;
  int32_t replicas = 0;
  int32_t updated_replicas = 0;
  int32_t ready_replicas = 0;
  int32_t available_replicas = 0;
  int32_t collision_count = 0;
  friend bool operator==(const DeploymentStatus&, const DeploymentStatus&) = default;
};

struct Deployment {
  ObjectMeta metadata;
  DeploymentSpec spec;
  DeploymentStatus status;
  friend bool operator==(const Deployment&, const Deployment&) = default;
};

struct ReplicaSetSpec {
  int32_t replicas = 0;
  LabelSelector selector;
  PodTemplateSpec template_;
  int32_t min_ready_seconds = 0;
  friend bool operator==(const ReplicaSetSpec&, const ReplicaSetSpec&) = default;
};

struct ReplicaSetStatus {
  int32_t replicas = 0;
  int32_t ready_replicas = 0;
  int32_t available_replicas = 0;
  friend bool operator==(const ReplicaSetStatus&, const ReplicaSetStatus&) = default;
};

struct ReplicaSet {
  ObjectMeta metadata;  // labels include pod-template-hash; owner is the Deployment
  ReplicaSetSpec spec;
  ReplicaSetStatus status;
  friend bool operator==(const ReplicaSet&, const ReplicaSet&) = default;
};

struct ServicePort {
  std::string name;
  int32_t port = 0;
  int32_t target_port = 0;
  std::string protocol = "TCP";
  friend bool operator==(const ServicePort&, const ServicePort&) = default;
};

struct ServiceSpec {
  std::optional<Labels> selector;
  std::vector<ServicePort> ports;
  std::string type = "ClusterIP";
  std::string cluster_ip;
  friend bool operator==(const ServiceSpec&, const ServiceSpec&) = default;
};

struct Service {
  ObjectMeta metadata;
  ServiceSpec spec;
  friend bool operator==(const Service&, const Service&) = default;
};

}  // namespace meshsim::kube
