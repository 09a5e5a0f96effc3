// DiscoverInstances per the spec's section 6: resolution by HttpName, the health filter with and
// without health checks, QueryParameters, OptionalParameters, HEALTHY_OR_ELSE_ALL, MaxResults,
// order, and the instances revision.
#include "tests/fakes/cloudmap/cloudmap_test_util.h"

namespace meshsim::fakes::testing {
namespace {

using cloudmap::HealthStatus;
using cloudmap::HealthStatusFilter;
using Ids = std::vector<std::string>;

class DiscoverTest : public CloudMapTest {
 protected:
  cloudmap::DiscoverInstancesRequest Req(const std::string& service) {
    return {.namespace_name = "apps", .service_name = service};
  }
  Ids Discover(cloudmap::DiscoverInstancesRequest req) { return DiscoverIds(req); }
  std::string ns_ = HttpNamespace("apps");
};

TEST_F(DiscoverTest, ResolvesNamespaceByHttpNameAndServiceByName) {
  PrivateNamespace("apps.local", "vpc-1");
  std::string reused = PrivateNamespace("apps.local", "vpc-2");
  std::string reused_http_name =
      *Call(&CloudMapClient::GetNamespace, {.id = reused})->properties.http_name;
  std::string s = PlainService(reused, "web");
  Register(s, "i-1");
  EXPECT_EQ(Discover({.namespace_name = reused_http_name, .service_name = "web"}), Ids{"i-1"});
  Result<cloudmap::DiscoverInstancesResponse> wrong_ns =
      Call(&CloudMapClient::DiscoverInstances, {.namespace_name = "nope", .service_name = "web"});
  EXPECT_EQ(wrong_ns.status().error_name(), "NamespaceNotFound");
  Result<cloudmap::DiscoverInstancesResponse> wrong_svc = Call(
      &CloudMapClient::DiscoverInstances, {.namespace_name = "apps.local", .service_name = "web"});
  EXPECT_EQ(wrong_svc.status().error_name(), "ServiceNotFound");
}

TEST_F(DiscoverTest, WithoutHealthCheckEveryFilterReturnsAllAsUnknown) {
  std::string s = PlainService(ns_, "web");
  Register(s, "i-1", {{"AWS_INIT_HEALTH_STATUS", "UNHEALTHY"}});
  Register(s, "i-2");
  for (std::optional<HealthStatusFilter> f :
       {std::optional<HealthStatusFilter>(), std::optional(HealthStatusFilter::kHealthy),
        std::optional(HealthStatusFilter::kUnhealthy), std::optional(HealthStatusFilter::kAll),
        std::optional(HealthStatusFilter::kHealthyOrElseAll)}) {
    cloudmap::DiscoverInstancesRequest req = Req("web");
    req.health_status = f;
    Result<cloudmap::DiscoverInstancesResponse> r = Call(&CloudMapClient::DiscoverInstances, req);
    ASSERT_TRUE(r.ok());
    ASSERT_EQ(r->instances.size(), 2u);
    for (const auto& i : r->instances) EXPECT_EQ(i.health_status, HealthStatus::kUnknown);
  }
}

class DiscoverHealthTest : public DiscoverTest {
 protected:
  DiscoverHealthTest() {
    Register(service_, "healthy-blue", {{"version", "blue"}});
    Register(service_, "healthy-green", {{"version", "green"}});
    Register(service_, "sick-green",
             {{"version", "green"}, {"AWS_INIT_HEALTH_STATUS", "UNHEALTHY"}});
    Register(service_, "sick-red", {{"version", "red"}, {"AWS_INIT_HEALTH_STATUS", "UNHEALTHY"}});
  }
  Ids With(std::optional<HealthStatusFilter> f, cloudmap::Attributes query = {},
           cloudmap::Attributes optional = {}) {
    cloudmap::DiscoverInstancesRequest req = Req("web");
    req.health_status = f;
    req.query_parameters = std::move(query);
    req.optional_parameters = std::move(optional);
    return Discover(req);
  }
  std::string service_ = CustomHealthService(ns_, "web");
};

TEST_F(DiscoverHealthTest, OmittedHealthStatusMeansHealthyOnly) {
  EXPECT_EQ(With(std::nullopt), (Ids{"healthy-blue", "healthy-green"}));
}

TEST_F(DiscoverHealthTest, EachHealthStatusValueSelects) {
  EXPECT_EQ(With(HealthStatusFilter::kHealthy), (Ids{"healthy-blue", "healthy-green"}));
  EXPECT_EQ(With(HealthStatusFilter::kUnhealthy), (Ids{"sick-green", "sick-red"}));
  EXPECT_EQ(With(HealthStatusFilter::kAll).size(), 4u);
  EXPECT_EQ(With(HealthStatusFilter::kHealthyOrElseAll), (Ids{"healthy-blue", "healthy-green"}));
}

TEST_F(DiscoverHealthTest, ReportsEachInstancesHealth) {
  cloudmap::DiscoverInstancesRequest req = Req("web");
  req.health_status = HealthStatusFilter::kAll;
  Result<cloudmap::DiscoverInstancesResponse> r = cloudmap_->DiscoverInstancesNow(req);
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->instances.size(), 4u);
  EXPECT_EQ(r->instances[0].health_status, HealthStatus::kHealthy);
  EXPECT_EQ(r->instances[2].health_status, HealthStatus::kUnhealthy);
  EXPECT_EQ(r->instances[0].namespace_name, "apps");
  EXPECT_EQ(r->instances[0].service_name, "web");
}

TEST_F(DiscoverHealthTest, HealthyOrElseAllFailsOpenAfterQueryParameters) {
  // No red instance is healthy: fail open to all red ones (not to the whole service).
  EXPECT_EQ(With(HealthStatusFilter::kHealthyOrElseAll, {{"version", "red"}}), Ids{"sick-red"});
  EXPECT_EQ(With(HealthStatusFilter::kHealthyOrElseAll, {{"version", "green"}}),
            Ids{"healthy-green"});
  EXPECT_TRUE(With(HealthStatusFilter::kHealthy, {{"version", "red"}}).empty());
}

TEST_F(DiscoverHealthTest, QueryParametersAreAnAndOfExactMatches) {
  Register(service_, "blue-eu", {{"version", "blue"}, {"zone", "eu"}});
  EXPECT_EQ(With(HealthStatusFilter::kAll, {{"version", "blue"}}),
            (Ids{"blue-eu", "healthy-blue"}));
  EXPECT_EQ(With(HealthStatusFilter::kAll, {{"version", "blue"}, {"zone", "eu"}}), Ids{"blue-eu"});
  EXPECT_TRUE(With(HealthStatusFilter::kAll, {{"version", "Blue"}}).empty());
}

TEST_F(DiscoverHealthTest, OptionalParametersApplyOnlyWhenSomethingMatchesAllOfThem) {
  EXPECT_EQ(With(HealthStatusFilter::kAll, {}, {{"version", "green"}}),
            (Ids{"healthy-green", "sick-green"}));
  // No instance has both: the optional group is ignored entirely (not per key).
  EXPECT_EQ(With(HealthStatusFilter::kAll, {}, {{"version", "green"}, {"zone", "eu"}}).size(), 4u);
  // Optional is applied to what QueryParameters kept.
  EXPECT_EQ(With(HealthStatusFilter::kAll, {{"version", "red"}}, {{"version", "green"}}),
            Ids{"sick-red"});
}

// A service's answer is cached between changes: every kind of change must show in the next
// answer after an earlier one (health, registration, re-registration, deregistration).
TEST_F(DiscoverHealthTest, AnswersFollowEveryChangeAfterAnEarlierAnswer) {
  ASSERT_EQ(With(std::nullopt), (Ids{"healthy-blue", "healthy-green"}));
  ASSERT_TRUE(Call(&CloudMapClient::UpdateInstanceCustomHealthStatus,
                   {.service_id = service_, .instance_id = "sick-red"})
                  .ok());
  dispatcher_.RunFor(31s);  // custom_health_delay
  EXPECT_EQ(With(std::nullopt), (Ids{"healthy-blue", "healthy-green", "sick-red"}));
  Register(service_, "new-blue", {{"version", "blue"}});
  EXPECT_EQ(With(HealthStatusFilter::kHealthy, {{"version", "blue"}}),
            (Ids{"healthy-blue", "new-blue"}));
  Register(service_, "healthy-green", {{"version", "red"}});  // upsert: attributes replaced
  EXPECT_EQ(With(HealthStatusFilter::kAll, {{"version", "red"}}), (Ids{"healthy-green", "sick-red"}));
  cloudmap::DiscoverInstancesRequest all = Req("web");
  all.health_status = HealthStatusFilter::kAll;
  Result<cloudmap::DiscoverInstancesResponse> r = cloudmap_->DiscoverInstancesNow(all);
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->instances.size(), 5u);
  EXPECT_EQ(r->instances[1].instance_id, "healthy-green");
  EXPECT_EQ(r->instances[1].attributes.at("version"), "red");
  Deregister(service_, "healthy-blue");
  EXPECT_EQ(With(std::nullopt), (Ids{"healthy-green", "new-blue", "sick-red"}));
}

TEST_F(DiscoverTest, MaxResultsDefaultsTo100AndIsBounded) {
  std::string s = PlainService(ns_, "web");
  for (int i = 0; i < 120; ++i) {
    ASSERT_TRUE(Call(&CloudMapClient::RegisterInstance,
                     {.service_id = s, .instance_id = "i-" + std::to_string(i)})
                    .ok());
  }
  FinishOperations();
  EXPECT_EQ(Discover(Req("web")).size(), 100u);
  cloudmap::DiscoverInstancesRequest req = Req("web");
  req.max_results = 7;
  EXPECT_EQ(Discover(req).size(), 7u);
  req.max_results = 1000;
  EXPECT_EQ(Discover(req).size(), 120u);
  for (int32_t bad : {0, 1001}) {
    req.max_results = bad;
    EXPECT_EQ(Call(&CloudMapClient::DiscoverInstances, req).status().error_name(), "InvalidInput");
  }
}

TEST_F(DiscoverTest, ClientOrderIsShuffledButNowViewIsSorted) {
  std::string s = PlainService(ns_, "web");
  for (int i = 0; i < 8; ++i) Register(s, "i-" + std::to_string(i));
  Ids sorted{"i-0", "i-1", "i-2", "i-3", "i-4", "i-5", "i-6", "i-7"};
  bool any_shuffled = false;
  for (int round = 0; round < 5; ++round) {
    Result<cloudmap::DiscoverInstancesResponse> r =
        Call(&CloudMapClient::DiscoverInstances, Req("web"));
    Ids ids;
    for (const auto& i : r->instances) ids.push_back(i.instance_id);
    any_shuffled |= ids != sorted;
  }
  EXPECT_TRUE(any_shuffled);
  Result<cloudmap::DiscoverInstancesResponse> now = cloudmap_->DiscoverInstancesNow(Req("web"));
  Ids ids;
  for (const auto& i : now->instances) ids.push_back(i.instance_id);
  EXPECT_EQ(ids, sorted);
}

TEST_F(DiscoverTest, RevisionCountsRegistrationsAndDeregistrationsOnly) {
  std::string s = CustomHealthService(ns_, "web");
  auto revision = [&] {
    Result<cloudmap::DiscoverInstancesRevisionResponse> r =
        Call(&CloudMapClient::DiscoverInstancesRevision,
             {.namespace_name = "apps", .service_name = "web"});
    return r.ok() ? r->instances_revision : -1;
  };
  int64_t start = revision();
  Register(s, "i-1");
  EXPECT_EQ(revision(), start + 1);
  Register(s, "i-1", {{"k", "v"}});  // an update changes the list's content
  EXPECT_EQ(revision(), start + 2);
  ASSERT_TRUE(Call(&CloudMapClient::UpdateInstanceCustomHealthStatus,
                   {.service_id = s,
                    .instance_id = "i-1",
                    .status = cloudmap::CustomHealthStatus::kUnhealthy})
                  .ok());
  dispatcher_.RunFor(40s);
  EXPECT_EQ(revision(), start + 2) << "health changes do not bump the revision";
  Deregister(s, "i-1");
  EXPECT_EQ(revision(), start + 3);
  cloudmap::DiscoverInstancesRequest req = Req("web");
  req.query_parameters = {{"nothing", "matches"}};
  EXPECT_EQ(cloudmap_->DiscoverInstancesNow(req)->instances_revision, start + 3)
      << "the revision does not depend on the filters";
}

TEST_F(DiscoverTest, QueryParametersFollowReRegistrationAndDeregistration) {
  std::string s = PlainService(ns_, "web");
  Register(s, "i-1", {{"version", "blue"}, {"zone", "a"}});
  Register(s, "i-2", {{"version", "blue"}, {"zone", "b"}});
  cloudmap::DiscoverInstancesRequest blue_a = Req("web");
  blue_a.query_parameters = {{"version", "blue"}, {"zone", "a"}};
  EXPECT_EQ(Discover(blue_a), Ids{"i-1"});
  Register(s, "i-1", {{"version", "red"}, {"zone", "a"}});  // upsert: attributes replaced
  EXPECT_EQ(Discover(blue_a), Ids{});
  cloudmap::DiscoverInstancesRequest red = Req("web");
  red.query_parameters = {{"version", "red"}};
  EXPECT_EQ(Discover(red), Ids{"i-1"});
  Deregister(s, "i-1");
  EXPECT_EQ(Discover(red), Ids{});
  cloudmap::DiscoverInstancesRequest unknown = Req("web");
  unknown.query_parameters = {{"nope", "x"}};
  EXPECT_EQ(Discover(unknown), Ids{});
}

}  // namespace
}  // namespace meshsim::fakes::testing
