// File: controller/cloudmap/aws_caller.h
//
// Every Cloud Map call of the reconciler goes through CloudMapCaller::Invoke, which plays the
// AWS SDK's part: it traces the call ("controller", "CloudMapCall") and its outcome
// ("CloudMapResult", with latency including client-side throttle waits), and retries retryable
// errors (throttling, 5xx, unavailable) like the SDK's DefaultRetryer: up to sdk_max_retries
// (or a per-call override, 10 for GetOperation), waiting min_delay * 2^n (500 ms base for
// throttling), capped. No jitter: the controller gets no Random stream.
// `ctx` fields (the VN key, pod, instance id...) are copied into both trace events, so latency
// can be attributed to the VN and instance later.
// SetExtraLatency(d) delays every attempt by `d` before it is sent (a slowed controller or a
// slow network path); the traced latency includes it. Each call's cost is also tallied under
// TallyKey(vn) and TallyKey(vn, instance) (from the ctx "vn" and "instance" fields):
// StartTally(key) zeroes it, TakeTally(key) returns it, so a reconcile, or one instance
// operation, can report how many calls, how much API time and how many SDK retries it spent.
//
// Example:
//   cloudmap::GetServiceRequest req{.id = id};
//   Result<cloudmap::Service> r = co_await caller.Invoke<cloudmap::Service>(
//       "GetService", {{"vn", key}, {"service", id}},
//       [&](Callback<cloudmap::Service> cb) { client.GetService(req, std::move(cb)); });
#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "controller/api/cloudmap_client.h"
#include "controller/api/dispatcher.h"
#include "controller/api/tracer.h"
#include "controller/async/call.h"
#include "controller/async/sleep.h"
#include "controller/async/task.h"
#include "controller/controller_options.h"

namespace meshsim::controller {

using TraceContext = std::vector<std::pair<std::string, std::string>>;

// What Cloud Map calls cost one VN over a window (see CloudMapCaller::StartTally).
struct CallTally {
  int64_t calls = 0;         // attempts sent, SDK retries included
  Duration api_time{0};      // sum of attempt latencies (throttle waits and extra latency included)
  int64_t retries = 0;       // SDK retries after a retryable error
  Duration retry_wait{0};    // time slept between those retries
  int64_t errors = 0;        // attempts that failed
};

class CloudMapCaller {
 public:
  CloudMapCaller(Dispatcher& dispatcher, Tracer& tracer, CloudMapClient& client,
                 const ControllerOptions& options)
      : dispatcher_(dispatcher), tracer_(tracer), client_(client), options_(options) {}

  CloudMapClient& client() { return client_; }
  Dispatcher& dispatcher() { return dispatcher_; }
  Tracer& tracer() { return tracer_; }
  const ControllerOptions& options() const { return options_; }
  void SetExtraLatency(Duration d) { extra_latency_ = d; }
  Duration extra_latency() const { return extra_latency_; }
  static std::string TallyKey(const std::string& vn_key, const std::string& instance = "") {
    return instance.empty() ? vn_key : vn_key + "|" + instance;
  }
  void StartTally(const std::string& key) { tallies_[key] = CallTally{}; }
  // Returns the tally since StartTally(key) and stops tallying that key.
  CallTally TakeTally(const std::string& key);

  // Calls `start(callback)` until it succeeds, fails for good, or runs out of retries.
  // `max_retries` < 0 means options.sdk_max_retries. `op` is a string literal (a const char*
  // keeps g++ 12 away from its double destruction of converted temporaries in co_await calls).
  template <class T, class F>
  async::Task<Result<T>> Invoke(const char* op, TraceContext ctx, F start, int max_retries = -1) {
    int limit = max_retries < 0 ? options_.sdk_max_retries : max_retries;
    for (int attempt = 0;; ++attempt) {
      TraceCall(op, ctx, attempt);
      MonotonicTime sent = dispatcher_.Now();
      if (extra_latency_ > Duration(0)) co_await async::Sleep(dispatcher_, extra_latency_);
      Result<T> r = co_await async::Call<T>(start);
      Duration latency = dispatcher_.Now() - sent;
      TraceResult(op, ctx, attempt, r.status(), latency);
      for (CallTally* tally : TalliesFor(ctx)) {
        ++tally->calls;
        tally->api_time += latency;
        tally->errors += r.ok() ? 0 : 1;
      }
      if (r.ok() || !IsRetryable(r.status()) || attempt >= limit) co_return r;
      Duration delay = RetryDelay(r.status(), attempt);
      for (CallTally* tally : TalliesFor(ctx)) {
        ++tally->retries;
        tally->retry_wait += delay;
      }
      co_await async::Sleep(dispatcher_, delay);
    }
  }

  static bool IsRetryable(const Status& s);
  // The SDK's wait before retry number `attempt` + 1.
  Duration RetryDelay(const Status& s, int attempt) const;

 private:
  // The tallies kept for ctx's vn and (vn, instance). Looked up again after every suspension:
  // the map may change meanwhile.
  std::vector<CallTally*> TalliesFor(const TraceContext& ctx);
  void TraceCall(const std::string& op, const TraceContext& ctx, int attempt);
  void TraceResult(const std::string& op, const TraceContext& ctx, int attempt, const Status& s,
                   Duration latency);

  Dispatcher& dispatcher_;
  Tracer& tracer_;
  CloudMapClient& client_;
  const ControllerOptions& options_;
  Duration extra_latency_{0};
  std::map<std::string, CallTally> tallies_;
};

}  // namespace meshsim::controller
