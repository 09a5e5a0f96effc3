// File: tools/cli/commands.h
//
// The meshsim subcommands. Each takes the parsed command line and the output streams and
// returns the process exit code: 0 success (every assertion held), 1 an assertion failed,
// 2 bad input (unreadable or invalid scenario, bad flags).
//
// Example:
//   return RunCommand(cl, std::cout, std::cerr);
#pragma once

#include <ostream>

#include "tools/cli/command_line.h"

namespace meshsim::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitAssertionFailed = 1;
inline constexpr int kExitBadInput = 2;

// meshsim run FILE [--seed N] [--summary-json PATH] [--trace PATH] [--quiet]
int RunCommand(const CommandLine& cl, std::ostream& out, std::ostream& err);
// meshsim check FILE: loads and validates the scenario and its settings without running it.
int CheckCommand(const CommandLine& cl, std::ostream& out, std::ostream& err);
// meshsim help
int HelpCommand(std::ostream& out);
// meshsim --version
int VersionCommand(std::ostream& out);

// Dispatches on cl.command.
int Dispatch(const CommandLine& cl, std::ostream& out, std::ostream& err);

}  // namespace meshsim::cli
