// Manifest documents: apiVersion/kind dispatch, and ParseManifests (declared in loader.h).
#include "sim/scenario/manifest_parser.h"

#include "sim/scenario/loader.h"
#include "sim/scenario/yaml_parse.h"

namespace meshsim::scenario::internal {
namespace {

struct KindInfo {
  const char* kind;
  const char* api_version;
  bool namespaced;
};

constexpr KindInfo kKinds[] = {
    {"Namespace", "v1", false},
    {"Deployment", "apps/v1", true},
    {"Service", "v1", true},
    {"Mesh", "appmesh.k8s.aws/v1beta2", false},
    {"VirtualNode", "appmesh.k8s.aws/v1beta2", true},
    {"VirtualService", "appmesh.k8s.aws/v1beta2", true},
    {"VirtualRouter", "appmesh.k8s.aws/v1beta2", true},
};

const KindInfo* FindKind(const std::string& kind) {
  for (const KindInfo& k : kKinds) {
    if (kind == k.kind) return &k;
  }
  return nullptr;
}

std::vector<std::string> KindNames() {
  std::vector<std::string> names;
  for (const KindInfo& k : kKinds) names.emplace_back(k.kind);
  return names;
}

// Builds the object of `info.kind` from the document's metadata and spec.
ManifestObject ParseObject(const KindInfo& info, const kube::ObjectMeta& meta,
                           const YAML::Node& spec, ObjectReader& r) {
  std::string kind = info.kind;
  if (kind == "Namespace") return kube::Namespace{meta};
  if (kind == "Deployment") {
    kube::Deployment d;
    d.metadata = meta;
    ParseDeploymentSpec(spec, r, d.spec);
    return d;
  }
  if (kind == "Service") {
    kube::Service s;
    s.metadata = meta;
    ParseServiceSpec(spec, r, s.spec);
    return s;
  }
  if (kind == "Mesh") {
    appmesh::Mesh m;
    m.metadata = meta;
    ParseMeshSpec(spec, r, m.spec);
    return m;
  }
  if (kind == "VirtualNode") {
    appmesh::VirtualNode vn;
    vn.metadata = meta;
    ParseVirtualNodeSpec(spec, r, vn.spec);
    return vn;
  }
  if (kind == "VirtualService") {
    appmesh::VirtualService vs;
    vs.metadata = meta;
    ParseVirtualServiceSpec(spec, r, vs.spec);
    return vs;
  }
  appmesh::VirtualRouter vr;
  vr.metadata = meta;
  ParseVirtualRouterSpec(spec, r, vr.spec);
  return vr;
}

}  // namespace

std::optional<Manifest> ParseManifestDocument(const YAML::Node& doc, const ReadContext& ctx) {
  if (!doc.IsDefined() || doc.IsNull()) return std::nullopt;
  // Name the document by its kind when it has one: "unknown key 'data' in the ConfigMap document".
  const YAML::Node& const_doc = doc;
  std::string what = "the manifest document";
  if (doc.IsMap() && const_doc["kind"].IsScalar())
    what = "the " + const_doc["kind"].Scalar() + " document";
  MapReader m(doc, what, ctx);
  if (!m.valid()) return std::nullopt;
  YAML::Node api_node = m.Require("apiVersion", "an apiVersion such as apps/v1");
  YAML::Node kind_node = m.Require("kind", "one of " + JoinNames(KindNames()));
  std::optional<std::string> api = ReadString(api_node, "apiVersion", ctx);
  std::optional<std::string> kind = ReadString(kind_node, "kind", ctx);
  const KindInfo* info = kind ? FindKind(*kind) : nullptr;
  if (kind && !info) {
    ctx.Error(kind_node, "found unsupported kind '" + *kind + "'; expected one of " +
                             JoinNames(KindNames()) + DidYouMean(*kind, KindNames()));
  }
  if (info && api && *api != info->api_version) {
    ctx.Error(api_node, "found apiVersion '" + *api + "' for kind " + *kind + "; expected " +
                            info->api_version);
  }
  if (!info) {
    m.Get("metadata");
    m.Get("spec");
    m.Finish();
    return std::nullopt;
  }
  Manifest manifest;
  manifest.kind = info->kind;
  manifest.span = ctx.Span(doc);
  YAML::Node meta_node = m.Require("metadata", "metadata with a name");
  kube::ObjectMeta meta = ParseObjectMeta(meta_node, info->kind, info->namespaced, ctx);
  const YAML::Node& const_meta = meta_node;  // const: operator[] must not insert
  if (meta_node.IsMap()) manifest.field_spans["metadata.name"] = ctx.Span(const_meta["name"]);
  ObjectReader r{ctx, std::string(info->kind) + " '" + meta.name + "'", manifest};
  bool has_spec = std::string(info->kind) != "Namespace";
  YAML::Node spec = has_spec ? m.Require("spec", "the object's spec") : YAML::Node();
  manifest.object = ParseObject(*info, meta, spec, r);
  m.Finish();
  // Returned even when some field was wrong (the errors are recorded), so references to this
  // object do not cascade into more errors.
  return manifest;
}

}  // namespace meshsim::scenario::internal

namespace meshsim::scenario {

Result<std::vector<Manifest>> ParseManifests(const std::string& text, const std::string& path,
                                             const std::map<std::string, std::string>& vars) {
  internal::Diagnostics diag;
  std::vector<Manifest> manifests = internal::ParseManifestText(text, path, vars, diag);
  if (!diag.empty()) return diag.ToStatus();
  return manifests;
}

}  // namespace meshsim::scenario
