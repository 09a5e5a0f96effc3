#include "fakes/k8s/workload_types.h"

namespace meshsim::kube {

int32_t IntOrPercent::Resolve(int32_t total, bool round_up) const {
  if (!percent) return value;
  int64_t scaled = static_cast<int64_t>(value) * total;
  // intstr.GetScaledValueFromIntOrPercent: ceil for surge, floor for unavailable.
  return static_cast<int32_t>(round_up ? (scaled + 99) / 100 : scaled / 100);
}

}  // namespace meshsim::kube
