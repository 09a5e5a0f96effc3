// File: sim/world/cloudmap_settings.h
//
// Reads settings.cloudmap into CloudMapOptions: the timings, the per-operation latencies
// (`latency.<Operation>`), the propagation delay, the rate limits (`rate_limit.<Operation>`:
// `off`, `100/s` or `100/s burst 200`), the adjustable quotas (`quota.namespaces`,
// `quota.instances_per_namespace`) and the injected errors (`error.<Code>.probability`,
// `.operation`, `.caller`, `.from`, `.until`). Every key is listed in docs/scenario-format.md.
//
// Example:
//   SettingsReader r("cloudmap", settings);
//   std::vector<std::string> errors;  // "file:line:column: error: ..." lines
//   ReadCloudMapSettings(r, settings, options.cloudmap, errors);
#pragma once

#include <string>
#include <vector>

#include "fakes/cloudmap/cloudmap_options.h"
#include "sim/scenario/settings_reader.h"

namespace meshsim::world {

// Consumes every settings.cloudmap key through `r` (which reports unknown keys); values
// SettingsReader cannot type (rate limits, probabilities) are checked here and their errors
// appended to `errors`.
void ReadCloudMapSettings(scenario::SettingsReader& r, const scenario::ComponentSettings& settings,
                          fakes::CloudMapOptions& o, std::vector<std::string>& errors);

}  // namespace meshsim::world
