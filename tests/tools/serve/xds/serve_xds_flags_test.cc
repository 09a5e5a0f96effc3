// `meshsim serve --xds-port`'s bad input: exit 2 with a message, before anything is bound.
#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

#include "tools/cli/command_line.h"
#include "tools/cli/commands.h"
#include "tools/cli/serve_command.h"

namespace meshsim::cli {
namespace {

int Serve(std::vector<const char*> args, std::string& err_text) {
  args.insert(args.begin(), {"meshsim", "serve"});
  Result<CommandLine> cl = ParseCommandLine(static_cast<int>(args.size()), args.data());
  EXPECT_TRUE(cl.ok());
  std::ostringstream out, err;
  int code = ServeCommand(*cl, out, err);
  err_text = err.str();
  return code;
}

TEST(ServeXdsFlagsTest, XdsPortNeedsAScenario) {
  std::string err;
  EXPECT_EQ(Serve({"--cloudmap-port", "0", "--xds-port", "0"}, err), kExitBadInput);
  EXPECT_NE(err.find("--xds-port serves a scenario's mesh"), std::string::npos) << err;
}

TEST(ServeXdsFlagsTest, XdsPortMustBeAPortNumber) {
  std::string err;
  EXPECT_EQ(Serve({"--cloudmap-port", "0", "--xds-port", "70000", MESHSIM_SOURCE_DIR
                   "/scenarios/howto-k8s-cloudmap.yaml"}, err),
            kExitBadInput);
  EXPECT_NE(err.find("--xds-port must be a port number"), std::string::npos) << err;
}

}  // namespace
}  // namespace meshsim::cli
