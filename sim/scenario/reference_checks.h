// File: sim/scenario/reference_checks.h
//
// Internal to sim/scenario: checks that names point at objects the manifests define, the way
// App Mesh would refuse them at apply time or leave them dangling: a route to a missing
// virtual node, a backend naming a missing virtual service, a virtual service whose provider
// is missing, and scenario references to deployments, virtual nodes or services.
//
// Example:
//   internal::ManifestIndex index(manifests);
//   internal::CheckManifestReferences(index, diag);
//   index.CheckDeployment("", "front", span, diag);
#pragma once

#include <map>
#include <string>
#include <vector>

#include "sim/scenario/diagnostics.h"
#include "sim/scenario/scenario.h"

namespace meshsim::scenario::internal {

// Names of the objects of each kind, by namespace, for reference checks.
class ManifestIndex {
 public:
  explicit ManifestIndex(const std::vector<Manifest>& manifests);

  const std::vector<Manifest>& manifests() const { return manifests_; }
  // True when `kind` `name` exists in `namespace_name` (any namespace when it is empty).
  bool Has(const std::string& kind, const std::string& namespace_name,
           const std::string& name) const;
  // Records "unknown <noun> 'name'; expected one of ..." at `at` unless it exists.
  void Check(const std::string& kind, const std::string& noun, const std::string& namespace_name,
             const std::string& name, const SourceSpan& at, Diagnostics& diag) const;

 private:
  std::vector<std::string> Names(const std::string& kind, const std::string& namespace_name) const;
  const std::vector<Manifest>& manifests_;
  // kind -> set of (namespace, name)
  std::map<std::string, std::vector<std::pair<std::string, std::string>>> objects_;
};

// App Mesh references between manifests.
void CheckManifestReferences(const ManifestIndex& index, Diagnostics& diag);

}  // namespace meshsim::scenario::internal
