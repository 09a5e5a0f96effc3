// File: controller/throttled_cloudmap_client.h
//
// Client-side AWS rate limiting, as pkg/aws/throttle configures the SDK (spec C): one token
// bucket per operation-name regex; before every call (each SDK retry is a new call through this
// decorator) the request WAITS on every bucket whose pattern matches the operation name, one
// after the other, then goes to the wrapped client. It never fails a request. Each wait is
// traced as ("controller", "ThrottleWait").
//
// Example:
//   ThrottledCloudMapClient throttled(dispatcher, tracer, raw_client, DefaultCloudMapThrottles());
//   throttled.RegisterInstance(req, cb);  // the 81st call within a second waits 250 ms
#pragma once

#include <map>
#include <memory>
#include <regex>
#include <string>
#include <vector>

#include "controller/api/cloudmap_client.h"
#include "controller/api/dispatcher.h"
#include "controller/api/tracer.h"
#include "controller/runtime/rate_limiter.h"

namespace meshsim::controller {

struct ThrottleRule {
  std::string pattern;  // ECMAScript regex searched in the operation name, e.g. "^GetInstance"
  double qps = 1;
  int burst = 1;
};

// The defaults of pkg/aws/throttle/defaults.go for servicediscovery (spec C's table).
std::vector<ThrottleRule> DefaultCloudMapThrottles();

class ThrottledCloudMapClient : public CloudMapClient {
 public:
  ThrottledCloudMapClient(Dispatcher& dispatcher, Tracer& tracer, CloudMapClient& inner,
                          std::vector<ThrottleRule> rules);
  ~ThrottledCloudMapClient() override;

  // CloudMapClient: every operation waits on its buckets, then is forwarded.
#define MESHSIM_THROTTLED_DECLARE(Method, Request, Response) \
  void Method(const Request& req, Callback<Response> cb) override;
  MESHSIM_CLOUDMAP_OPERATIONS(MESHSIM_THROTTLED_DECLARE)
#undef MESHSIM_THROTTLED_DECLARE

  int64_t throttled_calls() const { return throttled_calls_; }

 private:
  // Waits on every bucket matching `op` (starting at the `index`-th match), then runs `go`.
  void Wait(const std::string& op, size_t index, std::function<void()> go);
  const std::vector<size_t>& RulesFor(const std::string& op);

  Dispatcher& dispatcher_;
  Tracer& tracer_;
  CloudMapClient& inner_;
  std::vector<ThrottleRule> rules_;
  std::vector<std::regex> regexes_;
  std::vector<runtime::TokenBucket> buckets_;
  std::map<std::string, std::vector<size_t>> matches_;  // op -> rule indices, memoised
  std::shared_ptr<bool> alive_;
  int64_t throttled_calls_ = 0;
};

}  // namespace meshsim::controller
