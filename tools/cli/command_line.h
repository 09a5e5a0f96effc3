// File: tools/cli/command_line.h
//
// The meshsim command line as a value: a subcommand, its positional arguments and its
// --flags. Parsing knows which flags take a value, rejects unknown ones with a message naming
// the known ones, and never exits the process itself.
//
// Example:
//   Result<CommandLine> cl = ParseCommandLine(argc, argv);
//   if (!cl.ok()) { std::cerr << cl.status().message(); return 2; }
//   if (cl->command == "run") ...
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "controller/api/status.h"

namespace meshsim::cli {

struct CommandLine {
  std::string command;  // "run", "check", "help", "version"
  std::vector<std::string> args;
  std::map<std::string, std::string> flags;  // "--seed" -> "7"; boolean flags -> ""

  bool Has(const std::string& flag) const { return flags.count(flag) != 0; }
  std::optional<std::string> Get(const std::string& flag) const;
};

// Parses argv. `--version` and `-h/--help` anywhere become the version/help commands.
Result<CommandLine> ParseCommandLine(int argc, const char* const* argv);

// Parses an unsigned decimal (for --seed). Returns kInvalidArgument naming the flag.
Result<uint64_t> ParseUnsigned(const std::string& flag, const std::string& text);

}  // namespace meshsim::cli
