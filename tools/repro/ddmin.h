// File: tools/repro/ddmin.h
//
// Zeller and Hildebrandt's delta debugging (ddmin) over a list of removable units: finds a
// 1-minimal subset for which `still_fails` holds (removing any single unit of the result makes
// the failure go away), given that it holds for the whole list. Units are indexes; the test
// sees the kept indexes in ascending order, so a candidate keeps the file's order.
//
// Example:
//   std::vector<size_t> kept = DeltaDebug(timeline.size(), [&](const std::vector<size_t>& k) {
//     return RunFails(ScenarioKeeping(k));
//   });
#pragma once

#include <cstddef>
#include <functional>
#include <vector>

namespace meshsim::repro {

// REQUIRES: still_fails(all indexes) is true (not re-checked). Tries the empty set first.
std::vector<size_t> DeltaDebug(size_t units,
                               const std::function<bool(const std::vector<size_t>&)>& still_fails);

}  // namespace meshsim::repro
