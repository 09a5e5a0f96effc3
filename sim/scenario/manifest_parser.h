// File: sim/scenario/manifest_parser.h
//
// Internal to sim/scenario: turns one manifest document (already split from a multi-document
// file) into a Manifest, validating apiVersion/kind pairs and every key. Kubernetes kinds are
// parsed in kube_parser.cc, App Mesh kinds in appmesh_parser.cc.
//
// Example:
//   ObjectReader r{ctx, "Deployment 'front'", manifest};
//   ParseDeploymentSpec(doc["spec"], r, deployment.spec);
#pragma once

#include <yaml-cpp/yaml.h>

#include <optional>
#include <string>

#include "sim/scenario/scenario.h"
#include "sim/scenario/yaml_reader.h"

namespace meshsim::scenario::internal {

// The state shared while parsing one object.
struct ObjectReader {
  const ReadContext& ctx;
  std::string what;  // "Deployment 'front'", for messages
  Manifest& manifest;
  // Remembers where the field at `path` was written.
  void Note(const std::string& path, const YAML::Node& node) {
    if (node.IsDefined()) manifest.field_spans[path] = ctx.Span(node);
  }
};

// Parses one document; nullopt (errors recorded) when it is not a valid object, and also for
// an empty document, which kubectl skips.
std::optional<Manifest> ParseManifestDocument(const YAML::Node& doc, const ReadContext& ctx);

// Kubernetes (kube_parser.cc).
kube::ObjectMeta ParseObjectMeta(const YAML::Node& node, const std::string& kind, bool namespaced,
                                 const ReadContext& ctx);
std::optional<kube::LabelSelector> ParseLabelSelector(const YAML::Node& node,
                                                      const std::string& what,
                                                      const ReadContext& ctx);
void ParseDeploymentSpec(const YAML::Node& node, ObjectReader& r, kube::DeploymentSpec& out);
void ParseServiceSpec(const YAML::Node& node, ObjectReader& r, kube::ServiceSpec& out);

// App Mesh (appmesh_parser.cc).
void ParseMeshSpec(const YAML::Node& node, ObjectReader& r, appmesh::MeshSpec& out);
void ParseVirtualNodeSpec(const YAML::Node& node, ObjectReader& r, appmesh::VirtualNodeSpec& out);
void ParseVirtualServiceSpec(const YAML::Node& node, ObjectReader& r,
                             appmesh::VirtualServiceSpec& out);
void ParseVirtualRouterSpec(const YAML::Node& node, ObjectReader& r,
                            appmesh::VirtualRouterSpec& out);

// Copies `value` into `out` when it is set.
template <class T, class U>
void Assign(const std::optional<T>& value, U& out) {
  if (value) out = static_cast<U>(*value);
}

}  // namespace meshsim::scenario::internal
