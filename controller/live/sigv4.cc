#include "controller/live/sigv4.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/sha.h>

#include <algorithm>
#include <cctype>
#include <map>

namespace meshsim::live {
namespace {

constexpr char kAlgorithm[] = "AWS4-HMAC-SHA256";

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Trims the value and collapses inner runs of spaces to one, as the canonical form requires.
std::string CanonicalValue(std::string_view v) {
  std::string out;
  bool space = false;
  for (char c : v) {
    if (c == ' ' || c == '\t') {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

// Lowercased name -> canonical value, sorted; repeated headers joined by commas.
std::map<std::string, std::string> CanonicalHeaderMap(const SignableRequest& req) {
  std::map<std::string, std::string> headers;
  for (const auto& [name, value] : req.headers) {
    std::string& slot = headers[Lower(name)];
    if (!slot.empty()) slot += ',';
    slot += CanonicalValue(value);
  }
  return headers;
}

std::string CanonicalQuery(const SignableRequest& req) {
  std::vector<std::pair<std::string, std::string>> encoded;
  for (const auto& [k, v] : req.query) encoded.emplace_back(UriEncode(k, false), UriEncode(v, false));
  std::sort(encoded.begin(), encoded.end());
  std::string out;
  for (const auto& [k, v] : encoded) out += (out.empty() ? "" : "&") + k + "=" + v;
  return out;
}

std::string Missing(const EnvLookup& env, std::initializer_list<const char*> names) {
  std::string missing;
  for (const char* n : names) {
    const char* v = env(n);
    if (v != nullptr && *v != '\0') continue;
    if (!missing.empty()) missing += " and ";
    missing += n;
  }
  return missing;
}

}  // namespace

Result<AwsCredentials> CredentialsFromEnvironment(const EnvLookup& env) {
  std::string missing = Missing(env, {"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"});
  if (!missing.empty()) {
    return Status(StatusCode::kPermissionDenied, "MissingCredentials",
                  "no AWS credentials: set " + missing +
                      " (and AWS_SESSION_TOKEN for temporary credentials); for moto any "
                      "non-empty values do");
  }
  AwsCredentials creds{.access_key_id = env("AWS_ACCESS_KEY_ID"),
                       .secret_access_key = env("AWS_SECRET_ACCESS_KEY")};
  if (const char* token = env("AWS_SESSION_TOKEN"); token != nullptr && *token != '\0') {
    creds.session_token = token;
  }
  return creds;
}

Result<std::string> RegionFromEnvironment(const EnvLookup& env) {
  for (const char* name : {"AWS_REGION", "AWS_DEFAULT_REGION"}) {
    const char* v = env(name);
    if (v != nullptr && *v != '\0') return std::string(v);
  }
  return Status(StatusCode::kInvalidArgument, "MissingRegion",
                "no AWS region: set AWS_REGION or AWS_DEFAULT_REGION (e.g. us-west-2)");
}

std::string Sha256Hex(std::string_view data) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(data.data()), data.size(), digest);
  return HexEncode(std::string_view(reinterpret_cast<const char*>(digest), sizeof(digest)));
}

std::string HmacSha256(std::string_view key, std::string_view data) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(data.data()), data.size(), out, &len);
  return std::string(reinterpret_cast<const char*>(out), len);
}

std::string HexEncode(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char c : bytes) {
    out += kDigits[c >> 4];
    out += kDigits[c & 0xf];
  }
  return out;
}

std::string UriEncode(std::string_view s, bool keep_slash) {
  static constexpr char kDigits[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~' || (keep_slash && c == '/')) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kDigits[c >> 4];
      out += kDigits[c & 0xf];
    }
  }
  return out;
}

std::string AmzDate(SystemTime t) {
  auto secs = std::chrono::floor<std::chrono::seconds>(t);
  auto day = std::chrono::floor<std::chrono::days>(secs);
  std::chrono::year_month_day ymd(day);
  std::chrono::hh_mm_ss hms(secs - day);
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%04d%02u%02uT%02lld%02lld%02lldZ", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                static_cast<long long>(hms.hours().count()),
                static_cast<long long>(hms.minutes().count()),
                static_cast<long long>(hms.seconds().count()));
  return buf;
}

std::string CredentialScope(std::string_view date, std::string_view region,
                            std::string_view service) {
  return std::string(date) + "/" + std::string(region) + "/" + std::string(service) +
         "/aws4_request";
}

std::string SignedHeaders(const SignableRequest& req) {
  std::string out;
  for (const auto& [name, value] : CanonicalHeaderMap(req)) out += (out.empty() ? "" : ";") + name;
  return out;
}

std::string CanonicalRequest(const SignableRequest& req, std::string_view payload_hash) {
  std::string out = req.method + "\n" + UriEncode(req.path.empty() ? "/" : req.path, true) + "\n" +
                    CanonicalQuery(req) + "\n";
  for (const auto& [name, value] : CanonicalHeaderMap(req)) out += name + ":" + value + "\n";
  out += '\n';
  out += SignedHeaders(req);
  out += '\n';
  out += payload_hash;
  return out;
}

std::string StringToSign(std::string_view amz_date, std::string_view scope,
                         std::string_view canonical_request) {
  return std::string(kAlgorithm) + "\n" + std::string(amz_date) + "\n" + std::string(scope) +
         "\n" + Sha256Hex(canonical_request);
}

std::string SigningKey(std::string_view secret, std::string_view date, std::string_view region,
                       std::string_view service) {
  std::string k = HmacSha256("AWS4" + std::string(secret), date);
  k = HmacSha256(k, region);
  k = HmacSha256(k, service);
  return HmacSha256(k, "aws4_request");
}

std::string SignRequest(SignableRequest& req, const AwsCredentials& creds,
                        const SigningParams& params) {
  std::string amz_date = AmzDate(params.time);
  std::string date = amz_date.substr(0, 8);
  std::string payload_hash = Sha256Hex(req.body);
  req.headers.emplace_back("X-Amz-Date", amz_date);
  if (creds.session_token) req.headers.emplace_back("X-Amz-Security-Token", *creds.session_token);
  if (params.add_content_sha256) req.headers.emplace_back("X-Amz-Content-SHA256", payload_hash);
  std::string scope = CredentialScope(date, params.region, params.service);
  std::string to_sign = StringToSign(amz_date, scope, CanonicalRequest(req, payload_hash));
  std::string signature = HexEncode(HmacSha256(
      SigningKey(creds.secret_access_key, date, params.region, params.service), to_sign));
  req.headers.emplace_back("Authorization", std::string(kAlgorithm) + " Credential=" +
                                                creds.access_key_id + "/" + scope +
                                                ", SignedHeaders=" + SignedHeaders(req) +
                                                ", Signature=" + signature);
  return signature;
}

}  // namespace meshsim::live
