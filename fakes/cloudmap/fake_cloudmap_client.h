// File: fakes/cloudmap/fake_cloudmap_client.h
//
// One caller's view of FakeCloudMap ("controller", "controlplane", "aws-cli"): a CloudMapClient
// that asks the FaultInjector, runs the call on the Backend at once, traces it as
// ("cloudmap", "<OperationName>") with the caller, key ids and outcome, and delivers the result
// on the Dispatcher after a sampled api_latency. Destroying the client drops the callbacks it
// still owes (a shared liveness token), so a caller that goes away is never called back.
//
// Example:
//   std::unique_ptr<CloudMapClient> client = cloudmap.NewClient("controller");
//   client->GetService({.id = "srv-..."}, [](Result<cloudmap::Service> r) { ... });
//   dispatcher.RunFor(std::chrono::milliseconds(50));  // the callback has run
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "controller/api/cloudmap_client.h"
#include "controller/api/tracer.h"
#include "fakes/cloudmap/backend.h"
#include "fakes/cloudmap/fault_injector.h"

namespace meshsim::fakes::internal {

class FakeCloudMapClient : public CloudMapClient {
 public:
  // REQUIRES: `backend`, `faults` and `tracer` outlive every call's return (not its callback).
  FakeCloudMapClient(Backend& backend, const FaultInjector& faults, Tracer& tracer,
                     std::string caller, std::optional<std::string> region = std::nullopt);

  // CloudMapClient: each operation's .cc body names its trace fields and Backend call.
#define MESHSIM_FAKE_DECLARE(Method, Request, Response) \
  void Method(const Request& req, Callback<Response> cb) override;
  MESHSIM_CLOUDMAP_OPERATIONS(MESHSIM_FAKE_DECLARE)
#undef MESHSIM_FAKE_DECLARE

 private:
  // Answers `event`'s operation: the injected fault or `run()`, traced, then `cb` after latency.
  template <class T, class Run>
  void Respond(TraceEvent event, Run run, Callback<T> cb);

  Backend& backend_;
  const FaultInjector& faults_;
  Tracer& tracer_;
  std::string caller_;
  std::optional<std::string> region_;  // ARNs of what this client creates carry it
  std::shared_ptr<int> alive_ = std::make_shared<int>(0);
};

}  // namespace meshsim::fakes::internal
