// File: fakes/cloudmap/ids.h
//
// Identifier and ARN helpers of the fake, shaped like the ones AWS hands out: namespace ids
// `ns-` + 16 lowercase alphanumerics, service ids `srv-` + 16, operation ids 32 + `-` + 8,
// hosted zone ids `Z` + 20 uppercase alphanumerics. Every draw comes from the given Random, so
// one seed gives the same ids.
//
// Example:
//   std::string id = internal::NewNamespaceId(random);          // "ns-4k2q..."
//   std::string arn = internal::NamespaceArn(options, id);
//   std::string same = internal::IdFromIdOrArn(arn, "namespace");  // == id
#pragma once

#include <string>
#include <string_view>

#include "controller/api/random.h"
#include "fakes/cloudmap/cloudmap_options.h"

namespace meshsim::fakes::internal {

std::string NewNamespaceId(Random& random);
std::string NewServiceId(Random& random);
std::string NewOperationId(Random& random);
std::string NewHostedZoneId(Random& random);
// A short lowercase suffix for the HttpName of a reused private DNS namespace name.
std::string NewHttpNameSuffix(Random& random);

std::string NamespaceArn(const CloudMapOptions& options, const std::string& id);
// The same in `region` (a request's SigV4 region) instead of options.region.
std::string NamespaceArn(const CloudMapOptions& options, const std::string& region,
                         const std::string& id);
std::string ServiceArn(const CloudMapOptions& options, const std::string& region,
                       const std::string& id);
std::string ServiceArn(const CloudMapOptions& options, const std::string& id);

// Returns the id inside `id_or_arn` when it is an ARN of `kind` ("namespace" or "service"),
// otherwise `id_or_arn` unchanged, so a lookup of a foreign ARN simply finds nothing.
std::string IdFromIdOrArn(const std::string& id_or_arn, std::string_view kind);

}  // namespace meshsim::fakes::internal
