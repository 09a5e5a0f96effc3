// File: tools/cli/resource_usage.h
//
// The process's peak resident set size, for `meshsim bench` and `meshsim run --summary-json`.
// It is the peak of the whole process so far (getrusage's ru_maxrss), so a benchmark that
// runs several scenarios in one process reports, for each, the peak up to its end.
//
// Example:
//   int64_t rss = PeakRssBytes();
#pragma once

#include <cstdint>

namespace meshsim::cli {

// ru_maxrss of RUSAGE_SELF in bytes (Linux reports kilobytes); 0 if getrusage fails.
int64_t PeakRssBytes();

}  // namespace meshsim::cli
