#include "sim/scenario/backend_cycles.h"

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/depth_first_search.hpp>
#include <map>
#include <string>

namespace meshsim::scenario::internal {
namespace {

struct Vertex {
  std::string label;  // "virtual node 'front'"
};
struct Edge {
  SourceSpan span;       // where the reference is written
  bool backend = false;  // a virtual node's backend (the reference to point at)
};
using Graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS, Vertex, Edge>;
using VertexId = Graph::vertex_descriptor;
using EdgeId = Graph::edge_descriptor;

class Builder {
 public:
  VertexId Of(const std::string& kind, const std::string& ns, const std::string& name) {
    std::string key = kind + "/" + ns + "/" + name;
    auto it = ids_.find(key);
    if (it != ids_.end()) return it->second;
    std::string noun = kind == "VirtualNode"      ? "virtual node"
                       : kind == "VirtualService" ? "virtual service"
                                                  : "virtual router";
    VertexId v = boost::add_vertex(Vertex{noun + " '" + name + "'"}, graph_);
    ids_.emplace(key, v);
    return v;
  }
  void Link(VertexId from, VertexId to, const SourceSpan& span, bool backend = false) {
    boost::add_edge(from, to, Edge{span, backend}, graph_);
  }
  Graph& graph() { return graph_; }

 private:
  Graph graph_;
  std::map<std::string, VertexId> ids_;
};

SourceSpan SpanAt(const Manifest& m, const std::string& path) {
  auto it = m.field_spans.find(path);
  return it == m.field_spans.end() ? m.span : it->second;
}

std::string Indexed(const std::string& prefix, size_t i) {
  return prefix + "[" + std::to_string(i) + "]";
}

void AddEdges(const Manifest& m, Builder& b) {
  if (const auto* vn = std::get_if<appmesh::VirtualNode>(&m.object)) {
    const std::string& ns = vn->metadata.namespace_name;
    VertexId from = b.Of("VirtualNode", ns, vn->metadata.name);
    for (size_t i = 0; i < vn->spec.backends.size(); ++i) {
      const appmesh::ObjectReference& ref = vn->spec.backends[i].virtual_service_ref;
      b.Link(from, b.Of("VirtualService", ref.namespace_name.value_or(ns), ref.name),
             SpanAt(m, Indexed("spec.backends", i) + ".virtualService.virtualServiceRef.name"),
             /*backend=*/true);
    }
  } else if (const auto* vs = std::get_if<appmesh::VirtualService>(&m.object)) {
    const std::string& ns = vs->metadata.namespace_name;
    VertexId from = b.Of("VirtualService", ns, vs->metadata.name);
    if (!vs->spec.provider) return;
    if (const auto& ref = vs->spec.provider->virtual_node_ref) {
      b.Link(from, b.Of("VirtualNode", ref->namespace_name.value_or(ns), ref->name), m.span);
    }
    if (const auto& ref = vs->spec.provider->virtual_router_ref) {
      b.Link(from, b.Of("VirtualRouter", ref->namespace_name.value_or(ns), ref->name), m.span);
    }
  } else if (const auto* vr = std::get_if<appmesh::VirtualRouter>(&m.object)) {
    const std::string& ns = vr->metadata.namespace_name;
    VertexId from = b.Of("VirtualRouter", ns, vr->metadata.name);
    for (const appmesh::Route& route : vr->spec.routes) {
      for (const auto& target : route.weighted_targets) {
        const appmesh::ObjectReference& ref = target.virtual_node_ref;
        b.Link(from, b.Of("VirtualNode", ref.namespace_name.value_or(ns), ref.name), m.span);
      }
    }
  }
}

// Records the back edges of a depth-first search and the tree edge into each vertex.
class CycleFinder : public boost::default_dfs_visitor {
 public:
  CycleFinder(std::vector<EdgeId>& back, std::map<VertexId, EdgeId>& parent)
      : back_(back), parent_(parent) {}
  void tree_edge(EdgeId e, const Graph& g) { parent_[boost::target(e, g)] = e; }
  void back_edge(EdgeId e, const Graph&) { back_.push_back(e); }

 private:
  std::vector<EdgeId>& back_;
  std::map<VertexId, EdgeId>& parent_;
};

}  // namespace

void CheckBackendCycles(const std::vector<Manifest>& manifests, Diagnostics& diag) {
  Builder b;
  for (const Manifest& m : manifests) AddEdges(m, b);
  Graph& g = b.graph();
  std::vector<EdgeId> back;
  std::map<VertexId, EdgeId> parent;
  boost::depth_first_search(g, boost::visitor(CycleFinder(back, parent)));
  for (const EdgeId& e : back) {
    // The cycle is target(e) -> ... -> source(e) along tree edges, closed by e.
    VertexId head = boost::target(e, g);
    std::vector<VertexId> path = {boost::source(e, g)};
    SourceSpan at = g[e].span;
    bool found_backend = g[e].backend;
    while (path.back() != head) {
      EdgeId in = parent.at(path.back());
      if (!found_backend && g[in].backend) at = g[in].span, found_backend = true;
      path.push_back(boost::source(in, g));
    }
    std::string text;
    for (auto it = path.rbegin(); it != path.rend(); ++it) text += g[*it].label + " -> ";
    text += g[head].label;
    diag.Error(at, "found a backend cycle: " + text +
                              "; expected virtual node backends that never lead back to the "
                              "same virtual node");
  }
}

}  // namespace meshsim::scenario::internal
