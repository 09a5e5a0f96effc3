#include "sim/world/component_options.h"

#include <algorithm>
#include <regex>
#include <sstream>
#include <tuple>
#include <vector>

#include "controller/aws_api_throttle_flag.h"
#include "sim/scenario/settings_reader.h"
#include "sim/world/cloudmap_settings.h"

namespace meshsim::world {
namespace {

using scenario::SettingsReader;

void ReadKubernetes(SettingsReader& r, fakes::KubeOptions& o) {
  o.watch_delay = r.GetDistribution("watch_delay", o.watch_delay);
  o.scheduling_delay = r.GetDistribution("scheduling_delay", o.scheduling_delay);
  o.container_start = r.GetDistribution("container_start", o.container_start);
  o.container_ready = r.GetDistribution("container_ready", o.container_ready);
  o.container_stop = r.GetDistribution("container_stop", o.container_stop);
  o.controller_delay = r.GetDuration("controller_delay", o.controller_delay);
  o.envoy_prestop_delay = r.GetDuration("envoy_prestop_delay", o.envoy_prestop_delay);
  o.scheduler_retry = r.GetDuration("scheduler_retry", o.scheduler_retry);
  o.watch_history = static_cast<size_t>(r.GetInt("watch_history", static_cast<int64_t>(o.watch_history)));
}

// settings.controller.aws_api_throttle: the controller's --aws-api-throttle flag, as written
// on its command line (controller/aws_api_throttle_flag.h).
void ReadAwsApiThrottle(SettingsReader& r, const scenario::ComponentSettings& settings,
                        controller::ControllerOptions& o, std::vector<std::string>& errors) {
  std::string flag = r.GetString("aws_api_throttle", "");
  if (!settings.count("aws_api_throttle")) return;
  Result<std::vector<controller::ThrottleRule>> rules = controller::ParseAwsApiThrottle(flag);
  if (rules.ok()) {
    o.cloudmap_throttles = std::move(*rules);
    return;
  }
  errors.push_back(settings.at("aws_api_throttle").span.ToString() +
                   ": error: settings.controller.aws_api_throttle: " + rules.status().message());
}

void ReadController(SettingsReader& r, controller::ControllerOptions& o) {
  o.workers = static_cast<int>(r.GetInt("workers", o.workers));
  o.profile = r.GetEnum("profile", {"v1", "legacy"}, o.profile);
  o.health_probe_period = r.GetDuration("health_probe_period", o.health_probe_period);
  o.health_stable_window = r.GetDuration("health_stable_window", o.health_stable_window);
  o.health_probe_deadline = r.GetDuration("health_probe_deadline", o.health_probe_deadline);
  o.legacy_sweep_period = r.GetDuration("legacy_sweep_period", o.legacy_sweep_period);
  o.enable_custom_health_check = r.GetBool("enable_custom_health_check", o.enable_custom_health_check);
  o.init_health_status = r.GetEnum("init_health_status", {"HEALTHY", "UNHEALTHY"}, o.init_health_status);
  o.dns_ttl = r.GetDuration("dns_ttl", o.dns_ttl);
  o.namespace_cache_ttl = r.GetDuration("namespace_cache_ttl", o.namespace_cache_ttl);
  o.service_cache_ttl = r.GetDuration("service_cache_ttl", o.service_cache_ttl);
  o.instances_cache_ttl = r.GetDuration("instances_cache_ttl", o.instances_cache_ttl);
  o.deregister_not_found_is_done = r.GetBool("deregister_not_found_is_done", o.deregister_not_found_is_done);
  o.reconcile_wait = r.GetDuration("reconcile_wait", o.reconcile_wait);
  o.requeue_after_timeout = r.GetDuration("requeue_after_timeout", o.requeue_after_timeout);
  o.operation_poll_interval = r.GetDuration("operation_poll_interval", o.operation_poll_interval);
  o.resync_period = r.GetDuration("resync_period", o.resync_period);
  o.reconcile_delay = r.GetDuration("reconcile_delay", o.reconcile_delay);
  o.api_call_delay = r.GetDuration("api_call_delay", o.api_call_delay);
  o.watch_delivery_delay = r.GetDuration("watch_delivery_delay", o.watch_delivery_delay);
}

void ReadControlPlane(SettingsReader& r, fakes::ControlPlaneOptions& o) {
  o.discovery_interval = r.GetDuration("discovery_interval", o.discovery_interval);
  o.push_delay = r.GetDistribution("push_delay", o.push_delay);
  std::string health = r.GetEnum("health_status", {"", "HEALTHY", "UNHEALTHY", "ALL", "HEALTHY_OR_ELSE_ALL"}, "");
  if (!health.empty()) o.health_status = cloudmap::ParseHealthStatusFilter(health);
}

// The control-plane design xDS clients of `meshsim serve --xds-port` see (docs/xds.md).
void ReadXdsProfile(SettingsReader& r, fakes::xds::ProfileOptions& o) {
  std::string profile = r.GetEnum("profile", {"appmesh", "snapshot"}, "appmesh");
  o.profile = profile == "snapshot" ? fakes::xds::Profile::kSnapshot : fakes::xds::Profile::kAppMesh;
  o.debounce_after = r.GetDuration("debounce_after", o.debounce_after);
  o.debounce_max = std::max(o.debounce_after, r.GetDuration("debounce_max", o.debounce_max));
}

void ReadEnvoy(SettingsReader& r, fakes::ControlPlaneOptions& o) {
  o.envoy_apply_delay = r.GetDistribution("apply_delay", o.envoy_apply_delay);
}

// The traffic model's data plane (docs/traffic.md).
void ReadDataPlane(SettingsReader& r, fakes::DataPlaneOptions& o) {
  std::string lb = r.GetEnum("lb_policy", {"round_robin", "random"}, "round_robin");
  o.lb_policy = lb == "random" ? fakes::LbPolicy::kRandom : fakes::LbPolicy::kRoundRobin;
  o.max_retries = static_cast<int32_t>(std::stoi(r.GetEnum(
      "max_retries", {"0", "1", "2", "3", "4", "5"}, std::to_string(o.max_retries))));
  o.ignore_health_on_host_removal =
      r.GetBool("ignore_health_on_host_removal", o.ignore_health_on_host_removal);
}

// Sorts "path:line:column: error: ..." lines by file, then line and column as numbers, so the
// errors of several components read in file order.
std::string SortByPosition(const std::vector<std::string>& lines) {
  static const std::regex kPosition(R"(^(.*?):(\d+):(\d+): )");
  auto key = [](const std::string& line) {
    std::smatch m;
    if (!std::regex_search(line, m, kPosition)) return std::make_tuple(line, 0L, 0L);
    return std::make_tuple(m[1].str(), std::stol(m[2].str()), std::stol(m[3].str()));
  };
  std::vector<std::string> sorted = lines;
  std::stable_sort(sorted.begin(), sorted.end(),
                   [&](const std::string& a, const std::string& b) { return key(a) < key(b); });
  std::string out;
  for (const auto& line : sorted) out += (out.empty() ? "" : "\n") + line;
  return out;
}

}  // namespace

Result<ComponentOptions> ReadComponentOptions(const scenario::Scenario& scenario) {
  ComponentOptions options;
  static const scenario::ComponentSettings kNone;
  auto settings = [&](const std::string& component) -> const scenario::ComponentSettings& {
    auto it = scenario.settings.find(component);
    return it == scenario.settings.end() ? kNone : it->second;
  };
  SettingsReader kubernetes("kubernetes", settings("kubernetes"));
  SettingsReader cloudmap("cloudmap", settings("cloudmap"));
  SettingsReader controller("controller", settings("controller"));
  SettingsReader control_plane("control_plane", settings("control_plane"));
  SettingsReader envoy("envoy", settings("envoy"));
  ReadKubernetes(kubernetes, options.kubernetes);
  std::vector<std::string> errors;  // cloudmap values SettingsReader cannot type, then Finish()'s
  ReadCloudMapSettings(cloudmap, settings("cloudmap"), options.cloudmap, errors);
  ReadController(controller, options.controller);
  ReadAwsApiThrottle(controller, settings("controller"), options.controller, errors);
  ReadControlPlane(control_plane, options.control_plane);
  ReadXdsProfile(control_plane, options.xds);
  if (options.xds.profile == fakes::xds::Profile::kSnapshot) {  // the simulated Envoys too
    options.control_plane.push_debounce = {options.xds.debounce_after, options.xds.debounce_max};
  }
  ReadEnvoy(envoy, options.control_plane);
  ReadDataPlane(envoy, options.data_plane);
  options.kubernetes.region = scenario.cluster.region;
  options.cloudmap.region = scenario.cluster.region;

  for (const SettingsReader* r : {&kubernetes, &cloudmap, &controller, &control_plane, &envoy}) {
    Status s = r->Finish();
    if (s.ok()) continue;
    std::istringstream lines(s.message());
    for (std::string line; std::getline(lines, line);) errors.push_back(line);
  }
  if (!errors.empty()) {
    return Status(StatusCode::kInvalidArgument, "InvalidScenario", SortByPosition(errors));
  }
  return options;
}

}  // namespace meshsim::world
