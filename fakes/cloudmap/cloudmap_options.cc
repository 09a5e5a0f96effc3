#include "fakes/cloudmap/cloudmap_options.h"

namespace meshsim::fakes {

std::map<std::string, RateLimit> AwsDocumentedRateLimits() {
  return {{"DiscoverInstances", RateLimit{.per_second = 1000, .burst = 2000}},
          {"DiscoverInstancesRevision", RateLimit{.per_second = 3000, .burst = 3000}}};
}

}  // namespace meshsim::fakes
