// File: fakes/k8s/api_server_core.h
//
// State shared by every ObjectStore of one fake API server: the cluster-wide resourceVersion
// counter (etcd's revision), UID generation, and the write trace. Not part of the public API.
//
// Example:
//   ApiServerCore core(dispatcher, random, tracer, options);
//   int64_t rv = core.NextResourceVersion();
//   core.TraceWrite("Create", "Pod", "ns/name", rv);
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "controller/api/dispatcher.h"
#include "controller/api/random.h"
#include "controller/api/tracer.h"
#include "fakes/k8s/kube_options.h"

namespace meshsim::fakes {

class ApiServerCore {
 public:
  ApiServerCore(Dispatcher& dispatcher, Random& random, Tracer& tracer, KubeOptions options)
      : dispatcher_(dispatcher), random_(random), tracer_(tracer), options_(std::move(options)) {}

  Dispatcher& dispatcher() { return dispatcher_; }
  Random& random() { return random_; }
  Tracer& tracer() { return tracer_; }
  const KubeOptions& options() const { return options_; }

  // Bumps and returns the cluster-wide resourceVersion; every write calls it once.
  int64_t NextResourceVersion() { return ++resource_version_; }
  // Returns the resourceVersion of the latest write (0 before any).
  int64_t CurrentResourceVersion() const { return resource_version_; }
  // Returns a random UUID-like string (8-4-4-4-12 hex, version 4) from the Random stream.
  std::string NewUid();
  // Records ("k8s", "Write") with verb, kind, object key and resourceVersion.
  void TraceWrite(std::string_view verb, std::string_view kind, const std::string& key,
                  int64_t resource_version);

 private:
  Dispatcher& dispatcher_;
  Random& random_;
  Tracer& tracer_;
  KubeOptions options_;
  int64_t resource_version_ = 0;
};

}  // namespace meshsim::fakes
