#include "controller/api/time.h"

#include <cstdio>

namespace meshsim {

std::string FormatDuration(Duration d) {
  int64_t ns = d.count();
  std::string sign = ns < 0 ? "-" : "";
  if (ns < 0) ns = -ns;
  char buf[64];
  if (ns < 1'000) {
    std::snprintf(buf, sizeof buf, "%lldns", static_cast<long long>(ns));
  } else if (ns < 999'500) {  // below this %.3g would print 1e+03us
    std::snprintf(buf, sizeof buf, "%.3gus", ns / 1e3);
  } else if (ns < 999'500'000) {
    std::snprintf(buf, sizeof buf, "%.3gms", ns / 1e6);
  } else if (ns < 60'000'000'000) {
    std::snprintf(buf, sizeof buf, "%.4gs", ns / 1e9);
  } else {
    int64_t s = ns / 1'000'000'000;
    int64_t h = s / 3600, m = (s % 3600) / 60, sec = s % 60;
    if (h > 0) {
      std::snprintf(buf, sizeof buf, "%lldh%lldm%llds", static_cast<long long>(h),
                    static_cast<long long>(m), static_cast<long long>(sec));
    } else {
      std::snprintf(buf, sizeof buf, "%lldm%llds", static_cast<long long>(m),
                    static_cast<long long>(sec));
    }
  }
  return sign + buf;
}

}  // namespace meshsim
