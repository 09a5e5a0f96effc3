#include "fakes/appmesh/discovery_memo.h"

namespace meshsim::fakes {

bool DiscoveryMemo::Unchanged(const std::vector<cloudmap::HttpInstanceSummary>& instances,
                              int32_t default_port) {
  if (valid_ && default_port == default_port_ && instances.size() == last_size_ &&
      last_.size() == last_size_) {
    // Equal sizes and every instance matching a distinct remembered map with its health:
    // the same maps, in some order.
    ++stamp_;
    bool same = true;
    for (const auto& inst : instances) {
      auto it = last_.find(inst.attributes.shared().get());
      if (it == last_.end() || it->second.health != inst.health_status ||
          it->second.matched_in == stamp_) {
        same = false;
        break;
      }
      it->second.matched_in = stamp_;
    }
    if (same) return true;
  }
  // The new answer's maps are held before the old ones are dropped (by the swap): a key of
  // last_ always names a live map.
  std::unordered_map<const cloudmap::Attributes*, Seen> next;
  next.reserve(instances.size());
  for (const auto& inst : instances) {
    next[inst.attributes.shared().get()] = {inst.attributes.shared(), inst.health_status, 0};
  }
  last_.swap(next);
  last_size_ = instances.size();
  default_port_ = default_port;
  valid_ = true;
  return false;
}

void DiscoveryMemo::Clear() {
  valid_ = false;
  last_.clear();
  last_size_ = 0;
}

}  // namespace meshsim::fakes
