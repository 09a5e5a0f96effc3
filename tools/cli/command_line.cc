#include "tools/cli/command_line.h"

#include <cerrno>
#include <cstdlib>
#include <set>

namespace meshsim::cli {
namespace {

// Flags and whether they take a value. One table, so help and the parser cannot disagree.
const std::map<std::string, bool>& KnownFlags() {
  static const std::map<std::string, bool> flags = {
      {"--cloudmap-port", true}, {"--bind", true}, {"--speed", true},  // meshsim serve
      {"--xds-port", true}, {"--xds-log", false},  // meshsim serve SCENARIO: xDS (docs/xds.md)
      {"--seed", true}, {"--summary-json", true}, {"--trace", true}, {"--quiet", false},
      {"--cloudmap-endpoint", true}, {"--duration", true},  // meshsim live
      {"--report-dir", true},
      {"--seeds", true}, {"--jobs", true}, {"--stop-on-failure", false}, {"--shard", true},
      {"--out", true}, {"--from", true}, {"--to", true}, {"--pod", true},
      {"--virtual-node", true}, {"--envoy", true}, {"--assertion", true},  // sweep, replay, shrink
      {"--threshold", true},  // meshsim compare
  };
  return flags;
}

Status Usage(const std::string& message) {
  std::string known;
  for (const auto& [name, takes_value] : KnownFlags()) {
    known += (known.empty() ? "" : ", ") + name + (takes_value ? " VALUE" : "");
  }
  return Status(StatusCode::kInvalidArgument, "Usage",
                message + " (known flags: " + known + "; see 'meshsim help')");
}

}  // namespace

std::optional<std::string> CommandLine::Get(const std::string& flag) const {
  auto it = flags.find(flag);
  if (it == flags.end()) return std::nullopt;
  return it->second;
}

Result<CommandLine> ParseCommandLine(int argc, const char* const* argv) {
  CommandLine cl;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "-j") arg = "--jobs";  // make's spellings -j N and -jN, for meshsim sweep
    if (arg.size() > 2 && arg.rfind("-j", 0) == 0 && arg[2] != '-') arg = "--jobs=" + arg.substr(2);
    if (arg == "--version") return CommandLine{.command = "version"};
    if (arg == "-h" || arg == "--help") return CommandLine{.command = "help"};
    if (arg.rfind("--", 0) == 0) {
      std::string name = arg, value;
      if (auto eq = arg.find('='); eq != std::string::npos) {
        name = arg.substr(0, eq);
        value = arg.substr(eq + 1);
      }
      auto known = KnownFlags().find(name);
      if (known == KnownFlags().end()) return Usage("unknown flag '" + name + "'");
      if (known->second && arg.find('=') == std::string::npos) {
        if (i + 1 >= argc) return Usage("flag '" + name + "' needs a value");
        value = argv[++i];
      }
      cl.flags[name] = value;
    } else if (cl.command.empty()) {
      cl.command = arg;
    } else {
      cl.args.push_back(arg);
    }
  }
  if (cl.command.empty()) cl.command = "help";
  return cl;
}

Result<uint64_t> ParseUnsigned(const std::string& flag, const std::string& text) {
  char* end = nullptr;
  errno = 0;
  unsigned long long v = std::strtoull(text.c_str(), &end, 10);
  if (text.empty() || text[0] == '-' || *end != '\0' || errno == ERANGE) {
    return Status(StatusCode::kInvalidArgument, "Usage",
                  flag + " takes an unsigned integer, got '" + text + "'");
  }
  return static_cast<uint64_t>(v);
}

}  // namespace meshsim::cli
