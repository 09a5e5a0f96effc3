#include "fakes/cloudmap/validation.h"

#include <string_view>

#include "fakes/cloudmap/errors.h"

namespace meshsim::fakes::internal {
namespace {

bool IsPrintableNoSpace(char c) { return c >= '!' && c <= '~'; }

bool AllPrintableNoSpace(std::string_view s) {
  for (char c : s) {
    if (!IsPrintableNoSpace(c)) return false;
  }
  return true;
}

bool IsAlnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

// Checks dot-separated labels: each 1-63 characters of alphanumerics, `-` and (when
// `allow_underscore`) `_`, not starting or ending with `-`.
bool ValidLabels(std::string_view s, bool allow_underscore) {
  size_t start = 0;
  while (true) {
    size_t dot = s.find('.', start);
    std::string_view label = s.substr(start, dot == std::string_view::npos ? s.npos : dot - start);
    if (label.empty() || label.size() > 63) return false;
    if (label.front() == '-' || label.back() == '-') return false;
    for (char c : label) {
      if (!IsAlnum(c) && c != '-' && !(allow_underscore && c == '_')) return false;
    }
    if (dot == std::string_view::npos) return true;
    start = dot + 1;
  }
}

Status PatternError(const char* member, const std::string& value) {
  return InvalidInput("1 validation error detected: Value '" + value + "' at '" + member +
                      "' failed to satisfy constraint: Member must satisfy regular expression "
                      "pattern");
}

}  // namespace

Status ValidateRequired(const char* member, const std::string& value) {
  if (!value.empty()) return Status::Ok();
  return InvalidInput(std::string("1 validation error detected: Value null at '") + member +
                      "' failed to satisfy constraint: Member must not be null");
}

Status ValidateMaxLength(const char* member, const std::string& value, size_t max) {
  if (value.size() <= max) return Status::Ok();
  return InvalidInput(std::string("1 validation error detected: Value at '") + member +
                      "' failed to satisfy constraint: Member must have length less than or "
                      "equal to " +
                      std::to_string(max));
}

Status ValidateMaxLength(const char* member, const std::optional<std::string>& value, size_t max) {
  return value ? ValidateMaxLength(member, *value, max) : Status::Ok();
}

Status ValidateNamespaceName(cloudmap::NamespaceType type, const std::string& name) {
  if (Status s = ValidateRequired("name", name); !s.ok()) return s;
  if (type == cloudmap::NamespaceType::kDnsPublic) {
    if (name.size() > 253 || !ValidLabels(name, false)) return PatternError("name", name);
    return Status::Ok();
  }
  size_t max = type == cloudmap::NamespaceType::kHttp ? 1024 : 253;
  if (Status s = ValidateMaxLength("name", name, max); !s.ok()) return s;
  if (name.rfind("arn:", 0) == 0 || !AllPrintableNoSpace(name)) return PatternError("name", name);
  return Status::Ok();
}

Status ValidateDiscoverNamespaceName(const std::string& name) {
  if (Status s = ValidateRequired("namespaceName", name); !s.ok()) return s;
  if (Status s = ValidateMaxLength("namespaceName", name, 1024); !s.ok()) return s;
  if (!AllPrintableNoSpace(name)) return PatternError("namespaceName", name);
  return Status::Ok();
}

Status ValidateServiceName(const std::string& name) {
  if (Status s = ValidateRequired("name", name); !s.ok()) return s;
  if (Status s = ValidateMaxLength("name", name, 127); !s.ok()) return s;
  if (name == "." || ValidLabels(name, true)) return Status::Ok();
  return PatternError("name", name);
}

Status ValidateRegisterInstanceId(const std::string& id) {
  if (Status s = ValidateRequired("instanceId", id); !s.ok()) return s;
  if (Status s = ValidateMaxLength("instanceId", id, 64); !s.ok()) return s;
  for (char c : id) {
    if (!IsAlnum(c) && std::string_view("_/:.@-").find(c) == std::string_view::npos) {
      return PatternError("instanceId", id);
    }
  }
  return Status::Ok();
}

Result<int32_t> ResolveMaxResults(const std::optional<int32_t>& max_results, int32_t max) {
  if (!max_results) return 100;
  if (*max_results < 1 || *max_results > max) {
    return InvalidInput("1 validation error detected: Value '" + std::to_string(*max_results) +
                        "' at 'maxResults' failed to satisfy constraint: Member must have value "
                        "between 1 and " +
                        std::to_string(max));
  }
  return *max_results;
}

}  // namespace meshsim::fakes::internal
