// File: sim/world/kubectl_view.h
//
// `kubectl get pod -n NS -o wide` computed from the fake API's pods: the same columns, status
// words, READY counts and AGE format (apimachinery's HumanDuration) kubectl prints, aligned the
// way kubectl's tabwriter aligns them (columns padded to the widest cell plus three spaces).
//
// Example:
//   std::cout << FormatPodTable(pods, dispatcher.WallNow());
#pragma once

#include <string>
#include <vector>

#include "controller/api/kube_types.h"

namespace meshsim::world {

// kubectl's age format: "45s", "4m15s", "12m", "5h3m", "3d4h", ...
std::string HumanDuration(Duration d);

// kubectl's STATUS column for one pod: Terminating, ContainerCreating, Pending, Running, ...
std::string PodStatusWord(const kube::Pod& pod);

// The whole table, header included, one line per pod in the order given. With no pods,
// kubectl's "No resources found in NS namespace." line.
std::string FormatPodTable(const std::vector<kube::Pod>& pods, const std::string& namespace_name,
                           SystemTime now);

}  // namespace meshsim::world
