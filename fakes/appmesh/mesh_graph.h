// File: fakes/appmesh/mesh_graph.h
//
// The mesh's dependency graph, as App Mesh resolves it to decide which clusters each Envoy
// needs. Vertices are VirtualNodes, VirtualServices and VirtualRouters keyed
// "kind/namespace/name"; edges run VN -> VS (backends), VS -> VR or VS -> VN (provider) and
// VR -> VN (weighted targets). References to objects that do not exist add no edge. Built with
// Boost.Graph from sorted maps, so vertex and edge order (and every answer) is deterministic.
//
// Example:
//   MeshGraph g(vns, vss, vrs);
//   g.TargetsOf("howto-k8s-cloudmap/colorapp");     // {".../colorapp-blue", ".../colorapp-red"}
//   g.UpstreamsOf("howto-k8s-cloudmap/front");      // the same: front's backend resolved
//   g.DownstreamsOf("howto-k8s-cloudmap/colorapp-red");  // {"howto-k8s-cloudmap/front"}
#pragma once

#include <boost/graph/adjacency_list.hpp>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "controller/api/appmesh_types.h"

namespace meshsim::fakes {

class MeshGraph {
 public:
  enum class Kind { kVirtualNode, kVirtualService, kVirtualRouter };

  // Objects keyed "namespace/name", as the control plane's caches hold them.
  using VirtualNodes = std::map<std::string, appmesh::VirtualNode>;
  using VirtualServices = std::map<std::string, appmesh::VirtualService>;
  using VirtualRouters = std::map<std::string, appmesh::VirtualRouter>;

  // The empty mesh.
  MeshGraph() = default;
  // The graph of these objects. Built in place: copying a Boost graph is not cheap.
  MeshGraph(const VirtualNodes& vns, const VirtualServices& vss, const VirtualRouters& vrs);
  MeshGraph(const MeshGraph&) = delete;
  MeshGraph& operator=(const MeshGraph&) = delete;

  // Returns the virtual nodes ("namespace/name", sorted) the virtual service `vs_key` resolves
  // to: its provider node, or its router's weighted targets. Empty for an unknown service.
  std::vector<std::string> TargetsOf(const std::string& vs_key) const;
  // Returns the virtual nodes (sorted) the Envoy of virtual node `vn_key` needs clusters for:
  // the targets of all its backends.
  const std::vector<std::string>& UpstreamsOf(const std::string& vn_key) const;
  // Returns the virtual nodes (sorted) whose Envoys need a cluster for `vn_key`.
  const std::vector<std::string>& DownstreamsOf(const std::string& vn_key) const;

  size_t vertex_count() const { return boost::num_vertices(graph_); }
  size_t edge_count() const { return boost::num_edges(graph_); }

  // "kind/namespace/name" vertex key, kind one of "VirtualNode", "VirtualService",
  // "VirtualRouter".
  static std::string VertexKey(Kind kind, const std::string& object_key);

 private:
  struct VertexProps {
    Kind kind = Kind::kVirtualNode;
    std::string object_key;  // "namespace/name"
  };
  // vecS/vecS: descriptors are insertion indices and out-edges keep insertion order.
  using Graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS, VertexProps>;
  using Vertex = Graph::vertex_descriptor;

  void AddVertex(Kind kind, const std::string& object_key);
  void AddEdge(Kind from_kind, const std::string& from, Kind to_kind, const std::string& to);
  // Virtual nodes reachable from `start` through services and routers, not through nodes.
  std::set<std::string> ResolveFrom(Vertex start) const;

  Graph graph_;
  std::map<std::string, Vertex> index_;  // VertexKey -> vertex
  std::map<std::string, std::vector<std::string>> upstreams_;
  std::map<std::string, std::vector<std::string>> downstreams_;
};

}  // namespace meshsim::fakes
