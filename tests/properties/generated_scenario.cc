#include "tests/properties/generated_scenario.h"

#include <algorithm>

#include "sim/scenario/loader.h"

namespace meshsim::properties {
namespace {

// The pods a `version` selector picks, as an expectation's pod reference list.
std::string PodsSelected(const std::string& version) {
  if (version == "none") return "[]";
  return "[{selector: {app: colorapp, version: " + version + "}}]";
}

std::string Action(const GeneratedAction& a) {
  std::string at = "{at: " + std::to_string(a.at_s) + "s, ";
  if (a.delete_pods) {
    return at + "delete_pods: {pods: {deployment: " + a.deployment + "}, grace_period: 2s}}";
  }
  return at + "scale: {deployment: " + a.deployment + ", replicas: " + std::to_string(a.replicas) + "}}";
}

}  // namespace

std::string GeneratedScenario::Yaml() const {
  std::vector<GeneratedAction> sorted = actions;
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](const auto& a, const auto& b) { return a.at_s < b.at_s; });
  std::string both = blue_selects == "none" ? PodsSelected(red_selects)
                     : red_selects == "none" ? PodsSelected(blue_selects)
                     : "[{selector: {app: colorapp, version: " + blue_selects +
                           "}}, {selector: {app: colorapp, version: " + red_selects + "}}]";
  std::string y = "name: generated\nseed: " + std::to_string(seed) + "\nduration: 5m\n"
      "vars:\n  APP_NAMESPACE: howto-k8s-cloudmap\n  MESH_NAME: howto-k8s-cloudmap\n"
      "  CLOUDMAP_NAMESPACE: howto-k8s-cloudmap.pvt.aws.local\n  FRONT_APP_IMAGE: feapp\n"
      "  COLOR_APP_IMAGE: colorapp\n  BLUE_VN_SELECTS: " + blue_selects + "\n"
      "  RED_VN_SELECTS: " + red_selects + "\n"
      "manifests: [data/mesh.yaml.template]\n"
      "cloudmap:\n  namespaces: [{name: howto-k8s-cloudmap.pvt.aws.local, type: DNS_PRIVATE, vpc: vpc-1}]\n"
      "settings:\n  controller: {workers: " + std::to_string(workers) + "}\n"
      "timeline:\n  - {at: 0s, apply: manifests}\n";
  for (const auto& a : sorted) y += "  - " + Action(a) + "\n";
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
  os << "scenario file (save it next to tests/properties/data/ and `meshsim run` it):\n" << g.Yaml();
}

}  // namespace meshsim::properties

namespace rc {

using meshsim::properties::GeneratedAction;
using meshsim::properties::GeneratedScenario;

Gen<GeneratedAction> Arbitrary<GeneratedAction>::arbitrary() {
  return gen::apply(
      [](int at, bool del, int deployment, int replicas) {
        static const char* const kDeployments[] = {"front", "colorapp-blue", "colorapp-red"};
        return GeneratedAction{at, del, kDeployments[deployment], replicas};
      },
      gen::inRange(1, 121), gen::arbitrary<bool>(), gen::inRange(0, 3), gen::inRange(1, 4));
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
