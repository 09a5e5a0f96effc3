// File: tests/controller/cloudmap/controller_fixture.h
//
// A CloudMapController wired to the real FakeCloudMap and a scripted FakeKube on a
// ManualDispatcher, with helpers to read Cloud Map's state and the controller's traces.
//
// Example:
//   TEST_F(ControllerFixture, X) { kube.vns.Put(vn); Start(); d.RunFor(30s); ... }
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "controller/cloudmap_controller.h"
#include "fakes/cloudmap/fake_cloudmap.h"
#include "tests/controller/cloudmap/fake_kube.h"
#include "tests/controller/cloudmap/test_objects.h"
#include "tests/support/manual_dispatcher.h"
#include "tests/support/recording_tracer.h"
#include "tests/support/test_random.h"

namespace meshsim::controller::testing {

inline fakes::CloudMapOptions FastCloudMap(Duration operation) {
  fakes::CloudMapOptions o;
  o.api_latency = Distribution::Fixed(std::chrono::milliseconds(20));
  o.operation_pending_after = Distribution::Fixed(std::chrono::milliseconds(100));
  o.operation_duration = Distribution::Fixed(operation);
  return o;
}

class ControllerFixture : public ::testing::Test {
 protected:
  explicit ControllerFixture(Duration operation = std::chrono::seconds(1),
                             cloudmap::NamespaceType type = cloudmap::NamespaceType::kDnsPrivate)
      : cloudmap_(d, random_, tracer, FastCloudMap(operation)),
        client_(cloudmap_.NewClient("controller")),
        kube(d) {
    ns_id = cloudmap_.CreateNamespaceNow(kCloudMapNs, type, "vpc-1")->id;
    kube.meshes.Put(MakeMesh());
    kube.nodes.Put(MakeNode("node-a", "us-west-2", "us-west-2a"));
  }

  void Start(ControllerOptions options = {}) {
    controller = std::make_unique<CloudMapController>(d, kube, *client_, tracer, options);
    controller->Start();
  }

  // The Cloud Map service of that name, or nullopt.
  std::optional<cloudmap::Service> Service(const std::string& name) {
    Result<std::vector<cloudmap::Service>> all = cloudmap_.ListServicesNow(ns_id);
    for (const auto& s : *all) {
      if (s.name == name) return s;
    }
    return std::nullopt;
  }
  std::vector<cloudmap::Instance> Instances(const std::string& service_name) {
    auto s = Service(service_name);
    if (!s) return {};
    Result<std::vector<cloudmap::Instance>> all = cloudmap_.ListInstancesNow(s->id);
    return *all;
  }
  std::vector<std::string> InstanceIds(const std::string& service_name) {
    std::vector<std::string> ids;
    for (const auto& i : Instances(service_name)) ids.push_back(i.id);
    return ids;
  }
  // Number of controller CloudMapCall events for `op` whose fields include key=value.
  int Calls(const std::string& op, const std::string& key = "", const std::string& value = "") {
    int n = 0;
    for (const auto& e : tracer.events()) {
      if (e.component() != "controller" || e.name() != "CloudMapCall") continue;
      bool op_ok = false, kv_ok = key.empty();
      for (const auto& f : e.fields()) {
        const auto* s = std::get_if<std::string>(&f.value);
        if (!s) continue;
        op_ok |= f.key == "op" && *s == op;
        kv_ok |= f.key == key && *s == value;
      }
      n += op_ok && kv_ok;
    }
    return n;
  }
  const appmesh::VirtualNode* Vn(const std::string& name) {
    return kube.vns.Peek(std::string(kNs) + "/" + name);
  }

  meshsim::testing::ManualDispatcher d;
  meshsim::testing::TestRandom random_{7};
  meshsim::testing::RecordingTracer tracer;
  fakes::FakeCloudMap cloudmap_;
  std::unique_ptr<CloudMapClient> client_;
  FakeKube kube;
  std::string ns_id;
  std::unique_ptr<CloudMapController> controller;  // last: dies first
};

}  // namespace meshsim::controller::testing
