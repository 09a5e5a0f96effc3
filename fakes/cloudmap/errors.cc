#include "fakes/cloudmap/errors.h"

namespace meshsim::fakes::internal {

Status InvalidInput(const std::string& message) {
  return Status(StatusCode::kInvalidArgument, "InvalidInput", message);
}

Status NamespaceNotFound(const std::string& id) {
  return Status(StatusCode::kNotFound, "NamespaceNotFound", "Namespace not found: " + id);
}

Status ServiceNotFound(const std::string& id) {
  return Status(StatusCode::kNotFound, "ServiceNotFound", "Service not found: " + id);
}

Status InstanceNotFound(const std::string& service_id, const std::string& instance_id) {
  return Status(StatusCode::kNotFound, "InstanceNotFound",
                "Instance " + instance_id + " not found in service " + service_id + ".");
}

Status OperationNotFound(const std::string& id) {
  return Status(StatusCode::kNotFound, "OperationNotFound", "Operation not found: " + id);
}

Status CustomHealthNotFound(const std::string& service_id, const std::string& instance_id) {
  return Status(StatusCode::kNotFound, "CustomHealthNotFound",
                "The health check for instance " + instance_id + " of service " + service_id +
                    " isn't a custom health check.");
}

Status DuplicateRequest(const std::string& operation_id) {
  return Status(StatusCode::kDuplicateRequest, "DuplicateRequest",
                "An operation on the same resource is already in progress. "
                "DuplicateOperationId: " +
                    operation_id);
}

Status NamespaceAlreadyExists(const std::string& name, const std::string& namespace_id,
                              const std::string& creator_request_id) {
  return Status(StatusCode::kAlreadyExists, "NamespaceAlreadyExists",
                "Namespace " + name + " already exists. NamespaceId: " + namespace_id +
                    " CreatorRequestId: " + creator_request_id);
}

Status ServiceAlreadyExists(const std::string& name, const std::string& service_id,
                            const std::string& service_arn, const std::string& creator_request_id) {
  return Status(StatusCode::kAlreadyExists, "ServiceAlreadyExists",
                "Service " + name + " already exists. ServiceId: " + service_id +
                    " ServiceArn: " + service_arn + " CreatorRequestId: " + creator_request_id);
}

Status ResourceInUse(const std::string& message) {
  return Status(StatusCode::kResourceInUse, "ResourceInUse", message);
}

Status ResourceLimitExceeded(const std::string& message) {
  return Status(StatusCode::kLimitExceeded, "ResourceLimitExceeded", message);
}

}  // namespace meshsim::fakes::internal
