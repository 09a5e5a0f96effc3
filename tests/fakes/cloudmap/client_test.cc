// The client layer: callbacks after latency and never inline, liveness when the client or the
// fake goes away, traces of calls and state changes, fault injection, and determinism.
#include "tests/fakes/cloudmap/cloudmap_test_util.h"

namespace meshsim::fakes::testing {
namespace {

using meshsim::testing::ManualDispatcher;
using meshsim::testing::RecordingTracer;
using meshsim::testing::TestRandom;

Status Throttled() {
  return Status(StatusCode::kThrottled, "ThrottlingException", "Rate exceeded");
}

std::string Render(const TraceEvent& e) {
  std::string out = e.component() + "/" + e.name();
  for (const auto& f : e.fields()) {
    out += " " + f.key + "=";
    if (auto* s = std::get_if<std::string>(&f.value)) out += *s;
    if (auto* i = std::get_if<int64_t>(&f.value)) out += std::to_string(*i);
    if (auto* b = std::get_if<bool>(&f.value)) out += *b ? "true" : "false";
  }
  return out;
}

class ClientTest : public CloudMapTest {};

TEST_F(ClientTest, CallbackRunsOnTheDispatcherAfterTheLatency) {
  bool fired = false;
  client_->ListNamespaces({}, [&](Result<cloudmap::ListNamespacesResponse> r) { fired = r.ok(); });
  EXPECT_FALSE(fired) << "never inside the call";
  dispatcher_.RunFor(19ms);
  EXPECT_FALSE(fired);
  dispatcher_.RunFor(1ms);
  EXPECT_TRUE(fired);
}

TEST_F(ClientTest, DestroyedClientsCallbacksAreDropped) {
  std::unique_ptr<CloudMapClient> other = cloudmap_->NewClient("other");
  bool fired = false;
  other->ListNamespaces({}, [&](Result<cloudmap::ListNamespacesResponse>) { fired = true; });
  other.reset();
  dispatcher_.RunFor(1s);
  EXPECT_FALSE(fired);
}

TEST_F(ClientTest, FakeDestroyedWithOperationsInFlightDoesNotCrash) {
  std::string service = PlainService(HttpNamespace("apps"), "web");
  bool fired = false;
  client_->RegisterInstance({.service_id = service, .instance_id = "i-1"},
                            [&](Result<cloudmap::OperationIdResponse> r) { fired = r.ok(); });
  client_->UpdateInstanceCustomHealthStatus({.service_id = service, .instance_id = "i-1"},
                                            [](Result<Empty>) {});
  client_.reset();
  cloudmap_.reset();
  dispatcher_.RunFor(60s);  // the operation's timers find the fake gone
  EXPECT_FALSE(fired);
}

TEST_F(ClientTest, TracesEveryCallWithCallerIdsAndOutcome) {
  std::string ns = HttpNamespace("apps");
  std::string service = PlainService(ns, "web");
  std::string op = Register(service, "i-1");
  Call(&CloudMapClient::GetService, {.id = "srv-missing"});
  std::vector<std::string> calls;
  for (const auto& e : tracer_.events()) {
    if (e.name() == "RegisterInstance" || e.name() == "GetService") calls.push_back(Render(e));
  }
  EXPECT_EQ(calls,
            (std::vector<std::string>{"cloudmap/RegisterInstance caller=test service=" + service +
                                          " instance=i-1 outcome=ok operation=" + op,
                                      "cloudmap/GetService caller=test service=srv-missing "
                                      "outcome=ServiceNotFound"}));
  std::string registered;
  for (const auto& e : tracer_.events()) {
    if (e.name() == "InstanceRegistered") registered = Render(e);
  }
  EXPECT_EQ(registered, "cloudmap/InstanceRegistered service=" + service +
                            " instance=i-1 operation=" + op + " created=true revision=1");
  std::vector<std::string> statuses;
  for (const auto& e : tracer_.events()) {
    if (e.name() == "OperationStatus") statuses.push_back(Render(e));
  }
  std::string prefix = "cloudmap/OperationStatus operation=" + op +
                       " type=REGISTER_INSTANCE namespace=" + ns + " service=" + service +
                       " instance=i-1 status=";
  EXPECT_EQ(statuses, (std::vector<std::string>{prefix + "SUBMITTED", prefix + "PENDING",
                                                prefix + "SUCCESS"}));
}

TEST_F(ClientTest, SetFaultFailsLaterCallsUntilCleared) {
  cloudmap_->SetFault("ListNamespaces", Throttled());
  Result<cloudmap::ListNamespacesResponse> r = Call(&CloudMapClient::ListNamespaces, {});
  EXPECT_EQ(r.status(), Throttled());
  EXPECT_EQ(Call(&CloudMapClient::ListNamespaces, {}).status().error_name(), "ThrottlingException");
  EXPECT_TRUE(Call(&CloudMapClient::ListServices, {}).ok()) << "other operations unaffected";
  EXPECT_EQ(tracer_.events().back().name(), "ListServices");
  cloudmap_->SetFault("ListNamespaces", std::nullopt);
  EXPECT_TRUE(Call(&CloudMapClient::ListNamespaces, {}).ok());
}

TEST_F(ClientTest, FaultedCallHasNoEffect) {
  std::string service = PlainService(HttpNamespace("apps"), "web");
  cloudmap_->SetFault("*", Status(StatusCode::kPermissionDenied, "AccessDeniedException", "no"));
  EXPECT_EQ(Call(&CloudMapClient::RegisterInstance, {.service_id = service, .instance_id = "i-1"})
                .status()
                .error_name(),
            "AccessDeniedException");
  FinishOperations();
  EXPECT_TRUE(cloudmap_->ListInstancesNow(service)->empty());
}

TEST_F(ClientTest, FaultForOneCallerLeavesOthersAlone) {
  std::unique_ptr<CloudMapClient> cli = cloudmap_->NewClient("aws-cli");
  cloudmap_->SetFault("*", Throttled(), "aws-cli");
  EXPECT_TRUE(Call(&CloudMapClient::ListNamespaces, {}).ok());
  Result<cloudmap::ListNamespacesResponse> r =
      CallSync(dispatcher_, *cli, &CloudMapClient::ListNamespaces, {});
  EXPECT_EQ(r.status().error_name(), "ThrottlingException");
}

TEST_F(ClientTest, FaultHookDecidesPerCall) {
  int calls = 0;
  cloudmap_->SetFaultHook([&](const std::string& op, const std::string&) -> std::optional<Status> {
    if (op != "ListServices") return std::nullopt;
    return ++calls % 2 == 1 ? std::optional<Status>(Throttled()) : std::nullopt;
  });
  EXPECT_FALSE(Call(&CloudMapClient::ListServices, {}).ok());
  EXPECT_TRUE(Call(&CloudMapClient::ListServices, {}).ok());
  EXPECT_FALSE(Call(&CloudMapClient::ListServices, {}).ok());
  EXPECT_TRUE(Call(&CloudMapClient::ListNamespaces, {}).ok());
}

// Runs one small scenario and returns its rendered trace.
std::string RunScenario(uint64_t seed) {
  ManualDispatcher dispatcher;
  TestRandom random(seed);
  RecordingTracer tracer;
  FakeCloudMap cloudmap(dispatcher, random, tracer, CloudMapOptions{});  // random timings
  std::unique_ptr<CloudMapClient> client = cloudmap.NewClient("controller");
  std::string ns = cloudmap.CreateNamespaceNow("apps", cloudmap::NamespaceType::kHttp, "")->id;
  Result<cloudmap::Service> s = CallSync(dispatcher, *client, &CloudMapClient::CreateService,
                                         {.name = "web", .namespace_id = ns});
  for (int i = 0; i < 4; ++i) {
    client->RegisterInstance({.service_id = s->id, .instance_id = "i-" + std::to_string(i)},
                             [](Result<cloudmap::OperationIdResponse>) {});
  }
  dispatcher.RunFor(10s);
  CallSync(dispatcher, *client, &CloudMapClient::DiscoverInstances,
           {.namespace_name = "apps", .service_name = "web"});
  std::string out;
  for (const auto& e : tracer.events()) out += Render(e) + "\n";
  return out;
}

TEST(FakeCloudMapDeterminism, SameSeedSameTraceAndIds) {
  std::string a = RunScenario(7), b = RunScenario(7), c = RunScenario(8);
  EXPECT_EQ(a, b);
  EXPECT_NE(a, c);
  EXPECT_NE(a.find("InstanceRegistered"), std::string::npos);
}

TEST_F(ClientTest, ArnsCarryTheClientsRegion) {
  std::unique_ptr<CloudMapClient> east = cloudmap_->NewClient("aws-cli", "eu-west-1");
  Result<cloudmap::OperationIdResponse> op = CallSync(
      dispatcher_, *east, &CloudMapClient::CreateHttpNamespace, {.name = "east"});
  ASSERT_TRUE(op.ok()) << op.status().ToString();
  FinishOperations();
  Result<cloudmap::ListNamespacesResponse> all = Call(&CloudMapClient::ListNamespaces, {});
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->namespaces.size(), 1u);
  const cloudmap::Namespace& ns = all->namespaces[0];
  EXPECT_EQ(ns.arn, "arn:aws:servicediscovery:eu-west-1:123456789012:namespace/" + ns.id);
  Result<cloudmap::Service> s = CallSync(dispatcher_, *east, &CloudMapClient::CreateService,
                                         {.name = "web", .namespace_id = ns.id});
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->arn, "arn:aws:servicediscovery:eu-west-1:123456789012:service/" + s->id);
  // A client without a region uses the fake's.
  std::string plain = PlainService(ns.id, "api");
  EXPECT_EQ(Call(&CloudMapClient::GetService, {.id = plain})->arn, ServiceArnOf(plain));
}

}  // namespace
}  // namespace meshsim::fakes::testing
