// File: controller/live/cloudmap_json.cc
//
// Body parsing and the AWS error table shared by the client and the server.
#include "controller/live/cloudmap_json.h"

#include <array>

#include "controller/live/json_reader.h"

namespace meshsim::live {

using nlohmann::json;

Result<json> ParseBody(std::string_view body) {
  if (body.find_first_not_of(" \t\r\n") == std::string_view::npos) return json::object();
  json j = json::parse(body.begin(), body.end(), nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return SerializationError("Request body is not valid JSON");
  if (!j.is_object()) return SerializationError("Expected a JSON object at the top level");
  return j;
}

namespace {

struct ErrorRow {
  const char* name;
  StatusCode code;
  int http;
};

// One table: every AWS error code the Cloud Map API and the JSON protocol answer.
constexpr std::array<ErrorRow, 26> kErrors{{
    {"InvalidInput", StatusCode::kInvalidArgument, 400},
    {"SerializationException", StatusCode::kInvalidArgument, 400},
    {"ValidationException", StatusCode::kInvalidArgument, 400},
    {"UnknownOperationException", StatusCode::kInvalidArgument, 400},
    {"RequestEntityTooLargeException", StatusCode::kInvalidArgument, 413},
    {"NamespaceNotFound", StatusCode::kNotFound, 400},
    {"ServiceNotFound", StatusCode::kNotFound, 400},
    {"InstanceNotFound", StatusCode::kNotFound, 400},
    {"OperationNotFound", StatusCode::kNotFound, 400},
    {"CustomHealthNotFound", StatusCode::kNotFound, 400},
    {"ResourceNotFoundException", StatusCode::kNotFound, 400},
    {"NamespaceAlreadyExists", StatusCode::kAlreadyExists, 400},
    {"ServiceAlreadyExists", StatusCode::kAlreadyExists, 400},
    {"ResourceInUse", StatusCode::kResourceInUse, 400},
    {"DuplicateRequest", StatusCode::kDuplicateRequest, 400},
    {"ThrottlingException", StatusCode::kThrottled, 400},
    {"RequestLimitExceeded", StatusCode::kThrottled, 400},
    {"TooManyRequestsException", StatusCode::kThrottled, 400},
    {"AccessDeniedException", StatusCode::kPermissionDenied, 400},
    {"UnrecognizedClientException", StatusCode::kPermissionDenied, 400},
    {"ResourceLimitExceeded", StatusCode::kLimitExceeded, 400},
    {"TooManyTagsException", StatusCode::kLimitExceeded, 400},
    {"ServiceAttributesLimitExceededException", StatusCode::kLimitExceeded, 400},
    {"ServiceUnavailable", StatusCode::kUnavailable, 503},
    {"InternalFailure", StatusCode::kInternal, 500},
    {"InternalServerError", StatusCode::kInternal, 500},
}};

const ErrorRow* FindError(std::string_view name) {
  for (const ErrorRow& row : kErrors) {
    if (name == row.name) return &row;
  }
  return nullptr;
}

// "aws.protocoltests#ServiceNotFound:http://..." -> "ServiceNotFound".
std::string_view SanitizeErrorCode(std::string_view raw) {
  size_t colon = raw.find(':');
  if (colon != std::string_view::npos) raw = raw.substr(0, colon);
  size_t hash = raw.rfind('#');
  if (hash != std::string_view::npos) raw = raw.substr(hash + 1);
  return raw;
}

}  // namespace

StatusCode StatusCodeForError(std::string_view aws_code) {
  const ErrorRow* row = FindError(aws_code);
  return row ? row->code : StatusCode::kInternal;
}

std::string DefaultErrorName(StatusCode code) {
  switch (code) {
    case StatusCode::kInvalidArgument: return "InvalidInput";
    case StatusCode::kNotFound: return "ResourceNotFoundException";
    case StatusCode::kAlreadyExists: return "NamespaceAlreadyExists";
    case StatusCode::kResourceInUse: return "ResourceInUse";
    case StatusCode::kDuplicateRequest: return "DuplicateRequest";
    case StatusCode::kThrottled: return "ThrottlingException";
    case StatusCode::kPermissionDenied: return "AccessDeniedException";
    case StatusCode::kLimitExceeded: return "ResourceLimitExceeded";
    case StatusCode::kUnavailable: return "ServiceUnavailable";
    default: return "InternalFailure";
  }
}

namespace {
std::string NameOf(const Status& s) {
  return s.error_name().empty() ? DefaultErrorName(s.code()) : s.error_name();
}
}  // namespace

int HttpStatusForError(const Status& status) {
  const ErrorRow* row = FindError(NameOf(status));
  if (row) return row->http;
  if (status.code() == StatusCode::kUnavailable) return 503;
  if (status.code() == StatusCode::kInternal) return 500;
  return 400;
}

std::string EncodeError(const Status& status) {
  json j{{"__type", NameOf(status)}, {"Message", status.message()}};
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

Status DecodeError(int http_status, std::string_view body, std::string_view error_type_header) {
  std::string code;
  std::string message;
  json j = json::parse(body.begin(), body.end(), nullptr, /*allow_exceptions=*/false);
  if (j.is_object()) {
    for (const char* key : {"__type", "code", "Code"}) {
      auto it = j.find(key);
      if (code.empty() && it != j.end() && it->is_string()) code = it->get<std::string>();
    }
    for (const char* key : {"message", "Message"}) {
      auto it = j.find(key);
      if (message.empty() && it != j.end() && it->is_string()) message = it->get<std::string>();
    }
  }
  if (code.empty()) code = std::string(error_type_header);
  code = std::string(SanitizeErrorCode(code));
  if (code.empty()) {
    if (http_status == 503) return Status(StatusCode::kUnavailable, "ServiceUnavailable", message);
    if (http_status >= 500) return Status(StatusCode::kInternal, "InternalFailure", message);
    return Status(StatusCode::kInternal, "UnknownError",
                  "HTTP " + std::to_string(http_status) + (message.empty() ? "" : ": " + message));
  }
  return Status(StatusCodeForError(code), code, message);
}

}  // namespace meshsim::live
