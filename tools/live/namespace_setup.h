// File: tools/live/namespace_setup.h
//
// Live mode's first step, as the walkthrough's deploy.sh does it: make sure each of the
// scenario's Cloud Map namespaces exists on the real endpoint. Lists the namespaces (every
// page); creates the missing ones (CreatePrivateDnsNamespace, CreateHttpNamespace or
// CreatePublicDnsNamespace, by type) and polls GetOperation until each creation succeeds.
// Everything runs asynchronously on the dispatcher through any CloudMapClient.
//
// Example:
//   NamespaceSetup setup(dispatcher, client, scenario.cloudmap_namespaces, log);
//   setup.Start([&](Status s) { if (s.ok()) StartTheRun(); else Fail(s); });
#pragma once

#include <functional>
#include <ostream>
#include <string>
#include <vector>

#include "controller/api/cloudmap_client.h"
#include "controller/api/dispatcher.h"
#include "sim/scenario/scenario.h"

namespace meshsim::live {

struct NamespaceSetupOptions {
  Duration poll_interval = std::chrono::seconds(1);
  int max_polls = 60;  // per creation; then kDeadlineExceeded
};

class NamespaceSetup {
 public:
  // `log` receives one line per namespace found or created. All references must outlive the
  // setup.
  NamespaceSetup(Dispatcher& dispatcher, CloudMapClient& client,
                 std::vector<scenario::CloudMapNamespaceSpec> wanted, std::ostream& log,
                 NamespaceSetupOptions options = {});

  // Starts; `done` runs once, with OK when every namespace exists, or the first error.
  void Start(std::function<void(Status)> done);
  // Namespace name -> id, filled as namespaces are found or created.
  const std::map<std::string, std::string>& ids() const { return ids_; }

 private:
  void List(std::optional<std::string> next_token);
  void CreateNext();
  void Create(const scenario::CloudMapNamespaceSpec& spec);
  void Poll(const std::string& name, const std::string& operation_id, int polls);
  void Finish(Status s);

  Dispatcher& dispatcher_;
  CloudMapClient& client_;
  std::vector<scenario::CloudMapNamespaceSpec> wanted_;
  std::ostream& log_;
  NamespaceSetupOptions options_;
  std::map<std::string, std::string> ids_;
  size_t next_ = 0;
  TimerPtr poll_timer_;
  std::function<void(Status)> done_;
};

}  // namespace meshsim::live
