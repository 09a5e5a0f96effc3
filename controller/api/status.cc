#include "controller/api/status.h"

namespace meshsim {

const char* StatusCodeName(StatusCode code) {
  switch (code) {
    case StatusCode::kOk: return "Ok";
    case StatusCode::kInvalidArgument: return "InvalidArgument";
    case StatusCode::kNotFound: return "NotFound";
    case StatusCode::kAlreadyExists: return "AlreadyExists";
    case StatusCode::kResourceInUse: return "ResourceInUse";
    case StatusCode::kDuplicateRequest: return "DuplicateRequest";
    case StatusCode::kThrottled: return "Throttled";
    case StatusCode::kPermissionDenied: return "PermissionDenied";
    case StatusCode::kLimitExceeded: return "LimitExceeded";
    case StatusCode::kConflict: return "Conflict";
    case StatusCode::kUnavailable: return "Unavailable";
    case StatusCode::kInternal: return "Internal";
    case StatusCode::kCancelled: return "Cancelled";
    case StatusCode::kDeadlineExceeded: return "DeadlineExceeded";
  }
  return "Unknown";
}

std::string Status::ToString() const {
  if (ok()) return "OK";
  std::string name = error_name_.empty() ? StatusCodeName(code_) : error_name_;
  return message_.empty() ? name : name + ": " + message_;
}

}  // namespace meshsim
