// File: controller/live/cloudmap_json.h
//
// The AWS JSON 1.1 encoding of the Cloud Map (Route53AutoNaming_v20170314) shapes in
// controller/api/cloudmap_types.h, in both directions: a client encodes requests and decodes
// responses, a server decodes requests and encodes responses. Member names are AWS's
// (PascalCase), unset optionals are omitted, timestamps are epoch seconds with a millisecond
// fraction. Decoding validates member types and never throws: a body that is not JSON or has a
// member of the wrong type yields kInvalidArgument "SerializationException"; a missing required
// member yields kInvalidArgument "InvalidInput", as the service answers. Unknown members are
// ignored, as AWS does.
//
// The body of GetNamespace is {"Namespace": {...}}, of CreateService/GetService
// {"Service": {...}}, of GetOperation {"Operation": {...}}; Encode/Decode of cloudmap::Namespace,
// cloudmap::Service and cloudmap::Operation produce and expect exactly those wrappers. Empty
// (DeleteService, UpdateInstanceCustomHealthStatus) is {}.
//
// Example:
//   std::string body = live::Encode(cloudmap::GetServiceRequest{.id = "srv-1"});
//   Result<cloudmap::Service> svc = live::Decode<cloudmap::Service>(response_body);
//   Status err = live::DecodeError(400, R"({"__type":"ServiceNotFound","message":"..."})");
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "controller/api/cloudmap_types.h"
#include "controller/api/status.h"

namespace meshsim::live {

// ---- Shapes to and from nlohmann::json. One overload per top-level body type. ----
// ToJson never fails. FromJson fills *out from a JSON value and returns the first problem.
#define MESHSIM_CLOUDMAP_JSON_SHAPE(T)                  \
  nlohmann::json ToJson(const T& v);                    \
  Status FromJson(const nlohmann::json& j, T* out);
MESHSIM_CLOUDMAP_JSON_SHAPE(cloudmap::CreateHttpNamespaceRequest)
MESHSIM_CLOUDMAP_JSON_SHAPE(cloudmap::CreatePrivateDnsNamespaceRequest)
MESHSIM_CLOUDMAP_JSON_SHAPE(cloudmap::CreatePublicDnsNamespaceRequest)
MESHSIM_CLOUDMAP_JSON_SHAPE(cloudmap::GetNamespaceRequest)
MESHSIM_CLOUDMAP_JSON_SHAPE(cloudmap::DeleteNamespaceRequest)
MESHSIM_CLOUDMAP_JSON_SHAPE(cloudmap::ListNamespacesRequest)
MESHSIM_CLOUDMAP_JSON_SHAPE(cloudmap::CreateServiceRequest)
MESHSIM_CLOUDMAP_JSON_SHAPE(cloudmap::GetServiceRequest)
MESHSIM_CLOUDMAP_JSON_SHAPE(cloudmap::UpdateServiceRequest)
MESHSIM_CLOUDMAP_JSON_SHAPE(cloudmap::DeleteServiceRequest)
MESHSIM_CLOUDMAP_JSON_SHAPE(cloudmap::ListServicesRequest)
MESHSIM_CLOUDMAP_JSON_SHAPE(cloudmap::RegisterInstanceRequest)
MESHSIM_CLOUDMAP_JSON_SHAPE(cloudmap::DeregisterInstanceRequest)
MESHSIM_CLOUDMAP_JSON_SHAPE(cloudmap::GetInstanceRequest)
MESHSIM_CLOUDMAP_JSON_SHAPE(cloudmap::ListInstancesRequest)
MESHSIM_CLOUDMAP_JSON_SHAPE(cloudmap::DiscoverInstancesRequest)
MESHSIM_CLOUDMAP_JSON_SHAPE(cloudmap::DiscoverInstancesRevisionRequest)
MESHSIM_CLOUDMAP_JSON_SHAPE(cloudmap::GetOperationRequest)
MESHSIM_CLOUDMAP_JSON_SHAPE(cloudmap::ListOperationsRequest)
MESHSIM_CLOUDMAP_JSON_SHAPE(cloudmap::GetInstancesHealthStatusRequest)
MESHSIM_CLOUDMAP_JSON_SHAPE(cloudmap::UpdateInstanceCustomHealthStatusRequest)
MESHSIM_CLOUDMAP_JSON_SHAPE(cloudmap::OperationIdResponse)
MESHSIM_CLOUDMAP_JSON_SHAPE(cloudmap::Namespace)
MESHSIM_CLOUDMAP_JSON_SHAPE(cloudmap::ListNamespacesResponse)
MESHSIM_CLOUDMAP_JSON_SHAPE(cloudmap::Service)
MESHSIM_CLOUDMAP_JSON_SHAPE(cloudmap::ListServicesResponse)
MESHSIM_CLOUDMAP_JSON_SHAPE(cloudmap::GetInstanceResponse)
MESHSIM_CLOUDMAP_JSON_SHAPE(cloudmap::ListInstancesResponse)
MESHSIM_CLOUDMAP_JSON_SHAPE(cloudmap::DiscoverInstancesResponse)
MESHSIM_CLOUDMAP_JSON_SHAPE(cloudmap::DiscoverInstancesRevisionResponse)
MESHSIM_CLOUDMAP_JSON_SHAPE(cloudmap::Operation)
MESHSIM_CLOUDMAP_JSON_SHAPE(cloudmap::ListOperationsResponse)
MESHSIM_CLOUDMAP_JSON_SHAPE(cloudmap::GetInstancesHealthStatusResponse)
MESHSIM_CLOUDMAP_JSON_SHAPE(Empty)
#undef MESHSIM_CLOUDMAP_JSON_SHAPE

// ---- Bodies ----

// The compact JSON text of `v`, e.g. {"Id":"srv-1"}.
template <class T>
std::string Encode(const T& v) {
  return ToJson(v).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// Parses a body. An empty body decodes as {} (AWS accepts an empty body for an empty input).
// A body that is not a JSON object is a SerializationException.
Result<nlohmann::json> ParseBody(std::string_view body);

template <class T>
Result<T> Decode(std::string_view body) {
  Result<nlohmann::json> j = ParseBody(body);
  if (!j.ok()) return j.status();
  T out{};
  Status s = FromJson(*j, &out);
  if (!s.ok()) return s;
  return out;
}

// ---- Errors ----

// The StatusCode of an AWS error code ("ServiceNotFound" -> kNotFound); kInternal if unknown.
StatusCode StatusCodeForError(std::string_view aws_code);
// The AWS error code used for a Status that carries none (kNotFound -> "ResourceNotFoundException").
std::string DefaultErrorName(StatusCode code);
// The HTTP status AWS answers an error with: 500 InternalFailure, 503 ServiceUnavailable, 400
// for everything else the service reports (ThrottlingException included).
int HttpStatusForError(const Status& status);
// {"__type":"ServiceNotFound","Message":"..."}; the name falls back to DefaultErrorName.
std::string EncodeError(const Status& status);
// The Status of an error response. The code is `__type` after the last '#' and before the first
// ':' (also read from the x-amzn-ErrorType header value when the body has none); the message
// is `message` or `Message`. A body without a type maps by HTTP status (5xx -> kUnavailable
// "ServiceUnavailable" / kInternal "InternalFailure", else kInternal "UnknownError").
Status DecodeError(int http_status, std::string_view body, std::string_view error_type_header = {});

}  // namespace meshsim::live
