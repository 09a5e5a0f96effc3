// File: controller/live/sigv4.h
//
// AWS Signature Version 4 for the live Cloud Map client: the canonical request, the string to
// sign, the derived signing key and the Authorization header, with SHA-256 and HMAC from
// OpenSSL. Credentials and region come from the usual environment variables. Tested against
// the worked example AWS publishes (IAM ListUsers, AKIDEXAMPLE, 2015-08-30T12:36:00Z).
//
// Example:
//   Result<AwsCredentials> creds = CredentialsFromEnvironment();
//   SignableRequest req{.method = "POST", .path = "/", .headers = {{"host", "..."}}, .body = b};
//   SignRequest(req, *creds, {.region = "us-west-2", .service = "servicediscovery",
//                             .time = dispatcher.WallNow()});
//   // req.headers now holds X-Amz-Date, (X-Amz-Security-Token) and Authorization.
#pragma once

#include <cstdlib>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "controller/api/status.h"
#include "controller/api/time.h"

namespace meshsim::live {

struct AwsCredentials {
  std::string access_key_id;
  std::string secret_access_key;
  std::optional<std::string> session_token;  // AWS_SESSION_TOKEN, for temporary credentials
};

// Looks up one environment variable; nullptr when unset. Injected so tests need no setenv.
using EnvLookup = std::function<const char*(const char*)>;
inline const char* ProcessEnv(const char* name) { return std::getenv(name); }

// Reads AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and (optional) AWS_SESSION_TOKEN.
// Returns kPermissionDenied "MissingCredentials" naming the missing variables when unset.
Result<AwsCredentials> CredentialsFromEnvironment(const EnvLookup& env = ProcessEnv);

// Returns AWS_REGION, else AWS_DEFAULT_REGION; kInvalidArgument "MissingRegion" when neither.
Result<std::string> RegionFromEnvironment(const EnvLookup& env = ProcessEnv);

// An HTTP request as SigV4 sees it. Header names keep their case here; signing lowercases them.
struct SignableRequest {
  std::string method;                                        // "GET", "POST"
  std::string path = "/";                                    // absolute path, not yet encoded
  std::vector<std::pair<std::string, std::string>> query;    // decoded names and values
  std::vector<std::pair<std::string, std::string>> headers;  // must include Host
  std::string body;
};

struct SigningParams {
  std::string region;   // "us-east-1"
  std::string service;  // "servicediscovery", "iam"
  SystemTime time;      // the request time, stamped as X-Amz-Date
  // Adds X-Amz-Content-SHA256 (S3 wants it; most services accept it).
  bool add_content_sha256 = false;
};

// ---- The steps, public so tests can compare each with AWS's published figures ----

// Lowercase hex of SHA-256(data).
std::string Sha256Hex(std::string_view data);
// Raw 32-byte HMAC-SHA256(key, data).
std::string HmacSha256(std::string_view key, std::string_view data);
// Lowercase hex of raw bytes.
std::string HexEncode(std::string_view bytes);
// RFC 3986 percent-encoding as SigV4 wants it: unreserved characters kept, others %XX
// (uppercase); '/' kept when `keep_slash`.
std::string UriEncode(std::string_view s, bool keep_slash);
// "20150830T123600Z" (ISO 8601 basic, UTC, whole seconds).
std::string AmzDate(SystemTime t);
// "20150830/us-east-1/iam/aws4_request".
std::string CredentialScope(std::string_view date, std::string_view region,
                            std::string_view service);
// "content-type;host;x-amz-date": the lowercased header names, sorted.
std::string SignedHeaders(const SignableRequest& req);
// The canonical request, with `payload_hash` as its last line.
std::string CanonicalRequest(const SignableRequest& req, std::string_view payload_hash);
// "AWS4-HMAC-SHA256\n<amz date>\n<scope>\n<hex SHA-256 of the canonical request>".
std::string StringToSign(std::string_view amz_date, std::string_view scope,
                         std::string_view canonical_request);
// The raw derived key: HMAC chain over date, region, service and "aws4_request".
std::string SigningKey(std::string_view secret, std::string_view date, std::string_view region,
                       std::string_view service);

// Signs `req` in place: adds X-Amz-Date, X-Amz-Security-Token (when the credentials have a
// session token), X-Amz-Content-SHA256 (when asked) and Authorization. Returns the signature.
// REQUIRES: req has a Host header and none of the headers this adds.
std::string SignRequest(SignableRequest& req, const AwsCredentials& creds,
                        const SigningParams& params);

}  // namespace meshsim::live
