// Fuzzes the multi-document Kubernetes / App Mesh manifest parser with ${VAR} substitution.
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>

#include "sim/scenario/loader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const std::map<std::string, std::string> kVars{{"APPMESH_APP_NAMESPACE", "howto"},
                                                        {"MESH_NAME", "howto-mesh"}};
  std::string text(reinterpret_cast<const char*>(data), size);
  auto manifests = meshsim::scenario::ParseManifests(text, "manifest.yaml", kVars);
  if (!manifests.ok() && manifests.status().message().empty()) __builtin_trap();
  return 0;
}
