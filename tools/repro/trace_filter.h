// File: tools/repro/trace_filter.h
//
// Chooses the trace events `meshsim replay` writes: those in a time window and, optionally,
// those about one pod, one virtual node or one Envoy. Events name things in several ways (a
// pod by namespace/name or bare name, by its IP as a Cloud Map instance id or in an EDS
// `added`/`removed` list; a virtual node by key or by its Cloud Map service id), so the
// filter learns the aliases from the events it sees, in trace order: a pod's IP from the
// event that reports it, a virtual node's service id from the controller's events naming both.
//
// Example:
//   TraceFilter filter({.from_ns = 30'000'000'000, .pod = "front-589699bcfc-tgnd8"});
//   options.trace_observer = [&](const sim::TraceRecord& r) {
//     if (filter.Matches(r.time_ns, *r.event)) WriteLine(r);
//   };
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>

#include "controller/api/tracer.h"

namespace meshsim::repro {

struct TraceFilterSpec {
  std::optional<int64_t> from_ns;  // inclusive
  std::optional<int64_t> to_ns;    // inclusive
  std::optional<std::string> pod;           // name or namespace/name
  std::optional<std::string> virtual_node;  // name or namespace/name
  std::optional<std::string> envoy;         // the Envoy's node id (its pod's name)
};

class TraceFilter {
 public:
  explicit TraceFilter(TraceFilterSpec spec) : spec_(std::move(spec)) {}

  // True if the event at `time_ns` passes the filter. Call for every event, in order: events
  // outside the window still teach the filter aliases.
  bool Matches(int64_t time_ns, const TraceEvent& event);

 private:
  bool AboutPod(const TraceEvent& event);
  bool AboutVirtualNode(const TraceEvent& event);

  TraceFilterSpec spec_;
  std::set<std::string> pod_ips_;
  std::set<std::string> vn_services_;
};

// True if `value` is `name` or ends with "/name" (a namespace/name key).
bool NamesObject(const std::string& value, const std::string& name);

}  // namespace meshsim::repro
