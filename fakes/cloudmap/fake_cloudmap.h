// File: fakes/cloudmap/fake_cloudmap.h
//
// An in-memory AWS Cloud Map with the real API's semantics (see /work/shared/spec/cloudmap.md
// and docs/fake-cloudmap.md): asynchronous operations that go SUBMITTED -> PENDING -> SUCCESS in
// simulated time, RegisterInstance upserts, DiscoverInstances filters, custom health with its
// 30 s delay, idempotent CreatorRequestIds, pagination and AWS's error codes. FakeCloudMap is the
// shared backend; callers talk to it through CloudMapClients from NewClient(), whose callbacks
// run on the Dispatcher after a sampled latency. The *Now() reads are the simulator's omniscient,
// latency-free view. Time, randomness and traces come only from the injected ports.
//
// Example:
//   FakeCloudMap cloudmap(dispatcher, random, tracer, CloudMapOptions{});
//   auto ns = cloudmap.CreateNamespaceNow("howto-k8s-cloudmap.pvt.aws.local",
//                                         cloudmap::NamespaceType::kDnsPrivate, "vpc-1");
//   std::unique_ptr<CloudMapClient> client = cloudmap.NewClient("controller");
//   client->CreateService({.name = "colorteller", .namespace_id = ns->id}, OnService);
//   cloudmap.SetFault("RegisterInstance",
//                     Status(StatusCode::kThrottled, "ThrottlingException", "Rate exceeded"));
//   cloudmap.SetLatency("*", Distribution::Fixed(std::chrono::seconds(2)));  // latency spike
//   int64_t id = cloudmap.AddErrorInjection({.error = "AccessDeniedException",
//                                            .operation = "RegisterInstance"});
//   cloudmap.RemoveErrorInjection(id);
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "controller/api/cloudmap_client.h"
#include "controller/api/cloudmap_types.h"
#include "controller/api/dispatcher.h"
#include "controller/api/random.h"
#include "controller/api/status.h"
#include "controller/api/tracer.h"
#include "fakes/cloudmap/cloudmap_options.h"
#include "fakes/cloudmap/dns_answer.h"
#include "fakes/cloudmap/fault_injector.h"

namespace meshsim::fakes {

namespace internal {
class Backend;
}  // namespace internal

class FakeCloudMap {
 public:
  // REQUIRES: `dispatcher`, `random` and `tracer` outlive this object.
  FakeCloudMap(Dispatcher& dispatcher, Random& random, Tracer& tracer, CloudMapOptions options);
  ~FakeCloudMap();
  FakeCloudMap(const FakeCloudMap&) = delete;
  FakeCloudMap& operator=(const FakeCloudMap&) = delete;

  // Returns a client for one caller (e.g. "controller", "controlplane", "aws-cli"); the name
  // appears in traces and selects per-caller faults. Several clients may exist at once.
  // REQUIRES: calls on the client happen only while this FakeCloudMap lives. Destroying the
  // client drops the callbacks it still owes.
  // With a `region` (e.g. the SigV4 scope of the requests it serves), the ARNs of namespaces and
  // services created through this client carry that region instead of options().region.
  std::unique_ptr<CloudMapClient> NewClient(std::string caller,
                                            std::optional<std::string> region = std::nullopt);

  // Synchronous, latency-free, untraced reads for views and assertions. DiscoverInstancesNow
  // applies every DiscoverInstances rule but returns the instances sorted by InstanceId.
  Result<cloudmap::DiscoverInstancesResponse> DiscoverInstancesNow(
      const cloudmap::DiscoverInstancesRequest& req);
  // All namespaces, sorted by id, no paging.
  Result<cloudmap::ListNamespacesResponse> ListNamespacesNow();
  // All services of a namespace (id or ARN), sorted by id.
  Result<std::vector<cloudmap::Service>> ListServicesNow(const std::string& namespace_id);
  // All registered instances of a service (id or ARN), sorted by id.
  Result<std::vector<cloudmap::Instance>> ListInstancesNow(const std::string& service_id);

  // Creates a namespace at once, with no operation (what deploy.sh does before a scenario
  // runs). `vpc` is used by private DNS namespaces only. Fails like CreateXNamespace would.
  Result<cloudmap::Namespace> CreateNamespaceNow(const std::string& name,
                                                 cloudmap::NamespaceType type,
                                                 const std::string& vpc);

  // Makes every later call of `operation_or_star` ("RegisterInstance", "*") fail with `error`,
  // for `caller` or for every caller; std::nullopt clears it. The call is still traced, with the
  // injected error as its outcome, and answered after the usual latency.
  void SetFault(std::string operation_or_star, std::optional<Status> error,
                std::optional<std::string> caller = std::nullopt);
  // Installs a per-call fault decision (throttling buckets and the like), asked before SetFault's.
  void SetFaultHook(FaultHook hook);

  // ---- Runtime knobs, for timeline actions. Each one applies to calls made after it and sits
  // on top of the scenario's settings (CloudMapOptions); clearing it restores them. Order of
  // refusals per call: SetFault/SetFaultHook, then error injections, then rate limits. ----

  // Latency spike: the response delay of `operation_or_star` ("*" = every operation) becomes
  // `latency`; std::nullopt restores the configured one. Lookup: override[op], override["*"],
  // options.latency[op], options.api_latency.
  void SetLatency(const std::string& operation_or_star, std::optional<Distribution> latency);
  // Throttling: the token bucket of `operation_or_star` ("*" = every operation without its own
  // entry) becomes `limit` (RateLimit::Unlimited() lifts a configured one); std::nullopt
  // restores the configured one. Every bucket starts full again. An empty bucket answers
  // RequestLimitExceeded for DiscoverInstances*, ThrottlingException for the rest (HTTP 400).
  void SetRateLimit(const std::string& operation_or_star, std::optional<RateLimit> limit);
  // Error burst / AccessDenied window: calls matching `injection` (operation, caller, window
  // [from, until) in dispatcher time) fail with its AWS error with its probability. Returns an
  // id for RemoveErrorInjection; an injection whose window has passed is dropped by itself.
  int64_t AddErrorInjection(ErrorInjection injection);
  // Returns false when no injection has that id (already removed or expired).
  bool RemoveErrorInjection(int64_t id);
  void ClearErrorInjections();
  // Propagation delay change: DiscoverInstances and DiscoverInstancesRevision answer each
  // reader (client caller) from the state `delay` ago (drawn per call, monotonic per reader,
  // capped at 15 minutes). Distribution() (fixed zero) makes them consistent again.
  void SetPropagationDelay(Distribution delay);

  // Route 53's answer to a DNS query for `name` ("<service>.<namespace>", any case, optional
  // trailing dot) of `type`, from the current state: healthy instances (all when none is),
  // MULTIVALUE up to 8, WEIGHTED 1, TTL of the service's record. With `shuffle` the subset is
  // drawn as Route 53 does; without, the first by InstanceId (a stable view). No propagation
  // delay applies. Untraced.
  DnsAnswer ResolveDnsNow(const std::string& name, cloudmap::RecordType type,
                          Random* shuffle = nullptr) const;

  const CloudMapOptions& options() const;

 private:
  Tracer& tracer_;
  std::unique_ptr<internal::Backend> backend_;
  FaultInjector faults_;
};

}  // namespace meshsim::fakes
