#include "sim/scenario/not_modelled.h"

namespace meshsim::scenario {

const std::vector<NotModelledField>& NotModelledFields() {
  static const std::vector<NotModelledField> kFields = {
      // Kubernetes
      {"Deployment.spec", "progressDeadlineSeconds", "rollouts never time out in meshsim"},
      {"Deployment.spec", "paused", "rollouts are never paused"},
      {"PodSpec", "serviceAccountName", "no IAM roles for service accounts"},
      {"PodSpec", "serviceAccount", "no IAM roles for service accounts"},
      {"PodSpec", "automountServiceAccountToken", "no service account tokens"},
      {"PodSpec", "volumes", "no storage"},
      {"PodSpec", "nodeSelector", "the scheduler spreads pods over nodes by itself"},
      {"PodSpec", "affinity", "the scheduler spreads pods over nodes by itself"},
      {"PodSpec", "tolerations", "nodes carry no taints"},
      {"PodSpec", "topologySpreadConstraints", "the scheduler spreads pods over nodes by itself"},
      {"PodSpec", "priorityClassName", "no preemption"},
      {"PodSpec", "securityContext", "no security model"},
      {"PodSpec", "imagePullSecrets", "image pulls always succeed"},
      {"PodSpec", "dnsPolicy", "no DNS model inside pods"},
      {"PodSpec", "dnsConfig", "no DNS model inside pods"},
      {"PodSpec", "hostNetwork", "every pod gets its own IP"},
      {"Container", "resources", "no CPU or memory model"},
      {"Container", "imagePullPolicy", "image pulls take the configured start-up time"},
      {"Container", "command", "containers run the modelled app"},
      {"Container", "args", "containers run the modelled app"},
      {"Container", "workingDir", "containers run the modelled app"},
      {"Container", "envFrom", "no ConfigMaps or Secrets"},
      {"Container", "volumeMounts", "no storage"},
      {"Container", "livenessProbe", "app containers never fail their probes"},
      {"Container", "readinessProbe", "app containers are ready when started"},
      {"Container", "startupProbe", "app containers are ready when started"},
      {"Container", "lifecycle", "only the injected Envoy's preStop is modelled"},
      {"Container", "securityContext", "no security model"},
      {"Container", "terminationMessagePath", "no container logs"},
      {"Container", "terminationMessagePolicy", "no container logs"},
      {"Container", "stdin", "no terminals"},
      {"Container", "tty", "no terminals"},
      {"EnvVar", "valueFrom", "no ConfigMaps, Secrets or downward API"},
      {"Service.spec", "sessionAffinity", "no kube-proxy model"},
      {"Service.spec", "externalTrafficPolicy", "no kube-proxy model"},
      {"Service.spec", "ipFamilies", "IPv4 only"},
      {"Service.spec", "ipFamilyPolicy", "IPv4 only"},
      {"Service.spec", "publishNotReadyAddresses", "no Endpoints objects"},
      {"ServicePort", "nodePort", "no NodePort or LoadBalancer traffic"},
      {"ServicePort", "appProtocol", "no kube-proxy model"},
      // App Mesh
      {"Mesh.spec", "meshServiceDiscovery", "IPv4 only (ipPreference)"},
      {"VirtualNode.spec", "logging", "no Envoy access logs"},
      {"VirtualNode.spec", "backendDefaults", "no client TLS policy"},
      {"VirtualServiceBackend", "clientPolicy", "no client TLS policy"},
      {"Listener", "tls", "no TLS"},
      {"Listener", "timeout", "no request model beyond endpoint sets"},
      {"Listener", "connectionPool", "no connection model"},
      {"Listener", "outlierDetection", "no request failures to eject endpoints on"},
      {"AwsCloudMap", "ipPreference", "IPv4 only"},
      {"Dns", "responseType", "DNS discovery is not simulated"},
      {"Dns", "ipPreference", "IPv4 only"},
      {"Route", "retryPolicy", "no request model beyond endpoint sets"},
      {"Route", "timeout", "no request model beyond endpoint sets"},
      {"RouteMatch", "headers", "routes are chosen by weight only"},
      {"RouteMatch", "method", "routes are chosen by weight only"},
      {"RouteMatch", "scheme", "routes are chosen by weight only"},
      {"RouteMatch", "path", "routes are chosen by weight only"},
      {"RouteMatch", "queryParameters", "routes are chosen by weight only"},
      {"RouteMatch", "port", "routes are chosen by weight only"},
      {"RouteMatch", "serviceName", "routes are chosen by weight only (gRPC)"},
      {"RouteMatch", "methodName", "routes are chosen by weight only (gRPC)"},
      {"RouteMatch", "metadata", "routes are chosen by weight only (gRPC)"},
  };
  return kFields;
}

bool IsNotModelled(std::string_view table, std::string_view key) {
  for (const NotModelledField& f : NotModelledFields()) {
    if (table == f.table && key == f.key) return true;
  }
  return false;
}

std::vector<std::string> NotModelledKeys(std::string_view table) {
  std::vector<std::string> keys;
  for (const NotModelledField& f : NotModelledFields()) {
    if (table == f.table) keys.push_back(f.key);
  }
  return keys;
}

}  // namespace meshsim::scenario
