#include "sim/scenario/reference_checks.h"

#include <algorithm>

namespace meshsim::scenario::internal {
namespace {

const kube::ObjectMeta& MetaOf(const ManifestObject& object) {
  return std::visit([](const auto& o) -> const kube::ObjectMeta& { return o.metadata; }, object);
}

SourceSpan SpanAt(const Manifest& m, const std::string& path) {
  auto it = m.field_spans.find(path);
  return it == m.field_spans.end() ? m.span : it->second;
}

std::string Index(const std::string& prefix, size_t i) {
  return prefix + "[" + std::to_string(i) + "]";
}

void CheckRouter(const ManifestIndex& index, const Manifest& m, const appmesh::VirtualRouter& vr,
                 Diagnostics& diag) {
  for (size_t i = 0; i < vr.spec.routes.size(); ++i) {
    const appmesh::Route& route = vr.spec.routes[i];
    for (size_t j = 0; j < route.weighted_targets.size(); ++j) {
      const appmesh::ObjectReference& ref = route.weighted_targets[j].virtual_node_ref;
      std::string path = Index("spec.routes", i) + "." + route.protocol + "Route.action." +
                         Index("weightedTargets", j) + ".virtualNodeRef.name";
      index.Check("VirtualNode", "virtual node",
                  ref.namespace_name.value_or(vr.metadata.namespace_name), ref.name,
                  SpanAt(m, path), diag);
    }
  }
}

void CheckVirtualService(const ManifestIndex& index, const Manifest& m,
                         const appmesh::VirtualService& vs, Diagnostics& diag) {
  if (!vs.spec.provider) return;
  const std::string& ns = vs.metadata.namespace_name;
  if (const auto& ref = vs.spec.provider->virtual_router_ref) {
    index.Check("VirtualRouter", "virtual router", ref->namespace_name.value_or(ns), ref->name,
                SpanAt(m, "spec.provider.virtualRouter.virtualRouterRef.name"), diag);
  }
  if (const auto& ref = vs.spec.provider->virtual_node_ref) {
    index.Check("VirtualNode", "virtual node", ref->namespace_name.value_or(ns), ref->name,
                SpanAt(m, "spec.provider.virtualNode.virtualNodeRef.name"), diag);
  }
}

void CheckVirtualNode(const ManifestIndex& index, const Manifest& m, const appmesh::VirtualNode& vn,
                      Diagnostics& diag) {
  for (size_t i = 0; i < vn.spec.backends.size(); ++i) {
    const appmesh::ObjectReference& ref = vn.spec.backends[i].virtual_service_ref;
    index.Check("VirtualService", "virtual service",
                ref.namespace_name.value_or(vn.metadata.namespace_name), ref.name,
                SpanAt(m, Index("spec.backends", i) + ".virtualService.virtualServiceRef.name"),
                diag);
  }
}

}  // namespace

ManifestIndex::ManifestIndex(const std::vector<Manifest>& manifests) : manifests_(manifests) {
  for (const Manifest& m : manifests) {
    const kube::ObjectMeta& meta = MetaOf(m.object);
    objects_[m.kind].emplace_back(meta.namespace_name, meta.name);
  }
}

bool ManifestIndex::Has(const std::string& kind, const std::string& namespace_name,
                        const std::string& name) const {
  auto it = objects_.find(kind);
  if (it == objects_.end()) return false;
  return std::any_of(it->second.begin(), it->second.end(), [&](const auto& o) {
    return o.second == name && (namespace_name.empty() || o.first == namespace_name);
  });
}

std::vector<std::string> ManifestIndex::Names(const std::string& kind,
                                              const std::string& namespace_name) const {
  std::vector<std::string> names;
  auto it = objects_.find(kind);
  if (it == objects_.end()) return names;
  for (const auto& [ns, name] : it->second) {
    if (namespace_name.empty() || ns == namespace_name) names.push_back(name);
  }
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  return names;
}

void ManifestIndex::Check(const std::string& kind, const std::string& noun,
                          const std::string& namespace_name, const std::string& name,
                          const SourceSpan& at, Diagnostics& diag) const {
  if (Has(kind, namespace_name, name)) return;
  std::vector<std::string> names = Names(kind, namespace_name);
  std::string where = namespace_name.empty() ? "" : " in namespace '" + namespace_name + "'";
  std::string expected = names.empty() ? "a " + kind + " defined in the manifests" + where
                                       : "one of " + JoinNames(names);
  diag.Error(at, "unknown " + noun + " '" + name + "'" + where + "; expected " + expected +
                     DidYouMean(name, names));
}

void CheckManifestReferences(const ManifestIndex& index, Diagnostics& diag) {
  for (const Manifest& m : index.manifests()) {
    if (const auto* vr = std::get_if<appmesh::VirtualRouter>(&m.object)) {
      CheckRouter(index, m, *vr, diag);
    } else if (const auto* vs = std::get_if<appmesh::VirtualService>(&m.object)) {
      CheckVirtualService(index, m, *vs, diag);
    } else if (const auto* vn = std::get_if<appmesh::VirtualNode>(&m.object)) {
      CheckVirtualNode(index, m, *vn, diag);
    }
  }
}

}  // namespace meshsim::scenario::internal
