// Fuzzes duration ("1m30s") and distribution ("uniform(1s, 3s)") parsing: no crash, no
// overflow (UBSan), and a parsed duration is never negative.
#include <cstddef>
#include <cstdint>
#include <string>

#include "sim/scenario/loader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  auto d = meshsim::scenario::ParseDuration(text);
  if (d.ok() && d->count() < 0) __builtin_trap();
  (void)meshsim::scenario::ParseDistribution(text);
  return 0;
}
