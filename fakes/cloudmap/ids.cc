#include "fakes/cloudmap/ids.h"

namespace meshsim::fakes::internal {
namespace {

constexpr std::string_view kLowerAlnum = "abcdefghijklmnopqrstuvwxyz0123456789";
constexpr std::string_view kUpperAlnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

std::string Arn(const CloudMapOptions& options, const std::string& region, std::string_view kind,
                const std::string& id) {
  return "arn:aws:servicediscovery:" + region + ":" + options.account_id + ":" +
         std::string(kind) + "/" + id;
}

}  // namespace

std::string NewNamespaceId(Random& random) {
  return std::string("ns-").append(random.String(16, kLowerAlnum));
}

std::string NewServiceId(Random& random) {
  return std::string("srv-").append(random.String(16, kLowerAlnum));
}

std::string NewOperationId(Random& random) {
  std::string head = random.String(32, kLowerAlnum);
  return head + "-" + random.String(8, kLowerAlnum);
}

std::string NewHostedZoneId(Random& random) {
  std::string id = "Z";
  id += random.String(20, kUpperAlnum);
  return id;
}

std::string NewHttpNameSuffix(Random& random) { return random.String(8, kLowerAlnum); }

std::string NamespaceArn(const CloudMapOptions& options, const std::string& id) {
  return Arn(options, options.region, "namespace", id);
}

std::string NamespaceArn(const CloudMapOptions& options, const std::string& region,
                         const std::string& id) {
  return Arn(options, region, "namespace", id);
}

std::string ServiceArn(const CloudMapOptions& options, const std::string& region,
                       const std::string& id) {
  return Arn(options, region, "service", id);
}

std::string ServiceArn(const CloudMapOptions& options, const std::string& id) {
  return Arn(options, options.region, "service", id);
}

std::string IdFromIdOrArn(const std::string& id_or_arn, std::string_view kind) {
  if (id_or_arn.rfind("arn:", 0) != 0) return id_or_arn;
  // arn:<partition>:servicediscovery:<region>:<account>:<kind>/<id>
  size_t colons = 0, pos = 0;
  for (; pos < id_or_arn.size() && colons < 5; ++pos) colons += id_or_arn[pos] == ':';
  if (colons < 5) return id_or_arn;
  std::string_view resource = std::string_view(id_or_arn).substr(pos);
  std::string prefix = std::string(kind) + "/";
  if (resource.rfind(prefix, 0) != 0) return id_or_arn;
  return std::string(resource.substr(prefix.size()));
}

}  // namespace meshsim::fakes::internal
