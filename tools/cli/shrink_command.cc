#include "tools/cli/shrink_command.h"

#include <fstream>

#include "tools/cli/commands.h"
#include "tools/repro/shrink.h"

namespace meshsim::cli {

int ShrinkCommand(const CommandLine& cl, std::ostream& out, std::ostream& err) {
  if (cl.args.size() != 1 || !cl.Has("--seed")) {
    err << "meshsim shrink: expected one scenario file and --seed N (see 'meshsim help')\n";
    return kExitBadInput;
  }
  Result<uint64_t> seed = ParseUnsigned("--seed", *cl.Get("--seed"));
  if (!seed.ok()) {
    err << "meshsim shrink: " << seed.status().message() << "\n";
    return kExitBadInput;
  }
  const std::string& file = cl.args[0];
  std::string out_path = cl.Get("--out").value_or(
      (file.ends_with(".yaml") ? file.substr(0, file.size() - 5) : file) + ".min.yaml");
  repro::ShrinkOptions options{.seed = *seed, .assertion = cl.Get("--assertion")};
  options.log = [&out](const std::string& line) { out << "meshsim shrink: " << line << "\n"; };
  Result<repro::ShrinkResult> r = repro::Shrink(file, options);
  if (!r.ok()) {
    err << "meshsim shrink: " << r.status().message() << "\n";
    return r.status().error_name() == "NothingToShrink" ? kExitAssertionFailed
                                                                : kExitBadInput;
  }
  std::ofstream f(out_path, std::ios::binary);
  f << repro::ShrunkScenarioFile(file, out_path, *seed, r->assertion, r->yaml);
  if (!f) {
    err << "meshsim shrink: cannot write " << out_path << "\n";
    return kExitBadInput;
  }
  out << "meshsim shrink: wrote " << out_path << ": " << r->entries_after << " of "
      << r->entries_before << " timeline/churn/traffic/fault entries kept, " << r->runs
      << " runs; seed " << *seed << " still fails '" << r->assertion << "'\n";
  return kExitOk;
}

}  // namespace meshsim::cli
