// Malformed bodies and the AWS error table of the Cloud Map JSON codec.
#include <gtest/gtest.h>

#include "controller/live/cloudmap_json.h"

namespace meshsim::live {
namespace {

namespace cm = cloudmap;

template <class T>
Status DecodeStatus(std::string_view body) {
  return Decode<T>(body).status();
}

TEST(CloudMapJsonMalformed, NotJsonIsSerializationException) {
  Status s = DecodeStatus<cm::GetServiceRequest>("{not json");
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(s.error_name(), "SerializationException");
  EXPECT_EQ(DecodeStatus<cm::GetServiceRequest>("[1,2]").error_name(), "SerializationException");
  EXPECT_EQ(DecodeStatus<cm::GetServiceRequest>("\"x\"").error_name(), "SerializationException");
}

TEST(CloudMapJsonMalformed, WrongMemberTypesAreSerializationException) {
  EXPECT_EQ(DecodeStatus<cm::GetServiceRequest>(R"({"Id":5})").error_name(),
            "SerializationException");
  EXPECT_EQ(DecodeStatus<cm::ListServicesRequest>(R"({"MaxResults":"5"})").error_name(),
            "SerializationException");
  EXPECT_EQ(DecodeStatus<cm::ListServicesRequest>(R"({"MaxResults":1.5})").error_name(),
            "SerializationException");
  EXPECT_EQ(DecodeStatus<cm::ListServicesRequest>(R"({"MaxResults":4294967296})").error_name(),
            "SerializationException");
  EXPECT_EQ(DecodeStatus<cm::RegisterInstanceRequest>(
                R"({"ServiceId":"s","InstanceId":"i","Attributes":{"a":1}})").error_name(),
            "SerializationException");
  EXPECT_EQ(DecodeStatus<cm::RegisterInstanceRequest>(
                R"({"ServiceId":"s","InstanceId":"i","Attributes":["a"]})").error_name(),
            "SerializationException");
  EXPECT_EQ(DecodeStatus<cm::CreateServiceRequest>(R"({"Name":"n","DnsConfig":[]})").error_name(),
            "SerializationException");
  EXPECT_EQ(DecodeStatus<cm::CreateServiceRequest>(
                R"({"Name":"n","DnsConfig":{"DnsRecords":[{"Type":"A","TTL":"x"}]}})").error_name(),
            "SerializationException");
  EXPECT_EQ(DecodeStatus<cm::ListNamespacesRequest>(R"({"Filters":{"Name":"TYPE"}})").error_name(),
            "SerializationException");
  EXPECT_EQ(DecodeStatus<cm::GetInstancesHealthStatusRequest>(
                R"({"ServiceId":"s","Instances":[1]})").error_name(),
            "SerializationException");
}

TEST(CloudMapJsonMalformed, MissingRequiredAndBadEnumsAreInvalidInput) {
  Status missing = DecodeStatus<cm::GetServiceRequest>("{}");
  EXPECT_EQ(missing.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(missing.error_name(), "InvalidInput");
  EXPECT_EQ(DecodeStatus<cm::GetServiceRequest>("").error_name(), "InvalidInput");
  EXPECT_EQ(DecodeStatus<cm::RegisterInstanceRequest>(R"({"ServiceId":"s","InstanceId":"i"})")
                .error_name(), "InvalidInput");
  EXPECT_EQ(DecodeStatus<cm::DiscoverInstancesRequest>(
                R"({"NamespaceName":"n","ServiceName":"s","HealthStatus":"GREEN"})").error_name(),
            "InvalidInput");
  EXPECT_EQ(DecodeStatus<cm::UpdateInstanceCustomHealthStatusRequest>(
                R"({"ServiceId":"s","InstanceId":"i","Status":"UNKNOWN"})").error_name(),
            "InvalidInput");
  // Explicit null counts as absent.
  EXPECT_TRUE(Decode<cm::ListServicesRequest>(R"({"NextToken":null})").ok());
  // Unknown members are ignored.
  EXPECT_TRUE(Decode<cm::GetServiceRequest>(R"({"Id":"s","Extra":[1]})").ok());
}

TEST(CloudMapJsonMalformed, ResponsesWithWrongTypesFailWithoutThrowing) {
  EXPECT_FALSE(Decode<cm::DiscoverInstancesResponse>(R"({"Instances":{}})").ok());
  EXPECT_FALSE(Decode<cm::Namespace>(R"({"Namespace":{"Id":"x","Arn":"a","Name":"n",)"
                                     R"("Type":"HTTP","CreateDate":"yesterday"}})").ok());
  EXPECT_FALSE(Decode<cm::Namespace>(R"({"Namespace":{"Id":"x","Arn":"a","Name":"n",)"
                                     R"("Type":"HTTP","Properties":{"DnsProperties":{"SOA":{"TTL":"x"}}}}})").ok());
  EXPECT_FALSE(Decode<cm::GetInstancesHealthStatusResponse>(R"({"Status":{"a":"GREEN"}})").ok());
  EXPECT_FALSE(Decode<cm::Operation>(R"({"Operation":{"Id":"o","Type":"X","Status":"SUCCESS"}})").ok());
}

TEST(CloudMapJsonErrors, EncodeUsesTypeAndMessage) {
  EXPECT_EQ(EncodeError(Status(StatusCode::kNotFound, "ServiceNotFound", "no srv-1")),
            R"({"Message":"no srv-1","__type":"ServiceNotFound"})");
  EXPECT_EQ(EncodeError(Status(StatusCode::kUnavailable, "", "busy")),
            R"({"Message":"busy","__type":"ServiceUnavailable"})");
}

TEST(CloudMapJsonErrors, HttpStatusFollowsAws) {
  EXPECT_EQ(HttpStatusForError(Status(StatusCode::kNotFound, "ServiceNotFound", "")), 400);
  EXPECT_EQ(HttpStatusForError(Status(StatusCode::kThrottled, "ThrottlingException", "")), 400);
  EXPECT_EQ(HttpStatusForError(Status(StatusCode::kInternal, "InternalFailure", "")), 500);
  EXPECT_EQ(HttpStatusForError(Status(StatusCode::kUnavailable, "ServiceUnavailable", "")), 503);
  EXPECT_EQ(HttpStatusForError(Status(StatusCode::kInternal, "SomethingOdd", "")), 500);
}

TEST(CloudMapJsonErrors, DecodeStripsNamespaceAndUriAndReadsEitherMessageCase) {
  Status s = DecodeError(400, R"({"__type":"com.amazonaws.servicediscovery#ServiceNotFound:http://x","message":"gone"})");
  EXPECT_EQ(s, Status(StatusCode::kNotFound, "ServiceNotFound", "gone"));
  EXPECT_EQ(DecodeError(400, R"({"__type":"ThrottlingException","Message":"slow"})"),
            Status(StatusCode::kThrottled, "ThrottlingException", "slow"));
  EXPECT_EQ(DecodeError(400, "{}", "DuplicateRequest:http://y").error_name(), "DuplicateRequest");
  EXPECT_EQ(DecodeError(503, "<html>").code(), StatusCode::kUnavailable);
  EXPECT_EQ(DecodeError(500, "").error_name(), "InternalFailure");
  EXPECT_EQ(DecodeError(404, "").error_name(), "UnknownError");
  EXPECT_EQ(DecodeError(400, R"({"__type":"NewError"})").code(), StatusCode::kInternal);
}

TEST(CloudMapJsonErrors, EveryFakeErrorRoundTrips) {
  for (const char* name : {"InvalidInput", "NamespaceNotFound", "ServiceNotFound",
                           "InstanceNotFound", "OperationNotFound", "CustomHealthNotFound",
                           "NamespaceAlreadyExists", "ServiceAlreadyExists", "ResourceInUse",
                           "DuplicateRequest", "ThrottlingException", "RequestLimitExceeded",
                           "AccessDeniedException", "ResourceLimitExceeded",
                           "ServiceUnavailable", "InternalFailure"}) {
    Status in(StatusCodeForError(name), name, "m");
    EXPECT_NE(in.code(), StatusCode::kOk) << name;
    EXPECT_EQ(DecodeError(HttpStatusForError(in), EncodeError(in)), in) << name;
  }
  EXPECT_EQ(StatusCodeForError("ResourceInUse"), StatusCode::kResourceInUse);
  EXPECT_EQ(StatusCodeForError("AccessDeniedException"), StatusCode::kPermissionDenied);
}

}  // namespace
}  // namespace meshsim::live
