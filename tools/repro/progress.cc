#include "tools/repro/progress.h"

#include <algorithm>
#include <cstdio>

#include "tools/repro/sweep_report.h"

namespace meshsim::repro {
namespace {

std::string FormatEta(double seconds) {
  long s = static_cast<long>(seconds + 0.5);
  char buf[32];
  if (s >= 3600) {
    std::snprintf(buf, sizeof buf, "%ldh%02ldm", s / 3600, (s % 3600) / 60);
  } else if (s >= 60) {
    std::snprintf(buf, sizeof buf, "%ldm%02lds", s / 60, s % 60);
  } else {
    std::snprintf(buf, sizeof buf, "%lds", s);
  }
  return buf;
}

}  // namespace

SweepProgress::SweepProgress(std::ostream& out, bool terminal, size_t total)
    : out_(out), terminal_(terminal), total_(total), started_(std::chrono::steady_clock::now()) {
  last_.total = total;
}

std::string SweepProgress::StatusLine(const SweepCounts& c, double elapsed_s, int width) {
  int filled = c.total == 0 ? width : static_cast<int>(width * c.done / c.total);
  std::string bar = "[" + std::string(filled, '#') + std::string(width - filled, '-') + "]";
  double rate = elapsed_s > 0 ? c.done / elapsed_s : 0;
  std::string eta = rate > 0 ? FormatEta((c.total - c.done) / rate) : "?";
  char buf[160];
  std::snprintf(buf, sizeof buf, "%s %zu/%zu seeds, %zu failed, %.1f seeds/s, ETA %s",
                bar.c_str(), c.done, c.total, c.failures, rate, eta.c_str());
  return buf;
}

void SweepProgress::Update(const SeedResult& result, const SweepCounts& counts) {
  last_ = counts;
  double elapsed =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
  if (terminal_) {
    // Clear the status line, print failures above it, redraw it.
    out_ << "\r\033[K" << FailureLines(result) << StatusLine(counts, elapsed) << std::flush;
    return;
  }
  out_ << FailureLines(result);
  if (counts.done >= next_plain_report_ || counts.done == total_) {
    out_ << "meshsim sweep: " << StatusLine(counts, elapsed, 0).substr(3) << "\n";
    next_plain_report_ = counts.done + std::max<size_t>(1, total_ / 10);
  }
  out_ << std::flush;
}

void SweepProgress::Finish() {
  double elapsed =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
  if (terminal_) out_ << "\r\033[K" << StatusLine(last_, elapsed) << "\n";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.2fs", elapsed);
  out_ << "meshsim sweep: " << last_.done << " seeds in " << buf << " (wall), " << last_.failures
       << " failed\n";
}

}  // namespace meshsim::repro
