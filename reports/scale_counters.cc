#include "reports/scale_counters.h"

#include <algorithm>
#include <string_view>

namespace meshsim::reports {
namespace {

// The text value of field `key`, or "" when absent or not text.
std::string_view Text(const TraceEvent& event, std::string_view key) {
  for (const auto& f : event.fields()) {
    if (f.key != key) continue;
    if (const auto* s = std::get_if<std::string>(&f.value)) return *s;
    return {};
  }
  return {};
}

}  // namespace

void ScaleCounters::Add(const TraceEvent& event) {
  const std::string& component = event.component();
  const std::string& name = event.name();
  if (component == "k8s" && name == "Write" && Text(event, "kind") == "Pod") {
    std::string_view verb = Text(event, "verb");
    if (verb == "Create") pods_peak_ = std::max(pods_peak_, ++pods_);
    if (verb == "Delete") --pods_;
  } else if (component == "envoy") {
    if (name == "EnvoyConnected") envoys_peak_ = std::max(envoys_peak_, ++envoys_);
    if (name == "EnvoyDisconnected") --envoys_;
  }
}

}  // namespace meshsim::reports
