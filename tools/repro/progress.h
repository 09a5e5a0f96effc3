// File: tools/repro/progress.h
//
// What a sweep shows while it runs. On a terminal: one status line redrawn in place, a bar with
// seeds done of total, failures, seeds per second and the time left; each failure is printed
// above it as it comes. Elsewhere (CI logs, pipes): each failure as a line, and a plain
// progress line at every tenth of the sweep. Rate and ETA use the wall clock: they describe
// the sweep, never a simulated run.
//
// Example:
//   SweepProgress progress(std::cerr, isatty(2), seeds.size());
//   options.on_result = [&](const SeedResult& r, const SweepCounts& c) { progress.Update(r, c); };
//   ... RunSweep ...
//   progress.Finish();
#pragma once

#include <chrono>
#include <cstddef>
#include <ostream>
#include <string>

#include "tools/repro/seed_run.h"
#include "tools/repro/sweep.h"

namespace meshsim::repro {

class SweepProgress {
 public:
  SweepProgress(std::ostream& out, bool terminal, size_t total);

  void Update(const SeedResult& result, const SweepCounts& counts);
  // Ends the status line (terminal) and prints the final counts and wall time.
  void Finish();

  // "[#####-----] 50/100 seeds, 2 failed, 12.5 seeds/s, ETA 4s" for a bar `width` wide.
  static std::string StatusLine(const SweepCounts& counts, double elapsed_s, int width = 30);

 private:
  std::ostream& out_;
  bool terminal_;
  size_t total_;
  size_t next_plain_report_ = 0;
  SweepCounts last_;
  std::chrono::steady_clock::time_point started_;
};

}  // namespace meshsim::repro
