#include "fakes/appmesh/mesh_graph.h"

#include <boost/graph/depth_first_search.hpp>
#include <boost/graph/properties.hpp>
#include <boost/property_map/vector_property_map.hpp>

namespace meshsim::fakes {
namespace {

const char* KindName(MeshGraph::Kind kind) {
  switch (kind) {
    case MeshGraph::Kind::kVirtualNode:
      return "VirtualNode";
    case MeshGraph::Kind::kVirtualService:
      return "VirtualService";
    case MeshGraph::Kind::kVirtualRouter:
      return "VirtualRouter";
  }
  return "?";
}

// "namespace/name" of a reference made from an object in `from_namespace`.
std::string RefKey(const appmesh::ObjectReference& ref, const std::string& from_namespace) {
  return ref.namespace_name.value_or(from_namespace) + "/" + ref.name;
}

const std::vector<std::string>& EmptyList() {
  static const std::vector<std::string> kEmpty;
  return kEmpty;
}

}  // namespace

std::string MeshGraph::VertexKey(Kind kind, const std::string& object_key) {
  return std::string(KindName(kind)) + "/" + object_key;
}

void MeshGraph::AddVertex(Kind kind, const std::string& object_key) {
  Vertex v = boost::add_vertex(VertexProps{kind, object_key}, graph_);
  index_.emplace(VertexKey(kind, object_key), v);
}

void MeshGraph::AddEdge(Kind from_kind, const std::string& from, Kind to_kind,
                        const std::string& to) {
  auto a = index_.find(VertexKey(from_kind, from));
  auto b = index_.find(VertexKey(to_kind, to));
  if (a == index_.end() || b == index_.end()) return;  // dangling reference: no edge
  boost::add_edge(a->second, b->second, graph_);
}

MeshGraph::MeshGraph(const VirtualNodes& vns, const VirtualServices& vss,
                     const VirtualRouters& vrs) {
  for (const auto& [key, vn] : vns) AddVertex(Kind::kVirtualNode, key);
  for (const auto& [key, vs] : vss) AddVertex(Kind::kVirtualService, key);
  for (const auto& [key, vr] : vrs) AddVertex(Kind::kVirtualRouter, key);

  for (const auto& [key, vn] : vns) {
    for (const auto& backend : vn.spec.backends) {
      AddEdge(Kind::kVirtualNode, key, Kind::kVirtualService,
              RefKey(backend.virtual_service_ref, vn.metadata.namespace_name));
    }
  }
  for (const auto& [key, vs] : vss) {
    if (!vs.spec.provider) continue;
    const std::string& ns = vs.metadata.namespace_name;
    if (vs.spec.provider->virtual_router_ref) {
      AddEdge(Kind::kVirtualService, key, Kind::kVirtualRouter,
              RefKey(*vs.spec.provider->virtual_router_ref, ns));
    }
    if (vs.spec.provider->virtual_node_ref) {
      AddEdge(Kind::kVirtualService, key, Kind::kVirtualNode,
              RefKey(*vs.spec.provider->virtual_node_ref, ns));
    }
  }
  for (const auto& [key, vr] : vrs) {
    for (const auto& route : vr.spec.routes) {
      for (const auto& target : route.weighted_targets) {
        AddEdge(Kind::kVirtualRouter, key, Kind::kVirtualNode,
                RefKey(target.virtual_node_ref, vr.metadata.namespace_name));
      }
    }
  }

  for (const auto& [key, vn] : vns) {
    std::set<std::string> ups = ResolveFrom(index_.at(VertexKey(Kind::kVirtualNode, key)));
    for (const auto& up : ups) downstreams_[up].push_back(key);  // keys visited in order
    upstreams_[key] = std::vector<std::string>(ups.begin(), ups.end());
  }
}

namespace {

// Records every virtual node that an explored service or router points at.
class TargetCollector : public boost::default_dfs_visitor {
 public:
  explicit TargetCollector(std::set<std::string>* out) : out_(out) {}
  template <class Edge, class G>
  void examine_edge(Edge e, const G& g) const {
    const auto& target = g[boost::target(e, g)];
    if (g[boost::source(e, g)].kind != MeshGraph::Kind::kVirtualNode &&
        target.kind == MeshGraph::Kind::kVirtualNode) {
      out_->insert(target.object_key);
    }
  }

 private:
  std::set<std::string>* out_;
};

}  // namespace

std::set<std::string> MeshGraph::ResolveFrom(Vertex start) const {
  std::set<std::string> out;
  boost::vector_property_map<boost::default_color_type> color(boost::num_vertices(graph_));
  for (Vertex v = 0; v < boost::num_vertices(graph_); ++v) color[v] = boost::white_color;
  // A virtual node other than the start is a leaf: its own backends are its Envoy's business.
  auto stop_at_nodes = [start](Vertex v, const Graph& g) {
    return v != start && g[v].kind == Kind::kVirtualNode;
  };
  boost::depth_first_visit(graph_, start, TargetCollector(&out), color, stop_at_nodes);
  return out;
}

std::vector<std::string> MeshGraph::TargetsOf(const std::string& vs_key) const {
  auto it = index_.find(VertexKey(Kind::kVirtualService, vs_key));
  if (it == index_.end()) return {};
  std::set<std::string> targets = ResolveFrom(it->second);
  return std::vector<std::string>(targets.begin(), targets.end());
}

const std::vector<std::string>& MeshGraph::UpstreamsOf(const std::string& vn_key) const {
  auto it = upstreams_.find(vn_key);
  return it == upstreams_.end() ? EmptyList() : it->second;
}

const std::vector<std::string>& MeshGraph::DownstreamsOf(const std::string& vn_key) const {
  auto it = downstreams_.find(vn_key);
  return it == downstreams_.end() ? EmptyList() : it->second;
}

}  // namespace meshsim::fakes
