// File: tools/repro/shrink.h
//
// Minimises a failing scenario for one seed while the same assertion still fails. It works
// on the YAML document, not on the loaded value types, so what it writes is a scenario file
// a user can read, edit and run: (1) keep only the failing assertion and drop the views;
// (2) delta-debug (ddmin.h) the entries of the timeline, churn, traffic and faults lists
// together; (3) simplify what is left, one change at a time, keeping each that still fails:
// drop a key of an entry (e.g. `every`), lower an integer (replicas, counts, rates) to 0, 1
// or half, and lower node-group counts. Every candidate is loaded with the loader and run;
// one that does not load, or does not fail that assertion in the same way (the same message
// once IPs, times and counts are masked: a candidate that removed what the check needs fails
// it vacuously, with another message), is rejected.
//
// Example:
//   Result<ShrinkResult> r = Shrink("scenarios/churn.yaml", {.seed = 17});
//   if (r.ok()) WriteFile("min.yaml", ShrunkScenarioFile("scenarios/churn.yaml", "min.yaml", 17,
//                                                         r->assertion, r->yaml));
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "controller/api/status.h"
#include "tools/repro/seed_run.h"

namespace meshsim::repro {

struct ShrinkOptions {
  uint64_t seed = 1;
  std::optional<std::string> assertion;  // default: the seed's first failed assertion
  RunHooks hooks;
  std::function<void(const std::string&)> log;  // one line per accepted step
};

struct ShrinkResult {
  std::string assertion;     // the assertion that fails, before and after
  std::string yaml;          // the smallest scenario, with `seed:` set; manifest paths as given
  size_t entries_before = 0;  // timeline/churn/traffic/faults entries
  size_t entries_after = 0;
  int runs = 0;               // simulations run while shrinking
  SeedResult final_run;       // the minimal scenario's run
};

// Fails with kInvalidArgument if the file does not load and kNotFound ("NothingToShrink") if the seed
// does not fail (the named assertion).
Result<ShrinkResult> Shrink(const std::string& scenario_path, const ShrinkOptions& options);

// The scenario file `meshsim shrink` writes: a header comment naming the source, seed and
// assertion, then `yaml` with its manifest paths rebased from `source_path` to `out_path`.
std::string ShrunkScenarioFile(const std::string& source_path, const std::string& out_path,
                               uint64_t seed, const std::string& assertion,
                               const std::string& yaml);

// Rewrites the `manifests:` paths of scenario text written for `from_path`'s folder so they
// resolve from `to_path`'s folder.
std::string RebaseManifestPaths(const std::string& yaml, const std::string& from_path,
                                const std::string& to_path);

}  // namespace meshsim::repro
