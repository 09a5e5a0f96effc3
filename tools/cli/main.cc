// meshsim's entry point: parse the command line, hand it to a subcommand, return its exit code.
#include <iostream>

#include "tools/cli/command_line.h"
#include "tools/cli/commands.h"

int main(int argc, char** argv) {
  auto cl = meshsim::cli::ParseCommandLine(argc, argv);
  if (!cl.ok()) {
    std::cerr << "meshsim: " << cl.status().message() << "\n";
    return meshsim::cli::kExitBadInput;
  }
  return meshsim::cli::Dispatch(*cl, std::cout, std::cerr);
}
