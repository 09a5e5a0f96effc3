// The accepted-not-modelled table: its fields load and are dropped, and the docs list them all.
#include "sim/scenario/not_modelled.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "sim/scenario/loader.h"
#include "tests/sim/scenario/test_util.h"

namespace meshsim::scenario {
namespace {

TEST(NotModelled, EveryFieldIsDocumented) {
  std::ifstream in(SourcePath("docs/scenario-format.md"));
  ASSERT_TRUE(in) << "docs/scenario-format.md missing";
  std::stringstream doc;
  doc << in.rdbuf();
  for (const NotModelledField& f : NotModelledFields()) {
    std::string row = std::string("| `") + f.table + "` | `" + f.key + "` |";
    EXPECT_NE(doc.str().find(row), std::string::npos) << "docs lack the row " << row;
  }
}

TEST(NotModelled, LookupIsPerTable) {
  EXPECT_TRUE(IsNotModelled("Container", "livenessProbe"));
  EXPECT_FALSE(IsNotModelled("PodSpec", "livenessProbe"));
  EXPECT_FALSE(IsNotModelled("Container", "image"));
}

TEST(NotModelled, AppMeshFieldsLoadAndAreDropped) {
  Result<std::vector<Manifest>> r = ParseManifests(Yaml(R"(
apiVersion: appmesh.k8s.aws/v1beta2
kind: VirtualNode
metadata: {name: vn, namespace: ns}
spec:
  logging: {accessLog: {file: {path: /dev/stdout}}}
  listeners:
    - portMapping: {port: 8080, protocol: http}
      tls: {mode: STRICT}
      connectionPool: {http: {maxConnections: 1}}
      timeout: {http: {idle: {unit: s, value: 1}}}
  serviceDiscovery:
    dns: {hostname: vn.ns.svc.cluster.local, responseType: ENDPOINTS}
)"),
                                                   "m.yaml", {});
  ASSERT_TRUE(r.ok()) << r.status().message();
  const auto& vn = std::get<appmesh::VirtualNode>((*r)[0].object);
  EXPECT_EQ(vn.spec.listeners.at(0).port_mapping.port, 8080);
  EXPECT_EQ(vn.spec.service_discovery->dns->hostname, "vn.ns.svc.cluster.local");
}

}  // namespace
}  // namespace meshsim::scenario
