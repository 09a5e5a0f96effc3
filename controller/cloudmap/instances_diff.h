// File: controller/cloudmap/instances_diff.h
//
// The desired state of one VirtualNode's subset of a Cloud Map service, and the diff against
// the instances that exist (spec B.5-B.6.2; Go: instances_reconcile_task.go). The subset is the
// instances whose appmesh.k8s.aws/mesh and appmesh.k8s.aws/virtualNode attributes name this
// mesh and VN; nothing else in the service is ever touched. Attribute comparison ignores
// AWS_INIT_HEALTH_STATUS.
//
// Example:
//   std::map<std::string, cloudmap::Attributes> storage;
//   const auto& subset = SubsetOf(existing, "howto-k8s-cloudmap", "front_howto", &storage);
//   for (const PlannedOp& op : DiffInstances(request, subset)) Start(op);
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "controller/api/cloudmap_types.h"

namespace meshsim::controller {

struct DesiredInstance {
  std::string pod_name;
  // Without AWS_INIT_HEALTH_STATUS. Shared: the map of a pod whose inputs did not change is
  // the one the previous reconcile built (InstanceAttributesMemo, attributes.h).
  cloudmap::SharedAttributes attributes;
};

struct SubsetRequest {
  std::string vn_key;  // namespace/name, for traces
  std::string service_id;
  std::string mesh_aws_name;
  std::string vn_aws_name;
  std::map<std::string, DesiredInstance> ready;      // instance id (pod IP) -> desired
  std::map<std::string, DesiredInstance> not_ready;  // empty unless the service has custom HC
  // AWS_INIT_HEALTH_STATUS of a new registration (ControllerOptions::init_health_status).
  std::string new_instance_init_health = "HEALTHY";
  // "<meshAwsName>/<vnAwsName>".
  std::string SubsetId() const { return mesh_aws_name + "/" + vn_aws_name; }
};

struct PlannedOp {
  enum class Kind { kRegister, kDeregister };
  Kind kind = Kind::kRegister;
  std::string instance_id;
  std::string pod_name;             // empty for a deregistration of an unknown pod
  cloudmap::Attributes attributes;  // for kRegister: with AWS_INIT_HEALTH_STATUS
  std::string reason;  // "new", "attributes-changed", "not-desired"
  friend bool operator==(const PlannedOp&, const PlannedOp&) = default;
};

// Instances of `all` that belong to the mesh/VN subset (filtered in place).
std::map<std::string, cloudmap::Attributes> FilterSubset(
    std::map<std::string, cloudmap::Attributes> all, const std::string& mesh_aws_name,
    const std::string& vn_aws_name);

// The subset of `all` without copying it when it is all of `all` (one VirtualNode per service,
// the usual case: the reconciler re-diffs a 1,000-instance service after every completed
// operation): returns `all` itself then, else FilterSubset's copy, kept in `*storage`.
// The result lives as long as the one it names (`all` or `*storage`).
const std::map<std::string, cloudmap::Attributes>& SubsetOf(
    const std::map<std::string, cloudmap::Attributes>& all, const std::string& mesh_aws_name,
    const std::string& vn_aws_name, std::map<std::string, cloudmap::Attributes>* storage);

// Registrations (ready: new or changed; not-ready: changed only) and deregistrations (subset
// instances in neither set): ready registrations, then not-ready ones, then deregistrations,
// each by instance id. Instances in `skip` (those with an operation in flight) are not planned.
std::vector<PlannedOp> DiffInstances(const SubsetRequest& desired,
                                     const std::map<std::string, cloudmap::Attributes>& subset,
                                     const std::set<std::string>& skip = {});

// What DiffInstances(desired, SubsetOf(all, ...), skip) plans for the instances `ids`, in the
// same order, looking at nothing else: the reconciler's re-diff after a completed operation,
// where only the instances that changed since the last diff (or left `skip`) can need one
// (`all` is the whole service; an instance outside the subset counts as absent).
std::vector<PlannedOp> DiffInstancesAmong(const SubsetRequest& desired,
                                          const std::map<std::string, cloudmap::Attributes>& all,
                                          const std::set<std::string>& ids,
                                          const std::set<std::string>& skip);

// Returns true when the plan for an instance under `now` depends on nothing but its own
// entries and its existing instance as under `before`: same service, subset and init health of
// new registrations.
bool SameDiffScope(const SubsetRequest& before, const SubsetRequest& now);

// Adds to `ids` every instance id whose desired entry differs between the two requests (in
// either map: present in one only, another pod name or other attributes). DiffInstances plans
// the same for every other id under both, given the same existing instance and `skip`.
// Shared attribute maps compare by identity first (InstanceAttributesMemo hands a pod's
// unchanged map to the next reconcile), so this costs a walk of the ids, not of the maps.
void AddChangedDesired(const SubsetRequest& before, const SubsetRequest& now,
                       std::set<std::string>* ids);

}  // namespace meshsim::controller
