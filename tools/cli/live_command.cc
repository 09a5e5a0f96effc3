#include "tools/cli/live_command.h"

#include <fstream>

#include "sim/scenario/loader.h"
#include "tools/cli/commands.h"
#include "tools/live/live_world.h"

namespace meshsim::cli {

int LiveCommand(const CommandLine& cl, std::ostream& out, std::ostream& err) {
  if (cl.args.size() != 1) {
    err << "meshsim live: expected exactly one scenario file (see 'meshsim help')\n";
    return kExitBadInput;
  }
  live::LiveOptions options;
  options.endpoint_url = cl.Get("--cloudmap-endpoint").value_or("");
  if (auto d = cl.Get("--duration")) {
    Result<Duration> duration = scenario::ParseDuration(*d);
    if (!duration.ok()) {
      err << "meshsim live: --duration: " << duration.status().message() << "\n";
      return kExitBadInput;
    }
    options.duration = *duration;
  }
  std::ofstream trace_file;
  if (auto path = cl.Get("--trace")) {
    trace_file.open(*path, std::ios::binary);
    if (!trace_file) {
      err << "meshsim live: cannot write trace to " << *path << "\n";
      return kExitBadInput;
    }
    options.trace_sink = &trace_file;
  }
  Result<scenario::Scenario> s = scenario::LoadScenario(cl.args[0]);
  if (!s.ok()) {
    err << s.status().message() << "\n";
    return kExitBadInput;
  }
  auto world = live::LiveWorld::Create(*s, options, out);
  if (!world.ok()) {
    err << "meshsim live: " << world.status().message() << "\n";
    return kExitBadInput;
  }
  live::LiveResult r = (*world)->Run();
  if (!r.status.ok()) {
    err << "meshsim live: cannot set up the endpoint: " << r.status.ToString() << "\n";
    return kExitAssertionFailed;
  }
  out << "meshsim live: scenario=" << s->name << (r.interrupted ? " interrupted" : " done")
      << " wall=" << FormatDuration(r.elapsed) << " requests=" << r.requests
      << " changes=" << r.changes << " errors=" << r.errors << "\n";
  return kExitOk;
}

}  // namespace meshsim::cli
