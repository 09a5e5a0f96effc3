// Fuzzes the scenario loader from a buffer: YAML syntax, every section reader, the manifest
// files a scenario names (relative to a folder that does not exist, so they fail to read) and
// the reference checks. Any input must give a Scenario or positioned errors.
#include <cstddef>
#include <cstdint>
#include <string>

#include "sim/scenario/loader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  meshsim::Result<meshsim::scenario::Scenario> s =
      meshsim::scenario::ParseScenario(text, "/meshsim-fuzz-missing/scenario.yaml");
  if (!s.ok() && s.status().message().empty()) __builtin_trap();  // errors must say something
  return 0;
}
