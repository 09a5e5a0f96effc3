#include "tools/cli/merge_command.h"

#include <fstream>
#include <sstream>

#include "tools/cli/commands.h"
#include "tools/repro/sweep_report.h"

namespace meshsim::cli {

int MergeCommand(const CommandLine& cl, std::ostream& out, std::ostream& err) {
  std::optional<std::string> out_path = cl.Get("--out");
  if (cl.args.empty() || !out_path) {
    err << "meshsim merge: expected results files and --out PATH (see 'meshsim help')\n";
    return kExitBadInput;
  }
  std::vector<repro::SweepReport> parts;
  for (const std::string& path : cl.args) {
    std::ifstream f(path, std::ios::binary);
    std::stringstream text;
    text << f.rdbuf();
    if (!f) {
      err << "meshsim merge: cannot read " << path << "\n";
      return kExitBadInput;
    }
    Result<repro::SweepReport> part = repro::ParseReport(text.str(), path);
    if (!part.ok()) {
      err << "meshsim merge: " << part.status().message() << "\n";
      return kExitBadInput;
    }
    parts.push_back(std::move(*part));
  }
  Result<repro::SweepReport> merged = repro::MergeReports(std::move(parts));
  if (!merged.ok()) {
    err << "meshsim merge: " << merged.status().message() << "\n";
    return kExitBadInput;
  }
  std::ofstream f(*out_path, std::ios::binary);
  f << repro::ReportJson(*merged);
  if (!f) {
    err << "meshsim merge: cannot write " << *out_path << "\n";
    return kExitBadInput;
  }
  out << repro::SummaryText(*merged);
  for (const auto& r : merged->runs) out << repro::FailureLines(r);
  bool all_passed = std::all_of(merged->runs.begin(), merged->runs.end(),
                                [](const repro::SeedResult& r) { return r.ok(); });
  return all_passed ? kExitOk : kExitAssertionFailed;
}

}  // namespace meshsim::cli
