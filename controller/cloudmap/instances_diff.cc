#include "controller/cloudmap/instances_diff.h"

#include <algorithm>
#include <iterator>

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

// Plans a (re)registration of `id` when needed. `existing` is its subset instance, or null.
// `new_init` is the init health status of a new registration, `default_init` that of a
// re-registration whose existing instance has none.
void PlanRegistration(const std::string& id, const DesiredInstance& want,
                      const cloudmap::Attributes* existing, bool register_when_absent,
                      const std::string& new_init, const char* default_init,
                      std::vector<PlannedOp>* out) {
  if (existing == nullptr) {
    if (!register_when_absent) return;  // not-ready pods are never newly registered
    cloudmap::Attributes attrs = want.attributes;
    attrs[kAttrInitHealth] = new_init;
    out->push_back({PlannedOp::Kind::kRegister, id, want.pod_name, attrs, "new"});
    return;
  }
  if (SameAttributesIgnoringInitHealth(*existing, want.attributes)) return;
  cloudmap::Attributes attrs = want.attributes;
  auto init = existing->find(kAttrInitHealth);
  attrs[kAttrInitHealth] = init != existing->end() ? init->second : default_init;
  out->push_back({PlannedOp::Kind::kRegister, id, want.pod_name, attrs, "attributes-changed"});
}

const cloudmap::Attributes* Find(const std::map<std::string, cloudmap::Attributes>& instances,
                                 const std::string& id) {
  auto it = instances.find(id);
  return it == instances.end() ? nullptr : &it->second;
}

PlannedOp Deregistration(const std::string& id, const cloudmap::Attributes& attrs) {
  auto pod = attrs.find(kAttrPod);
  return {PlannedOp::Kind::kDeregister, id, pod == attrs.end() ? "" : pod->second, {},
          "not-desired"};
}

}  // namespace

std::vector<PlannedOp> DiffInstances(const SubsetRequest& desired,
                                     const std::map<std::string, cloudmap::Attributes>& subset,
                                     const std::set<std::string>& skip) {
  std::vector<PlannedOp> ops;
  for (const auto& [id, want] : desired.ready) {
    if (skip.count(id)) continue;
    PlanRegistration(id, want, Find(subset, id), true, desired.new_instance_init_health,
                     "HEALTHY", &ops);
  }
  for (const auto& [id, want] : desired.not_ready) {
    if (skip.count(id)) continue;
    PlanRegistration(id, want, Find(subset, id), false, desired.new_instance_init_health,
                     "UNHEALTHY", &ops);
  }
  for (const auto& [id, attrs] : subset) {
    if (skip.count(id) || desired.ready.count(id) || desired.not_ready.count(id)) continue;
    ops.push_back(Deregistration(id, attrs));
  }
  return ops;
}

std::vector<PlannedOp> DiffInstancesAmong(const SubsetRequest& desired,
                                          const std::map<std::string, cloudmap::Attributes>& all,
                                          const std::set<std::string>& ids,
                                          const std::set<std::string>& skip) {
  // One pass over the sorted ids fills DiffInstances' three groups, each in id order.
  std::vector<PlannedOp> ops, not_ready_ops, deregistrations;
  for (const std::string& id : ids) {
    if (skip.count(id)) continue;
    const cloudmap::Attributes* existing = Find(all, id);
    if (existing && !InSubset(*existing, desired.mesh_aws_name, desired.vn_aws_name)) {
      existing = nullptr;
    }
    auto ready = desired.ready.find(id);
    auto not_ready = desired.not_ready.find(id);
    if (ready != desired.ready.end()) {
      PlanRegistration(id, ready->second, existing, true, desired.new_instance_init_health,
                       "HEALTHY", &ops);
    }
    if (not_ready != desired.not_ready.end()) {
      PlanRegistration(id, not_ready->second, existing, false, desired.new_instance_init_health,
                       "UNHEALTHY", &not_ready_ops);
    }
    if (existing && ready == desired.ready.end() && not_ready == desired.not_ready.end()) {
      deregistrations.push_back(Deregistration(id, *existing));
    }
  }
  for (auto* group : {&not_ready_ops, &deregistrations}) {
    ops.insert(ops.end(), std::make_move_iterator(group->begin()),
               std::make_move_iterator(group->end()));
  }
  return ops;
}

bool SameDiffScope(const SubsetRequest& before, const SubsetRequest& now) {
  return before.service_id == now.service_id && before.mesh_aws_name == now.mesh_aws_name &&
         before.vn_aws_name == now.vn_aws_name &&
         before.new_instance_init_health == now.new_instance_init_health;
}

namespace {

void AddChangedEntries(const std::map<std::string, DesiredInstance>& before,
                       const std::map<std::string, DesiredInstance>& now,
                       std::set<std::string>* ids) {
  auto b = before.begin(), n = now.begin();
  while (b != before.end() || n != now.end()) {
    if (n == now.end() || (b != before.end() && b->first < n->first)) {
      ids->insert(b->first);
      ++b;
    } else if (b == before.end() || n->first < b->first) {
      ids->insert(n->first);
      ++n;
    } else {
      if (b->second.pod_name != n->second.pod_name ||
          !(b->second.attributes == n->second.attributes)) {
        ids->insert(n->first);
      }
      ++b;
      ++n;
    }
  }
}

}  // namespace

void AddChangedDesired(const SubsetRequest& before, const SubsetRequest& now,
                       std::set<std::string>* ids) {
  AddChangedEntries(before.ready, now.ready, ids);
  AddChangedEntries(before.not_ready, now.not_ready, ids);
}

}  // namespace meshsim::controller
