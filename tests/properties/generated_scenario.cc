#include "tests/properties/generated_scenario.h"

#include <algorithm>
#include <utility>

#include "sim/scenario/loader.h"

namespace meshsim::properties {
namespace {

// The pods a `version` selector picks, as an expectation's pod reference list.
std::string PodsSelected(const std::string& version) {
  if (version == "none") return "[]";
  return "[{selector: {app: colorapp, version: " + version + "}}]";
}

std::string Seconds(int s) { return std::to_string(s) + "s"; }

using Kind = GeneratedAction::Kind;
using Entry = std::pair<int, std::string>;  // at (s), the timeline entry's action part

// The timeline entries of one action (a crash and its restart are two).
void AddEntries(const GeneratedAction& a, std::vector<Entry>* out) {
  const std::string pods = "{deployment: " + a.deployment + "}";
  const std::string lasting = "for: " + Seconds(a.for_s);
  switch (a.kind) {
    case Kind::kScale:
      out->push_back({a.at_s, "scale: {deployment: " + a.deployment + ", replicas: " +
                                  std::to_string(a.amount) + "}"});
      return;
    case Kind::kDeletePods:
      out->push_back({a.at_s, "delete_pods: {pods: " + pods + ", grace_period: 2s}"});
      return;
    case Kind::kChurn:
      out->push_back({a.at_s, "churn: {deployment: " + a.deployment + ", rate: " +
                                  std::to_string(a.amount) + "/m, kill_fraction: 0.5, until: " +
                                  Seconds(a.at_s + a.for_s) + "}"});
      return;
    case Kind::kControllerPause:
      out->push_back({a.at_s, "controller_pause: {" + lasting + "}"});
      return;
    case Kind::kControllerCrashRestart:
      out->push_back({a.at_s, "controller_crash: {}"});
      out->push_back({a.at_s + a.for_s, "controller_restart: {}"});
      return;
    case Kind::kCloudMapThrottling:
      out->push_back({a.at_s, "cloudmap_throttling: {requests_per_second: " +
                                  std::to_string(a.amount) + ", " + lasting + "}"});
      return;
    case Kind::kCloudMapErrorBurst:
      out->push_back({a.at_s, "cloudmap_error_burst: {error: ServiceUnavailable, fraction: 0." +
                                  std::to_string(3 * a.amount) + ", " + lasting + "}"});
      return;
    case Kind::kCloudMapPropagationDelay:
      out->push_back({a.at_s, "cloudmap_propagation_delay: {delay: " + Seconds(a.amount) + "}"});
      return;
    case Kind::kEnvoyDisconnect:
      out->push_back({a.at_s, "envoy_disconnect: {pods: " + pods + ", " + lasting + "}"});
      return;
  }
}

}  // namespace

std::string GeneratedScenario::Yaml() const {
  std::vector<Entry> entries;
  bool propagation_delay = false;
  for (const GeneratedAction& a : actions) {
    AddEntries(a, &entries);
    propagation_delay |= a.kind == Kind::kCloudMapPropagationDelay;
  }
  // Faults stop: Cloud Map's readers see the present again.
  if (propagation_delay) entries.push_back({kFaultsEndS, "cloudmap_propagation_delay: {delay: 0s}"});
  std::stable_sort(entries.begin(), entries.end(),
                   [](const Entry& a, const Entry& b) { return a.first < b.first; });
  std::string both = blue_selects == "none" ? PodsSelected(red_selects)
                     : red_selects == "none" ? PodsSelected(blue_selects)
                     : "[{selector: {app: colorapp, version: " + blue_selects +
                           "}}, {selector: {app: colorapp, version: " + red_selects + "}}]";
  std::string y = "name: generated\nseed: " + std::to_string(seed) +
      "\nduration: " + Seconds(kDurationS) + "\n"
      "vars:\n  APP_NAMESPACE: howto-k8s-cloudmap\n  MESH_NAME: howto-k8s-cloudmap\n"
      "  CLOUDMAP_NAMESPACE: howto-k8s-cloudmap.pvt.aws.local\n  FRONT_APP_IMAGE: feapp\n"
      "  COLOR_APP_IMAGE: colorapp\n  BLUE_VN_SELECTS: " + blue_selects + "\n"
      "  RED_VN_SELECTS: " + red_selects + "\n"
      "manifests: [data/mesh.yaml.template]\n"
      "cloudmap:\n  namespaces: [{name: howto-k8s-cloudmap.pvt.aws.local, type: DNS_PRIVATE, vpc: vpc-1}]\n"
      "settings:\n  controller: {workers: " + std::to_string(workers) + ", instances_cache_ttl: 1m}\n"
      "timeline:\n  - {at: 0s, apply: manifests}\n";
  for (const auto& [at, action] : entries) y += "  - {at: " + Seconds(at) + ", " + action + "}\n";
  const std::string ns = "howto-k8s-cloudmap.pvt.aws.local";
  y += "assertions:\n"
       "  - name: blue virtual node's instances are exactly its ready pods\n"
       "    discover_instances: {namespace: " + ns + ", service: colorapp, query_parameters: {color: blue}}\n"
       "    expect: {pods: " + PodsSelected(blue_selects) + "}\n"
       "  - name: red virtual node's instances are exactly its ready pods\n"
       "    discover_instances: {namespace: " + ns + ", service: colorapp, query_parameters: {color: red}}\n"
       "    expect: {pods: " + PodsSelected(red_selects) + "}\n"
       "  - name: front's instances are exactly its ready pods\n"
       "    discover_instances: {namespace: " + ns + ", service: front}\n"
       "    expect: {pods: [{deployment: front}]}\n"
       "  - name: every front Envoy holds exactly colorapp's healthy instances\n"
       "    envoy_endpoints: {pods: {deployment: front}, virtual_service: colorapp}\n"
       "    expect: {pods: " + both + "}\n";
  return y;
}

Result<scenario::Scenario> GeneratedScenario::Load() const {
  return scenario::ParseScenario(Yaml(), std::string(MESHSIM_SOURCE_DIR) + "/tests/properties/generated.yaml");
}

void showValue(const GeneratedScenario& g, std::ostream& os) {
  os << "scenario file (save it as tests/properties/NAME.yaml, next to its data/ folder, and `meshsim run` it):\n" << g.Yaml();
}

}  // namespace meshsim::properties

namespace rc {

using meshsim::properties::GeneratedAction;
using meshsim::properties::GeneratedScenario;

Gen<GeneratedAction> Arbitrary<GeneratedAction>::arbitrary() {
  // Changes (scale, delete, churn) as often as all faults together, so most cases mix both.
  static const GeneratedAction::Kind kKinds[] = {
      GeneratedAction::Kind::kScale,
      GeneratedAction::Kind::kScale,
      GeneratedAction::Kind::kDeletePods,
      GeneratedAction::Kind::kDeletePods,
      GeneratedAction::Kind::kChurn,
      GeneratedAction::Kind::kChurn,
      GeneratedAction::Kind::kControllerPause,
      GeneratedAction::Kind::kControllerCrashRestart,
      GeneratedAction::Kind::kCloudMapThrottling,
      GeneratedAction::Kind::kCloudMapErrorBurst,
      GeneratedAction::Kind::kCloudMapPropagationDelay,
      GeneratedAction::Kind::kEnvoyDisconnect,
  };
  static const char* const kDeployments[] = {"front", "colorapp-blue", "colorapp-red"};
  // gen::inRange scales its range with rapidcheck's size, and the timeline's gen::resize(6)
  // would hand its 6 down (every action a scale of front at 1-8 s); the full size restores the
  // whole range for each field while shrinking still goes towards the smallest values.
  return gen::resize(100, gen::apply(
      [](int kind, int at, int deployment, int amount, int for_s) {
        return GeneratedAction{kKinds[kind], at, kDeployments[deployment], amount, for_s};
      },
      gen::inRange(0, static_cast<int>(std::size(kKinds))), gen::inRange(1, 121),
      gen::inRange(0, 3), gen::inRange(1, 4), gen::inRange(1, 31)));
}

Gen<GeneratedScenario> Arbitrary<GeneratedScenario>::arbitrary() {
  // Selector pairs that never pick the same pods twice (two virtual nodes registering one IP
  // in one service is a different, contested situation).
  static const std::pair<const char*, const char*> kSelectors[] = {
      {"blue", "red"}, {"red", "blue"}, {"blue", "none"}, {"none", "red"}, {"none", "none"}};
  return gen::apply(
      [](uint64_t seed, int selectors, int workers, std::vector<GeneratedAction> actions) {
        return GeneratedScenario{seed, kSelectors[selectors].first, kSelectors[selectors].second,
                                 workers, std::move(actions)};
      },
      gen::inRange<uint64_t>(1, 1'000'000), gen::inRange(0, 5), gen::inRange(1, 4),
      gen::resize(6, gen::arbitrary<std::vector<GeneratedAction>>()));
}

}  // namespace rc
