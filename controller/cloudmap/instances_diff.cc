#include "controller/cloudmap/instances_diff.h"

#include <algorithm>

#include "controller/cloudmap/attributes.h"

namespace meshsim::controller {

std::map<std::string, cloudmap::Attributes> FilterSubset(
    std::map<std::string, cloudmap::Attributes> all, const std::string& mesh_aws_name,
    const std::string& vn_aws_name) {
  std::erase_if(all, [&](const auto& entry) {
    return !InSubset(entry.second, mesh_aws_name, vn_aws_name);
  });
  return all;
}

const std::map<std::string, cloudmap::Attributes>& SubsetOf(
    const std::map<std::string, cloudmap::Attributes>& all, const std::string& mesh_aws_name,
    const std::string& vn_aws_name, std::map<std::string, cloudmap::Attributes>* storage) {
  bool whole = std::all_of(all.begin(), all.end(), [&](const auto& entry) {
    return InSubset(entry.second, mesh_aws_name, vn_aws_name);
  });
  if (whole) return all;
  *storage = FilterSubset(all, mesh_aws_name, vn_aws_name);
  return *storage;
}

namespace {

// Plans a (re)registration of `id` when needed. `new_init` is the init health status of a new
// registration, `default_init` that of a re-registration whose existing instance has none.
void PlanRegistration(const std::string& id, const DesiredInstance& want,
                      const std::map<std::string, cloudmap::Attributes>& subset,
                      bool register_when_absent, const std::string& new_init,
                      const char* default_init, std::vector<PlannedOp>* out) {
  auto it = subset.find(id);
  if (it == subset.end()) {
    if (!register_when_absent) return;  // not-ready pods are never newly registered
    cloudmap::Attributes attrs = want.attributes;
    attrs[kAttrInitHealth] = new_init;
    out->push_back({PlannedOp::Kind::kRegister, id, want.pod_name, attrs, "new"});
    return;
  }
  if (SameAttributesIgnoringInitHealth(it->second, want.attributes)) return;
  cloudmap::Attributes attrs = want.attributes;
  auto init = it->second.find(kAttrInitHealth);
  attrs[kAttrInitHealth] = init != it->second.end() ? init->second : default_init;
  out->push_back({PlannedOp::Kind::kRegister, id, want.pod_name, attrs, "attributes-changed"});
}

}  // namespace

std::vector<PlannedOp> DiffInstances(const SubsetRequest& desired,
                                     const std::map<std::string, cloudmap::Attributes>& subset,
                                     const std::set<std::string>& skip) {
  std::vector<PlannedOp> ops;
  for (const auto& [id, want] : desired.ready) {
    if (skip.count(id)) continue;
    PlanRegistration(id, want, subset, true, desired.new_instance_init_health, "HEALTHY", &ops);
  }
  for (const auto& [id, want] : desired.not_ready) {
    if (skip.count(id)) continue;
    PlanRegistration(id, want, subset, false, desired.new_instance_init_health, "UNHEALTHY",
                     &ops);
  }
  for (const auto& [id, attrs] : subset) {
    if (skip.count(id) || desired.ready.count(id) || desired.not_ready.count(id)) continue;
    auto pod = attrs.find(kAttrPod);
    ops.push_back({PlannedOp::Kind::kDeregister, id, pod == attrs.end() ? "" : pod->second, {},
                   "not-desired"});
  }
  return ops;
}

}  // namespace meshsim::controller
