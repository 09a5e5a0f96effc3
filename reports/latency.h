// File: reports/latency.h
//
// The propagation latency metrics the report writers print, computed in sim/metrics so that
// latency assertions (sim/world) and reports agree by construction. These names keep
// `reports::ComputeMetrics` and the metric types working.
//
// Example:
//   reports::Metrics m = reports::ComputeMetrics(collector);
//   const reports::LatencyStats& s = m.overall.at("ready_to_all_envoys");
#pragma once

#include "reports/trace_collector.h"
#include "sim/metrics/latency.h"

namespace meshsim::reports {

using metrics::BuildTimelines;
using metrics::ComputeExposure;
using metrics::ComputeMetrics;
using metrics::kBucketBoundsNs;
using metrics::kHops;
using metrics::LatencyStats;
using metrics::Metrics;
using metrics::NearestRank;
using metrics::PodTimeline;
using metrics::Series;
using metrics::StaleWindow;
using metrics::Summarize;
using metrics::ZeroEndpoints;

}  // namespace meshsim::reports
