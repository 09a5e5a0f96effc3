// File: tools/cli/serve_command.cc
#include "tools/cli/serve_command.h"

#include <csignal>
#include <optional>

#include "controller/api/tracer.h"
#include "fakes/cloudmap/fake_cloudmap.h"
#include "sim/kernel/seeded_random.h"
#include "sim/scenario/loader.h"
#include "sim/world/component_options.h"
#include "tools/cli/commands.h"
#include "tools/serve/asio_dispatcher.h"
#include "tools/serve/cloudmap_http_server.h"

namespace meshsim::cli {
namespace {

struct ServeSetup {
  fakes::CloudMapOptions cloudmap;
  std::vector<scenario::CloudMapNamespaceSpec> namespaces;
  uint64_t seed = 1;
  serve::CloudMapHttpServerOptions http;
};

// Reads flags and the optional scenario; prints the problem and returns nullopt on bad input.
std::optional<ServeSetup> ReadSetup(const CommandLine& cl, std::ostream& err) {
  ServeSetup setup;
  std::optional<std::string> port = cl.Get("--cloudmap-port");
  if (!port) {
    err << "meshsim serve: --cloudmap-port PORT is required (0 picks a free port)\n";
    return std::nullopt;
  }
  Result<uint64_t> p = ParseUnsigned("--cloudmap-port", *port);
  if (!p.ok() || *p > 65535) {
    err << "meshsim serve: --cloudmap-port must be a port number 0..65535\n";
    return std::nullopt;
  }
  setup.http.port = static_cast<uint16_t>(*p);
  if (auto bind = cl.Get("--bind")) setup.http.bind = *bind;
  if (cl.args.size() > 1) {
    err << "meshsim serve: expected at most one scenario file\n";
    return std::nullopt;
  }
  if (cl.args.empty()) return setup;
  Result<scenario::Scenario> s = scenario::LoadScenario(cl.args[0]);
  if (!s.ok()) {
    err << s.status().message() << "\n";
    return std::nullopt;
  }
  Result<world::ComponentOptions> options = world::ReadComponentOptions(*s);
  if (!options.ok()) {
    err << options.status().message() << "\n";
    return std::nullopt;
  }
  setup.cloudmap = options->cloudmap;
  setup.namespaces = s->cloudmap_namespaces;
  setup.seed = s->seed;
  return setup;
}

bool CreateNamespaces(fakes::FakeCloudMap& cloudmap, const ServeSetup& setup, std::ostream& out,
                      std::ostream& err) {
  for (const scenario::CloudMapNamespaceSpec& spec : setup.namespaces) {
    std::optional<cloudmap::NamespaceType> type = cloudmap::ParseNamespaceType(spec.type);
    if (!type) {
      err << "meshsim serve: unknown namespace type " << spec.type << "\n";
      return false;
    }
    Result<cloudmap::Namespace> ns = cloudmap.CreateNamespaceNow(spec.name, *type, spec.vpc);
    if (!ns.ok()) {
      err << "meshsim serve: cannot create namespace " << spec.name << ": "
          << ns.status().ToString() << "\n";
      return false;
    }
    out << "meshsim: namespace " << ns->name << " (" << spec.type << ") is " << ns->id << "\n";
  }
  return true;
}

}  // namespace

int ServeCommand(const CommandLine& cl, std::ostream& out, std::ostream& err) {
  std::optional<ServeSetup> setup = ReadSetup(cl, err);
  if (!setup) return kExitBadInput;
  serve::asio::io_context io;
  serve::ServeDispatcher dispatcher(io);
  sim::SeededRandom random(setup->seed);
  NullTracer tracer;
  fakes::FakeCloudMap cloudmap(dispatcher, random, tracer, setup->cloudmap);
  if (!CreateNamespaces(cloudmap, *setup, out, err)) return kExitBadInput;
  std::unique_ptr<CloudMapClient> client = cloudmap.NewClient("aws-cli");
  serve::CloudMapHttpServer server(io, *client, setup->http);
  if (Status s = server.Start(); !s.ok()) {
    err << "meshsim serve: " << s.message() << "\n";
    return kExitBadInput;
  }
  serve::asio::signal_set signals(io, SIGINT, SIGTERM);
  signals.async_wait([&](const boost::system::error_code& ec, int signo) {
    if (ec) return;
    out << "meshsim: signal " << signo << ", stopping after " << server.requests_served()
        << " requests" << std::endl;
    server.Stop();
    io.stop();
  });
  out << "meshsim: serving Cloud Map at " << server.url() << std::endl;
  io.run();
  return kExitOk;
}

}  // namespace meshsim::cli
