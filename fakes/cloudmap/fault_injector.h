// File: fakes/cloudmap/fault_injector.h
//
// The seam through which injected failures reach FakeCloudMap's clients: before a call runs,
// the client asks the injector whether to answer with an error instead. Faults are keyed by
// operation name (or "*") and caller (or every caller) and stay until cleared; a hook can
// decide per call (throttling buckets, AccessDenied for one caller, ...).
//
// Example:
//   FaultInjector faults;
//   Status throttled(StatusCode::kThrottled, "ThrottlingException", "Rate exceeded");
//   faults.Set("RegisterInstance", throttled);
//   std::optional<Status> f = faults.Check("RegisterInstance", "controller");  // == throttled
//   faults.Set("RegisterInstance", std::nullopt);                              // cleared
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <utility>

#include "controller/api/status.h"

namespace meshsim::fakes {

// Returns the Status to answer `operation` from `caller` with, or std::nullopt to run it.
using FaultHook =
    std::function<std::optional<Status>(const std::string& operation, const std::string& caller)>;

class FaultInjector {
 public:
  // Makes every later call of `operation_or_star` (from `caller`, or from everyone) fail with
  // `error`; std::nullopt or an OK Status clears that entry.
  void Set(const std::string& operation_or_star, std::optional<Status> error,
           const std::optional<std::string>& caller = std::nullopt);
  // Installs a hook asked before the fixed faults; an empty function removes it.
  void SetHook(FaultHook hook) { hook_ = std::move(hook); }
  // Returns the error to answer with, the most specific entry first: the hook, then
  // (operation, caller), (operation, *), (*, caller), (*, *).
  std::optional<Status> Check(const std::string& operation, const std::string& caller) const;

 private:
  std::map<std::pair<std::string, std::string>, Status> faults_;  // (operation|*, caller|*)
  FaultHook hook_;
};

}  // namespace meshsim::fakes
