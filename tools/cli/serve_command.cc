// File: tools/cli/serve_command.cc
#include "tools/cli/serve_command.h"

#include <pthread.h>

#include <csignal>
#include <map>
#include <memory>
#include <optional>

#include "controller/api/tracer.h"
#include "controller/live/asio_dispatcher.h"
#include "fakes/cloudmap/fake_cloudmap.h"
#include "sim/kernel/seeded_random.h"
#include "sim/scenario/loader.h"
#include "sim/world/world.h"
#include "tools/cli/commands.h"
#include "tools/serve/cloudmap_http_server.h"
#include "tools/serve/paced_world.h"
#ifdef MESHSIM_HAVE_XDS
#include "tools/serve/xds/xds_serving.h"
#endif

namespace meshsim::cli {
namespace {

struct ServeSetup {
  std::optional<scenario::Scenario> scenario;
  double speed = 1;
  serve::CloudMapHttpServerOptions http;
  std::optional<uint16_t> xds_port;  // --xds-port: also serve xDS (docs/xds.md)
  bool xds_log = false;              // --xds-log: print the ADS protocol log
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
  if (auto speed = cl.Get("--speed")) {
    char* end = nullptr;
    setup.speed = std::strtod(speed->c_str(), &end);
    if (end == speed->c_str() || *end != '\0' || !(setup.speed > 0) || setup.speed > 1e6) {
      err << "meshsim serve: --speed must be a number of simulated seconds per second, "
             "above 0 (e.g. 60)\n";
      return std::nullopt;
    }
    if (cl.args.empty()) {
      err << "meshsim serve: --speed paces a scenario's world; give a scenario file\n";
      return std::nullopt;
    }
  }
  if (auto xds = cl.Get("--xds-port")) {
    Result<uint64_t> xp = ParseUnsigned("--xds-port", *xds);
    if (!xp.ok() || *xp > 65535) {
      err << "meshsim serve: --xds-port must be a port number 0..65535\n";
      return std::nullopt;
    }
#ifndef MESHSIM_HAVE_XDS
    err << "meshsim serve: this meshsim was built without xDS (MESHSIM_XDS=OFF: it needs gRPC, "
           "protobuf and npm at configure time; docs/xds.md)\n";
    return std::nullopt;
#endif
    if (cl.args.empty()) {
      err << "meshsim serve: --xds-port serves a scenario's mesh; give a scenario file\n";
      return std::nullopt;
    }
    setup.xds_port = static_cast<uint16_t>(*xp);
    setup.xds_log = cl.Has("--xds-log");
  }
  if (cl.args.empty()) return setup;
  Result<scenario::Scenario> s = scenario::LoadScenario(cl.args[0]);
  if (!s.ok()) {
    err << s.status().message() << "\n";
    return std::nullopt;
  }
  setup.scenario = std::move(*s);
  return setup;
}

// SIGINT and SIGTERM stay blocked (pending, not lost) from ServeCommand's start until Serve's
// handler is installed, and again once the served loop has stopped. Without this, a signal
// during start-up (loading the scenario, building the world, starting gRPC's threads, or just
// after "serving xDS" is printed) killed the process with the default action, exit 143, instead
// of stopping it cleanly; threads started meanwhile inherit the mask, so only the main thread
// takes them. Left blocked on return: the process is about to exit, and a second signal during
// tear-down must not turn a clean stop into 143 either.
class StopSignals {
 public:
  StopSignals() {
    sigemptyset(&set_);
    sigaddset(&set_, SIGINT);
    sigaddset(&set_, SIGTERM);
    Hold();
  }
  void Hold() { pthread_sigmask(SIG_BLOCK, &set_, nullptr); }
  // REQUIRES: the handler is installed; a signal held since start-up reaches it now.
  void Release() { pthread_sigmask(SIG_UNBLOCK, &set_, nullptr); }

 private:
  sigset_t set_;
};

// One client per SigV4 region, made on first use, so ARNs carry the request's region.
class RegionClients {
 public:
  using Factory = std::function<std::unique_ptr<CloudMapClient>(std::optional<std::string>)>;
  explicit RegionClients(Factory factory) : factory_(std::move(factory)) {}
  CloudMapClient& For(const std::string& region) {
    auto& client = clients_[region];
    if (!client) client = factory_(region.empty() ? std::nullopt : std::optional(region));
    return *client;
  }

 private:
  Factory factory_;
  std::map<std::string, std::unique_ptr<CloudMapClient>> clients_;
};

// Serves `clients` on `dispatcher` until SIGINT/SIGTERM. `before_run` runs once the URL is out.
int Serve(live::AsioDispatcher& dispatcher, RegionClients& clients, const ServeSetup& setup,
          StopSignals& stop_signals, std::ostream& out, std::ostream& err,
          const std::function<void()>& before_run) {
  serve::CloudMapHttpServer server(
      dispatcher.io_context(),
      [&clients](const std::string& region) -> CloudMapClient& { return clients.For(region); },
      setup.http);
  if (Status s = server.Start(); !s.ok()) {
    err << "meshsim serve: " << s.message() << "\n";
    return kExitBadInput;
  }
  serve::asio::signal_set signals(dispatcher.io_context(), SIGINT, SIGTERM);
  signals.async_wait([&](const boost::system::error_code& ec, int signo) {
    if (ec) return;
    out << "meshsim: signal " << signo << ", stopping after " << server.requests_served()
        << " requests" << std::endl;
    // In-flight requests are answered first; waiting connections are closed (robustness.md).
    server.Shutdown([&dispatcher] { dispatcher.Stop(); });
  });
  stop_signals.Release();
  out << "meshsim: serving Cloud Map at " << server.url() << std::endl;
  if (before_run) before_run();
  dispatcher.Run();
  stop_signals.Hold();
  return kExitOk;
}

// `meshsim serve` without a scenario: an empty FakeCloudMap in real time.
int ServeEmpty(const ServeSetup& setup, StopSignals& stop_signals, std::ostream& out,
               std::ostream& err) {
  live::AsioDispatcher dispatcher;
  sim::SeededRandom random(1);
  NullTracer tracer;
  fakes::FakeCloudMap cloudmap(dispatcher, random, tracer, fakes::CloudMapOptions{});
  RegionClients clients([&](std::optional<std::string> region) {
    return cloudmap.NewClient("aws-cli", std::move(region));
  });
  return Serve(dispatcher, clients, setup, stop_signals, out, err, nullptr);
}

// `meshsim serve SCENARIO`: the scenario's whole world, paced to the wall clock, with its
// FakeCloudMap served to real clients.
int ServeWorld(const ServeSetup& setup, StopSignals& stop_signals, std::ostream& out,
               std::ostream& err) {
  const scenario::Scenario& s = *setup.scenario;
  Result<std::unique_ptr<world::World>> world = world::World::Create(s, {});
  if (!world.ok()) {
    err << world.status().message() << "\n";
    return kExitBadInput;
  }
  live::AsioDispatcher dispatcher;
  serve::PacedWorld paced(dispatcher.io_context(), **world, setup.speed);
#ifdef MESHSIM_HAVE_XDS
  std::unique_ptr<serve::xds::XdsServing> xds;
  if (setup.xds_port) {
    std::string host = setup.http.bind.find(':') != std::string::npos
                           ? "[" + setup.http.bind + "]" : setup.http.bind;
    serve::xds::XdsServingOptions options{.address = host + ":" + std::to_string(*setup.xds_port)};
    if (setup.xds_log) options.log = [&out](const std::string& line) { out << "meshsim: " << line << std::endl; };
    xds = std::make_unique<serve::xds::XdsServing>(dispatcher.io_context(), **world, options);
    if (Status st = xds->Start(); !st.ok()) {
      err << "meshsim serve: " << st.message() << "\n";
      return kExitBadInput;
    }
    out << "meshsim: serving xDS (ADS, gRPC) at " << host << ":" << xds->port() << std::endl;
  }
#endif
  RegionClients clients([&](std::optional<std::string> region) {
    return std::make_unique<serve::PacedCloudMapClient>(
        paced, (*world)->cloudmap().NewClient("aws-cli", std::move(region)));
  });
  return Serve(dispatcher, clients, setup, stop_signals, out, err, [&] {
    out << "meshsim: running scenario " << s.name << " at " << setup.speed
        << "x the wall clock; its duration " << FormatDuration(s.duration) << " is reached after "
        << FormatDuration(Duration(static_cast<int64_t>(
               static_cast<double>(s.duration.count()) / setup.speed)))
        << std::endl;
    paced.Start([&] {
      out << "meshsim: the world reached the scenario's duration ("
          << FormatDuration(s.duration) << "); it keeps running" << std::endl;
    });
  });
}

}  // namespace

int ServeCommand(const CommandLine& cl, std::ostream& out, std::ostream& err) {
  StopSignals stop_signals;  // before anything slow or any thread: see the class comment
  std::optional<ServeSetup> setup = ReadSetup(cl, err);
  if (!setup) return kExitBadInput;
  return setup->scenario ? ServeWorld(*setup, stop_signals, out, err)
                         : ServeEmpty(*setup, stop_signals, out, err);
}

}  // namespace meshsim::cli
