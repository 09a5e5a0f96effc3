#include "fakes/appmesh/discovery_memo.h"

#include <algorithm>

namespace meshsim::fakes {

bool DiscoveryMemo::Unchanged(const std::vector<cloudmap::HttpInstanceSummary>& instances,
                              int32_t default_port) {
  scratch_.clear();
  scratch_.reserve(instances.size());
  for (const auto& inst : instances) {
    scratch_.emplace_back(inst.attributes.shared().get(), inst.health_status);
  }
  std::sort(scratch_.begin(), scratch_.end());
  if (valid_ && default_port == default_port_ && scratch_ == key_) return true;
  // Hold the new answer's maps before dropping the old ones: a pointer in the key always
  // names a live map.
  std::vector<std::shared_ptr<const cloudmap::Attributes>> held;
  held.reserve(instances.size());
  for (const auto& inst : instances) held.push_back(inst.attributes.shared());
  held_.swap(held);
  key_.swap(scratch_);
  default_port_ = default_port;
  valid_ = true;
  return false;
}

void DiscoveryMemo::Clear() {
  valid_ = false;
  key_.clear();
  held_.clear();
}

}  // namespace meshsim::fakes
