#include "controller/throttled_cloudmap_client.h"

#include <utility>

namespace meshsim::controller {

std::vector<ThrottleRule> DefaultCloudMapThrottles() {
  return {
      {"^ListNamespaces", 1, 8},      {"^ListServices", 1, 8},
      {"^GetService", 4, 40},         {"^CreateService", 8, 80},
      {"^DeleteService", 8, 80},      {"^ListInstances", 40, 400},
      {"^RegisterInstance", 4, 80},   {"^DeregisterInstance", 4, 80},
      {"^GetInstance", 16, 80},  // also matches GetInstancesHealthStatus, as in the Go regexes
      {"^GetOperation", 4, 40},       {"^GetInstancesHealthStatus", 80, 80},
      {"^UpdateInstanceCustomHealthStatus", 240, 240},
  };
}

ThrottledCloudMapClient::ThrottledCloudMapClient(Dispatcher& dispatcher, Tracer& tracer,
                                                 CloudMapClient& inner,
                                                 std::vector<ThrottleRule> rules)
    : dispatcher_(dispatcher), tracer_(tracer), inner_(inner), rules_(std::move(rules)),
      alive_(std::make_shared<bool>(true)) {
  for (const ThrottleRule& r : rules_) {
    regexes_.emplace_back(r.pattern);
    buckets_.emplace_back(r.qps, r.burst);
  }
}

ThrottledCloudMapClient::~ThrottledCloudMapClient() { *alive_ = false; }

const std::vector<size_t>& ThrottledCloudMapClient::RulesFor(const std::string& op) {
  auto it = matches_.find(op);
  if (it != matches_.end()) return it->second;
  std::vector<size_t> idx;
  for (size_t i = 0; i < regexes_.size(); ++i) {
    if (std::regex_search(op, regexes_[i])) idx.push_back(i);
  }
  return matches_.emplace(op, std::move(idx)).first->second;
}

void ThrottledCloudMapClient::Wait(const std::string& op, size_t index, std::function<void()> go) {
  const std::vector<size_t>& rules = RulesFor(op);
  while (index < rules.size()) {
    size_t rule = rules[index++];
    Duration d = buckets_[rule].Reserve(dispatcher_.Now());
    if (d <= Duration(0)) continue;
    ++throttled_calls_;
    tracer_.Record(TraceEvent("controller", "ThrottleWait")
                       .With("op", op).With("pattern", rules_[rule].pattern).With("wait", d));
    std::weak_ptr<bool> alive = alive_;
    dispatcher_.Schedule(d, [this, alive, op, index, go = std::move(go)]() mutable {
      if (auto a = alive.lock(); a && *a) Wait(op, index, std::move(go));
    });
    return;
  }
  go();
}

// Every override copies the request and waits before forwarding it.
#define MESHSIM_THROTTLED(Method, Request, Response)                              \
  void ThrottledCloudMapClient::Method(const Request& req, Callback<Response> cb) { \
    Wait(#Method, 0, [this, req, cb = std::move(cb)]() mutable {                  \
      inner_.Method(req, std::move(cb));                                           \
    });                                                                            \
  }
MESHSIM_CLOUDMAP_OPERATIONS(MESHSIM_THROTTLED)
#undef MESHSIM_THROTTLED

}  // namespace meshsim::controller
