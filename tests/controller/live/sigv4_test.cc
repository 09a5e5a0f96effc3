// Tests of controller/live/sigv4.cc against the worked example that AWS publishes for
// Signature Version 4 (IAM ListUsers, GET, AKIDEXAMPLE, 2015-08-30T12:36:00Z, us-east-1/iam):
// its canonical request hash, derived signing key and signature.
#include "controller/live/sigv4.h"

#include <gtest/gtest.h>

#include <map>

namespace meshsim::live {
namespace {

constexpr char kSecret[] = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
// Published figures of the example.
constexpr char kCanonicalRequestHash[] =
    "f536975d06c0309214f805bb90ccff089219ecd68b2577efef23edd43b7e1a59";
constexpr char kSigningKeyHex[] =
    "c4afb1cc5771d871763a393e44b703571b55cc28424d1a5e86da6ed3c154a4b9";
constexpr char kSignature[] = "5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7";

SystemTime ExampleTime() {
  using namespace std::chrono;
  return sys_days{year{2015} / 8 / 30} + hours(12) + minutes(36);
}

SignableRequest ListUsers() {
  return SignableRequest{
      .method = "GET",
      .path = "/",
      .query = {{"Version", "2010-05-08"}, {"Action", "ListUsers"}},  // unsorted on purpose
      .headers = {{"Host", "iam.amazonaws.com"},
                  {"Content-Type", "application/x-www-form-urlencoded; charset=utf-8"}},
  };
}

std::string Header(const SignableRequest& req, const std::string& name) {
  for (const auto& [n, v] : req.headers) {
    if (n == name) return v;
  }
  return "<absent>";
}

TEST(SigV4, AmzDateIsIsoBasicUtc) { EXPECT_EQ(AmzDate(ExampleTime()), "20150830T123600Z"); }

TEST(SigV4, Sha256OfEmptyPayloadIsTheKnownDigest) {
  EXPECT_EQ(Sha256Hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST(SigV4, CanonicalRequestMatchesPublishedExample) {
  SignableRequest req = ListUsers();
  req.headers.emplace_back("X-Amz-Date", "20150830T123600Z");
  std::string canonical = CanonicalRequest(req, Sha256Hex(""));
  EXPECT_EQ(canonical,
            "GET\n/\nAction=ListUsers&Version=2010-05-08\n"
            "content-type:application/x-www-form-urlencoded; charset=utf-8\n"
            "host:iam.amazonaws.com\nx-amz-date:20150830T123600Z\n\n"
            "content-type;host;x-amz-date\n"
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(Sha256Hex(canonical), kCanonicalRequestHash);
}

TEST(SigV4, StringToSignMatchesPublishedExample) {
  SignableRequest req = ListUsers();
  req.headers.emplace_back("X-Amz-Date", "20150830T123600Z");
  std::string scope = CredentialScope("20150830", "us-east-1", "iam");
  EXPECT_EQ(StringToSign("20150830T123600Z", scope, CanonicalRequest(req, Sha256Hex(""))),
            std::string("AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/iam/aws4_request\n") +
                kCanonicalRequestHash);
}

TEST(SigV4, SigningKeyMatchesPublishedExample) {
  EXPECT_EQ(HexEncode(SigningKey(kSecret, "20150830", "us-east-1", "iam")), kSigningKeyHex);
}

TEST(SigV4, SignRequestProducesPublishedSignatureAndAuthorization) {
  SignableRequest req = ListUsers();
  std::string signature = SignRequest(req, {.access_key_id = "AKIDEXAMPLE",
                                            .secret_access_key = kSecret},
                                      {.region = "us-east-1", .service = "iam",
                                       .time = ExampleTime()});
  EXPECT_EQ(signature, kSignature);
  EXPECT_EQ(Header(req, "X-Amz-Date"), "20150830T123600Z");
  EXPECT_EQ(Header(req, "Authorization"),
            std::string("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/"
                        "aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=") +
                kSignature);
  EXPECT_EQ(Header(req, "X-Amz-Security-Token"), "<absent>");
}

TEST(SigV4, SessionTokenAndContentShaAreSignedHeaders) {
  SignableRequest req = ListUsers();
  SignRequest(req, {.access_key_id = "AKIDEXAMPLE", .secret_access_key = kSecret,
                    .session_token = "token/with+chars"},
              {.region = "us-east-1", .service = "iam", .time = ExampleTime(),
               .add_content_sha256 = true});
  EXPECT_EQ(Header(req, "X-Amz-Security-Token"), "token/with+chars");
  EXPECT_EQ(Header(req, "X-Amz-Content-SHA256"), Sha256Hex(""));
  std::string auth = Header(req, "Authorization");
  EXPECT_NE(auth.find("SignedHeaders=content-type;host;x-amz-content-sha256;x-amz-date;"
                      "x-amz-security-token, "),
            std::string::npos)
      << auth;
  EXPECT_EQ(auth.find(kSignature), std::string::npos) << "extra signed headers change it";
}

TEST(SigV4, CanonicalHeadersTrimAndJoinRepeatedValues) {
  SignableRequest req{.method = "POST",
                      .headers = {{"Host", "h"}, {"My-Header", "  a   b  "}, {"my-header", "c"}}};
  EXPECT_EQ(CanonicalRequest(req, "x"), "POST\n/\n\nhost:h\nmy-header:a b,c\n\nhost;my-header\nx");
}

TEST(SigV4, UriEncodeKeepsUnreservedOnly) {
  EXPECT_EQ(UriEncode("a-b_c.d~e/f g+=", false), "a-b_c.d~e%2Ff%20g%2B%3D");
  EXPECT_EQ(UriEncode("/a b/c", true), "/a%20b/c");
}

TEST(SigV4, CredentialsFromEnvironmentNamesMissingVariables) {
  std::map<std::string, std::string> vars = {{"AWS_ACCESS_KEY_ID", "AKID"}};
  auto env = [&vars](const char* n) -> const char* {
    auto it = vars.find(n);
    return it == vars.end() ? nullptr : it->second.c_str();
  };
  Result<AwsCredentials> missing = CredentialsFromEnvironment(env);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().error_name(), "MissingCredentials");
  EXPECT_NE(missing.status().message().find("AWS_SECRET_ACCESS_KEY"), std::string::npos);
  EXPECT_EQ(missing.status().message().find("AWS_ACCESS_KEY_ID"), std::string::npos);

  vars["AWS_SECRET_ACCESS_KEY"] = "secret";
  vars["AWS_SESSION_TOKEN"] = "tok";
  Result<AwsCredentials> creds = CredentialsFromEnvironment(env);
  ASSERT_TRUE(creds.ok());
  EXPECT_EQ(creds->access_key_id, "AKID");
  EXPECT_EQ(creds->secret_access_key, "secret");
  EXPECT_EQ(creds->session_token, "tok");
}

TEST(SigV4, RegionPrefersAwsRegionOverDefault) {
  std::map<std::string, std::string> vars;
  auto env = [&vars](const char* n) -> const char* {
    auto it = vars.find(n);
    return it == vars.end() ? nullptr : it->second.c_str();
  };
  EXPECT_EQ(RegionFromEnvironment(env).status().error_name(), "MissingRegion");
  vars["AWS_DEFAULT_REGION"] = "eu-west-1";
  EXPECT_EQ(*RegionFromEnvironment(env), "eu-west-1");
  vars["AWS_REGION"] = "us-west-2";
  EXPECT_EQ(*RegionFromEnvironment(env), "us-west-2");
}

}  // namespace
}  // namespace meshsim::live
