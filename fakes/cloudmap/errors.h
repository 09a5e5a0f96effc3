// File: fakes/cloudmap/errors.h
//
// The AWS Cloud Map errors the fake answers, as Status values: the StatusCode callers branch on,
// the exact AWS error code as error_name, and an AWS-like sentence. Status has no field for the
// extra members some errors carry (DuplicateOperationId, NamespaceId, ServiceId, ...), so they
// are written into the message as `Member: value` pairs a caller can still read.
//
// Example:
//   if (it == services.end()) return internal::ServiceNotFound(id);
//   return internal::InvalidInput("MaxResults must be between 1 and 100.");
#pragma once

#include <string>

#include "controller/api/status.h"

namespace meshsim::fakes::internal {

Status InvalidInput(const std::string& message);
Status NamespaceNotFound(const std::string& id);
Status ServiceNotFound(const std::string& id);
Status InstanceNotFound(const std::string& service_id, const std::string& instance_id);
Status OperationNotFound(const std::string& id);
Status CustomHealthNotFound(const std::string& service_id, const std::string& instance_id);
Status DuplicateRequest(const std::string& operation_id);
Status NamespaceAlreadyExists(const std::string& name, const std::string& namespace_id,
                              const std::string& creator_request_id);
Status ServiceAlreadyExists(const std::string& name, const std::string& service_id,
                            const std::string& service_arn, const std::string& creator_request_id);
Status ResourceInUse(const std::string& message);
Status ResourceLimitExceeded(const std::string& message);

}  // namespace meshsim::fakes::internal
