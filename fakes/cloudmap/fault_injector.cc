#include "fakes/cloudmap/fault_injector.h"

namespace meshsim::fakes {
namespace {

constexpr const char* kAny = "*";

}  // namespace

void FaultInjector::Set(const std::string& operation_or_star, std::optional<Status> error,
                        const std::optional<std::string>& caller) {
  std::pair<std::string, std::string> key{operation_or_star, caller.value_or(kAny)};
  if (!error || error->ok()) {
    faults_.erase(key);
  } else {
    faults_[key] = std::move(*error);
  }
}

std::optional<Status> FaultInjector::Check(const std::string& operation,
                                           const std::string& caller) const {
  if (hook_) {
    std::optional<Status> hooked = hook_(operation, caller);
    if (hooked && !hooked->ok()) return hooked;
  }
  const std::pair<std::string, std::string> keys[] = {
      {operation, caller}, {operation, kAny}, {kAny, caller}, {kAny, kAny}};
  for (const auto& key : keys) {
    auto it = faults_.find(key);
    if (it != faults_.end()) return it->second;
  }
  return std::nullopt;
}

}  // namespace meshsim::fakes
