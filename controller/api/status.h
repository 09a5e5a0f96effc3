// File: controller/api/status.h
//
// Errors as values at module boundaries, shaped like leveldb's Status and absl::StatusOr.
// A Status carries a coarse code that callers branch on, the exact remote error name (for
// example the AWS `__type` "ServiceNotFound") so traces and messages stay exact, and a message.
//
// Example:
//   Result<Service> r = ...;
//   if (!r.ok()) {
//     if (r.status().code() == StatusCode::kNotFound) return CreateIt();
//     return r.status();
//   }
//   Use(*r);
#pragma once

#include <cstdlib>
#include <iostream>
#include <string>
#include <utility>
#include <variant>

namespace meshsim {

// Add a code only when some caller branches on it (FoundationDB's rule for error codes).
enum class StatusCode {
  kOk,
  kInvalidArgument,   // InvalidInput, SerializationException, malformed requests
  kNotFound,          // NamespaceNotFound, ServiceNotFound, InstanceNotFound, OperationNotFound
  kAlreadyExists,     // NamespaceAlreadyExists, ServiceAlreadyExists
  kResourceInUse,     // ResourceInUse: delete of something that still has children
  kDuplicateRequest,  // DuplicateRequest: an operation on the same target is in flight
  kThrottled,         // ThrottlingException, RequestLimitExceeded, TooManyRequests
  kPermissionDenied,  // AccessDeniedException
  kLimitExceeded,     // ResourceLimitExceeded (quotas on resource counts)
  kConflict,          // Kubernetes optimistic-concurrency conflict (stale resourceVersion)
  kUnavailable,       // ServiceUnavailable, connection failures: retryable
  kInternal,          // InternalFailure and anything unexpected
  kCancelled,         // the caller went away (controller shutdown or crash)
  kDeadlineExceeded,  // a wait timed out
};

// Returns the code's name, e.g. "kNotFound" -> "NotFound".
const char* StatusCodeName(StatusCode code);

class Status {
 public:
  Status() = default;
  Status(StatusCode code, std::string error_name, std::string message)
      : code_(code), error_name_(std::move(error_name)), message_(std::move(message)) {}

  static Status Ok() { return Status(); }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  // The exact remote error name ("ServiceNotFound", "ThrottlingException"); empty when OK.
  const std::string& error_name() const { return error_name_; }
  const std::string& message() const { return message_; }

  // "ServiceNotFound: Service not found: srv-..." or "OK".
  std::string ToString() const;

  friend bool operator==(const Status& a, const Status& b) {
    return a.code_ == b.code_ && a.error_name_ == b.error_name_ && a.message_ == b.message_;
  }

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string error_name_;
  std::string message_;
};

// Either a T or a non-OK Status. Accessing the value of an error Result is a bug and aborts.
template <class T>
class Result {
 public:
  Result(T value) : v_(std::move(value)) {}  // NOLINT(google-explicit-constructor)
  Result(Status status) : v_(std::move(status)) {  // NOLINT(google-explicit-constructor)
    if (std::get<Status>(v_).ok()) Abort("Result constructed from an OK Status");
  }

  bool ok() const { return std::holds_alternative<T>(v_); }
  // The error; Status::Ok() when the Result holds a value.
  Status status() const { return ok() ? Status::Ok() : std::get<Status>(v_); }

  T& value() & { Check(); return std::get<T>(v_); }
  const T& value() const& { Check(); return std::get<T>(v_); }
  T&& value() && { Check(); return std::get<T>(std::move(v_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

 private:
  void Check() const {
    if (!ok()) Abort(("value() of an error Result: " + std::get<Status>(v_).ToString()).c_str());
  }
  [[noreturn]] static void Abort(const char* why) {
    std::cerr << "meshsim bug: " << why << std::endl;
    std::abort();
  }
  std::variant<T, Status> v_;
};

// The value type of operations that return nothing but may fail.
struct Empty {
  friend bool operator==(const Empty&, const Empty&) { return true; }
};

}  // namespace meshsim
