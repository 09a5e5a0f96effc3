#include "controller/api/kube_types.h"

#include <algorithm>

#include "controller/api/appmesh_types.h"

namespace meshsim::kube {

std::string KeyOf(const ObjectMeta& meta) {
  return meta.namespace_name.empty() ? meta.name : meta.namespace_name + "/" + meta.name;
}

namespace {

bool MatchesRequirement(const LabelSelectorRequirement& r, const Labels& labels) {
  auto it = labels.find(r.key);
  bool has = it != labels.end();
  auto in_values = [&] {
    return has && std::find(r.values.begin(), r.values.end(), it->second) != r.values.end();
  };
  switch (r.op) {
    case LabelSelectorRequirement::Operator::kIn: return in_values();
    case LabelSelectorRequirement::Operator::kNotIn: return !in_values();
    case LabelSelectorRequirement::Operator::kExists: return has;
    case LabelSelectorRequirement::Operator::kDoesNotExist: return !has;
  }
  return false;
}

}  // namespace

bool LabelSelector::Matches(const Labels& labels) const {
  for (const auto& [key, value] : match_labels) {
    auto it = labels.find(key);
    if (it == labels.end() || it->second != value) return false;
  }
  for (const auto& r : match_expressions) {
    if (!MatchesRequirement(r, labels)) return false;
  }
  return true;
}

const char* ToString(PodPhase phase) {
  switch (phase) {
    case PodPhase::kPending: return "Pending";
    case PodPhase::kRunning: return "Running";
    case PodPhase::kSucceeded: return "Succeeded";
    case PodPhase::kFailed: return "Failed";
    case PodPhase::kUnknown: return "Unknown";
  }
  return "Unknown";
}

const char* ToString(RestartPolicy policy) {
  switch (policy) {
    case RestartPolicy::kAlways: return "Always";
    case RestartPolicy::kOnFailure: return "OnFailure";
    case RestartPolicy::kNever: return "Never";
  }
  return "Always";
}

const char* ToString(ConditionStatus s) {
  switch (s) {
    case ConditionStatus::kTrue: return "True";
    case ConditionStatus::kFalse: return "False";
    case ConditionStatus::kUnknown: return "Unknown";
  }
  return "Unknown";
}

const PodCondition* PodStatus::FindCondition(const std::string& type) const {
  for (const auto& c : conditions) {
    if (c.type == type) return &c;
  }
  return nullptr;
}

bool PodStatus::IsConditionTrue(const std::string& type) const {
  const PodCondition* c = FindCondition(type);
  return c != nullptr && c->status == ConditionStatus::kTrue;
}

}  // namespace meshsim::kube

namespace meshsim::appmesh {

std::string Mesh::AwsName() const { return spec.aws_name.value_or(metadata.name); }

std::string VirtualNode::AwsName() const {
  return spec.aws_name.value_or(metadata.name + "_" + metadata.namespace_name);
}

const AwsCloudMapServiceDiscovery* VirtualNode::CloudMap() const {
  if (!spec.service_discovery || !spec.service_discovery->aws_cloud_map) return nullptr;
  return &*spec.service_discovery->aws_cloud_map;
}

}  // namespace meshsim::appmesh
