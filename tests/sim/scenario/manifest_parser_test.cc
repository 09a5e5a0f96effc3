// Manifests: kinds, fields, ${VAR} substitution and the errors a user sees.
#include <gtest/gtest.h>

#include "sim/scenario/loader.h"
#include "tests/sim/scenario/test_util.h"

namespace meshsim::scenario {
namespace {

const std::map<std::string, std::string> kVars = {{"APP_NAMESPACE", "demo"},
                                                  {"IMAGE", "repo/app:1"}};

Result<std::vector<Manifest>> Parse(const std::string& text) {
  return ParseManifests(Yaml(text), "m.yaml", kVars);
}

const std::string kDeployment = R"(
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: ${APP_NAMESPACE}
spec:
  replicas: 3
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web, tier: front}
    spec:
      terminationGracePeriodSeconds: 10
      containers:
        - name: web
          image: ${IMAGE}
          imagePullPolicy: Always
          resources: {limits: {cpu: 100m}}
          ports:
            - containerPort: 8080
          env:
            - name: A
              value: "1"
)";

TEST(ParseManifests, ReadsDeploymentFieldsAndSubstitutesVars) {
  Result<std::vector<Manifest>> r = Parse(kDeployment);
  ASSERT_TRUE(r.ok()) << r.status().message();
  ASSERT_EQ(r->size(), 1u);
  EXPECT_EQ((*r)[0].kind, "Deployment");
  EXPECT_EQ((*r)[0].span.ToString(), "m.yaml:1:1");
  const auto& d = std::get<kube::Deployment>((*r)[0].object);
  EXPECT_EQ(d.metadata.name, "web");
  EXPECT_EQ(d.metadata.namespace_name, "demo");
  EXPECT_EQ(d.spec.replicas, 3);
  EXPECT_EQ(d.spec.selector.match_labels, (kube::Labels{{"app", "web"}}));
  EXPECT_EQ(d.spec.template_.metadata.labels, (kube::Labels{{"app", "web"}, {"tier", "front"}}));
  EXPECT_EQ(d.spec.template_.spec.termination_grace_period_seconds, 10);
  ASSERT_EQ(d.spec.template_.spec.containers.size(), 1u);
  const kube::Container& c = d.spec.template_.spec.containers[0];
  EXPECT_EQ(c.image, "repo/app:1");
  EXPECT_EQ(c.ports, (std::vector<kube::ContainerPort>{{"", 8080, "TCP"}}));
  EXPECT_EQ(c.env, (std::vector<kube::EnvVar>{{"A", "1"}}));
  EXPECT_EQ(d.spec.strategy.type, "RollingUpdate");
}

TEST(ParseManifests, DefaultsNamespaceAndSkipsEmptyDocuments) {
  Result<std::vector<Manifest>> r = Parse(R"(
---
---
apiVersion: v1
kind: Service
metadata: {name: s}
spec:
  ports: [{port: 80, targetPort: 8080}, {port: 90}]
)");
  ASSERT_TRUE(r.ok()) << r.status().message();
  ASSERT_EQ(r->size(), 1u);
  const auto& s = std::get<kube::Service>((*r)[0].object);
  EXPECT_EQ(s.metadata.namespace_name, "default");
  EXPECT_FALSE(s.spec.selector.has_value());
  EXPECT_EQ(s.spec.ports[0].target_port, 8080);
  EXPECT_EQ(s.spec.ports[1].target_port, 90);
}

TEST(ParseManifests, UnknownKeyPointsAtKeyWithDidYouMean) {
  std::string text = kDeployment;
  text.replace(text.find("replicas: 3"), 11, "replicaz: 3");
  EXPECT_EQ(ErrorsOf(Parse(text)),
            "m.yaml:7:3: error: unknown key 'replicaz' in Deployment 'web'.spec; expected one of "
            "replicas, selector, template, strategy, minReadySeconds, revisionHistoryLimit "
            "(did you mean 'replicas'?)");
}

TEST(ParseManifests, UnknownContainerKeyIsNotConfusedWithAcceptedOnes) {
  std::string text = kDeployment;
  text.replace(text.find("imagePullPolicy"), 15, "imagePullPolicee");
  EXPECT_EQ(ErrorsOf(Parse(text)),
            "m.yaml:18:11: error: unknown key 'imagePullPolicee' in Deployment "
            "'web'.spec.template.spec.containers[0]; expected one of name, image, ports, env "
            "(did you mean 'imagePullPolicy'?)");
}

TEST(ParseManifests, WrongTypePointsAtValue) {
  std::string text = kDeployment;
  text.replace(text.find("replicas: 3"), 11, "replicas: [3]");
  EXPECT_EQ(ErrorsOf(Parse(text)),
            "m.yaml:7:13: error: found a list for 'replicas'; expected a non-negative integer");
  text = kDeployment;
  text.replace(text.find("replicas: 3"), 11, "replicas: three");
  EXPECT_EQ(ErrorsOf(Parse(text)),
            "m.yaml:7:13: error: found 'three' for 'replicas'; expected a non-negative integer");
}

TEST(ParseManifests, MissingKeyPointsAtParentMap) {
  EXPECT_EQ(ErrorsOf(Parse(R"(
apiVersion: v1
kind: Service
metadata:
  namespace: x
spec: {}
)")),
            "m.yaml:4:3: error: missing key 'name' in Service.metadata; expected the object's "
            "name");
}

TEST(ParseManifests, MissingKeyInEmptyMapPointsAtItsKey) {
  EXPECT_EQ(ErrorsOf(Parse(R"(
apiVersion: v1
kind: Namespace
metadata:
)")),
            "m.yaml:3:1: error: missing key 'name' in Namespace.metadata; expected the object's "
            "name");
}

TEST(ParseManifests, UnsetVariableIsReportedAtItsColumn) {
  EXPECT_EQ(ErrorsOf(Parse(R"(
apiVersion: v1
kind: Namespace
metadata:
  name: x-${APP_NAMESPAC}
  labels: {a: "${MISSING}"}
)")),
            "m.yaml:4:11: error: found unset variable '${APP_NAMESPAC}'; expected one of "
            "APP_NAMESPACE, IMAGE (the scenario's vars) (did you mean 'APP_NAMESPACE'?)\n"
            "m.yaml:5:16: error: found unset variable '${MISSING}'; expected one of "
            "APP_NAMESPACE, IMAGE (the scenario's vars)");
}

TEST(ParseManifests, UnknownKindListsSupportedKinds) {
  EXPECT_EQ(ErrorsOf(Parse(R"(
apiVersion: v1
kind: ConfigMap
metadata: {name: x}
data: {a: b}
)")),
            "m.yaml:2:7: error: found unsupported kind 'ConfigMap'; expected one of Namespace, "
            "Deployment, Service, Mesh, VirtualNode, VirtualService, VirtualRouter\n"
            "m.yaml:4:1: error: unknown key 'data' in the ConfigMap document; expected one of "
            "apiVersion, kind, metadata, spec");
}

TEST(ParseManifests, WrongApiVersionForKind) {
  EXPECT_EQ(ErrorsOf(Parse(R"(
apiVersion: appmesh.k8s.aws/v1beta1
kind: Mesh
metadata: {name: m}
spec: {}
)")),
            "m.yaml:1:13: error: found apiVersion 'appmesh.k8s.aws/v1beta1' for kind Mesh; "
            "expected appmesh.k8s.aws/v1beta2");
}

TEST(ParseManifests, SyntaxErrorHasPosition) {
  EXPECT_EQ(ErrorsOf(Parse(R"(
apiVersion: v1
kind: Namespace
metadata:
  name: [unclosed
)")),
            "m.yaml:5:1: error: found invalid YAML (end of sequence flow not found); expected "
            "well-formed YAML");
}

TEST(ParseManifests, CollectsAllErrorsSortedByPosition) {
  std::string text = kDeployment;
  text.replace(text.find("containerPort: 8080"), 19, "containerPort: 0");
  text.replace(text.find("replicas: 3"), 11, "replicas: -1");
  std::string errors = ErrorsOf(Parse(text));
  EXPECT_EQ(errors,
            "m.yaml:7:13: error: found '-1' for 'replicas'; expected an integer from 0 to "
            "2147483647\n"
            "m.yaml:21:30: error: found '0' for 'containerPort'; expected an integer from 1 to "
            "65535");
}

TEST(ParseManifests, SelectorMustMatchTemplateLabels) {
  std::string text = kDeployment;
  text.replace(text.find("matchLabels: {app: web}"), 23, "matchLabels: {app: api}");
  EXPECT_EQ(ErrorsOf(Parse(text)),
            "m.yaml:9:5: error: found a selector in Deployment 'web'.spec that does not match "
            "the template's labels; expected it to select spec.template.metadata.labels");
}

TEST(ParseManifests, ReadsVirtualRouterRoutes) {
  Result<std::vector<Manifest>> r = Parse(R"(
apiVersion: appmesh.k8s.aws/v1beta2
kind: VirtualRouter
metadata: {name: vr, namespace: ns}
spec:
  listeners: [{portMapping: {port: 8080, protocol: http}}]
  routes:
    - name: r
      priority: 5
      http2Route:
        match: {prefix: /, headers: [{name: x}]}
        action:
          weightedTargets:
            - {virtualNodeRef: {name: a}, weight: 3}
            - {virtualNodeRef: {name: b, namespace: other}, weight: 0, port: 9090}
        retryPolicy: {maxRetries: 2}
)");
  ASSERT_TRUE(r.ok()) << r.status().message();
  const auto& vr = std::get<appmesh::VirtualRouter>((*r)[0].object);
  ASSERT_EQ(vr.spec.routes.size(), 1u);
  const appmesh::Route& route = vr.spec.routes[0];
  EXPECT_EQ(route.protocol, "http2");
  EXPECT_EQ(route.prefix, "/");
  EXPECT_EQ(route.priority, 5);
  ASSERT_EQ(route.weighted_targets.size(), 2u);
  EXPECT_EQ(route.weighted_targets[0].virtual_node_ref.name, "a");
  EXPECT_EQ(route.weighted_targets[0].weight, 3);
  EXPECT_EQ(route.weighted_targets[1].virtual_node_ref.namespace_name, "other");
  EXPECT_EQ(route.weighted_targets[1].port, 9090);
  EXPECT_EQ((*r)[0]
                .field_spans
                .at("spec.routes[0].http2Route.action.weightedTargets[1]"
                    ".virtualNodeRef.name")
                .ToString(),
            "m.yaml:14:39");
}

TEST(ParseManifests, VirtualServiceNeedsExactlyOneProvider) {
  EXPECT_EQ(ErrorsOf(Parse(R"(
apiVersion: appmesh.k8s.aws/v1beta2
kind: VirtualService
metadata: {name: vs, namespace: ns}
spec:
  provider:
    virtualNode: {virtualNodeRef: {name: a}}
    virtualRouter: {virtualRouterRef: {name: b}}
)")),
            "m.yaml:6:5: error: found both virtualNode and virtualRouter in VirtualService "
            "'vs'.spec.provider; expected exactly one of virtualNode, virtualRouter");
}

TEST(ParseManifests, ClusterScopedKindsRejectNamespace) {
  EXPECT_EQ(ErrorsOf(Parse(R"(
apiVersion: appmesh.k8s.aws/v1beta2
kind: Mesh
metadata: {name: m, namespace: x}
spec: {egressFilter: {type: ALLOW_ALL}}
)")),
            "m.yaml:3:21: error: unknown key 'namespace' in Mesh.metadata; expected one of "
            "name, labels, annotations");
}

}  // namespace
}  // namespace meshsim::scenario
