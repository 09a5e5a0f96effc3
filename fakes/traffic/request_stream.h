// File: fakes/traffic/request_stream.h
//
// One stream of requests between virtual nodes, as a scenario's `traffic:` entry describes it:
// who calls (every Envoy of a virtual node, in turn), what it calls (a virtual service, routed
// by its router's weights, or a virtual node directly), how often and with which arrivals.
//
// Example:
//   RequestStreamSpec spec{.name = "front->colorapp",
//                          .from_virtual_node = "howto-k8s-cloudmap/front",
//                          .to = "howto-k8s-cloudmap/colorapp",
//                          .rate_milli_rps = 100'000,  // 100 requests per second
//                          .arrivals = Arrivals::kPoisson};
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "controller/api/time.h"

namespace meshsim::fakes {

enum class Arrivals {
  kFixed,    // evenly spaced: the k-th request at start + k / rate
  kPoisson,  // exponential gaps with mean 1 / rate, drawn from the stream's own Random
};

struct RequestStreamSpec {
  std::string name;               // unique per model; names the trace events
  std::string from_virtual_node;  // "namespace/name": its Envoys send the requests
  std::string to;                 // "namespace/name" of a virtual service (or virtual node)
  bool to_virtual_node = false;   // `to` names a virtual node: one cluster, no route
  int64_t rate_milli_rps = 0;     // thousandths of a request per second; > 0
  Arrivals arrivals = Arrivals::kFixed;
  Duration start{0};              // since the start of the run
  std::optional<Duration> stop;   // no request at or after it; default: never stops
};

}  // namespace meshsim::fakes
