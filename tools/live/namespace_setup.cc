#include "tools/live/namespace_setup.h"

namespace meshsim::live {

NamespaceSetup::NamespaceSetup(Dispatcher& dispatcher, CloudMapClient& client,
                               std::vector<scenario::CloudMapNamespaceSpec> wanted,
                               std::ostream& log, NamespaceSetupOptions options)
    : dispatcher_(dispatcher), client_(client), wanted_(std::move(wanted)), log_(log),
      options_(options) {}

void NamespaceSetup::Start(std::function<void(Status)> done) {
  done_ = std::move(done);
  List(std::nullopt);
}

void NamespaceSetup::List(std::optional<std::string> next_token) {
  client_.ListNamespaces({.next_token = next_token},
                         [this](Result<cloudmap::ListNamespacesResponse> r) {
                           if (!r.ok()) return Finish(r.status());
                           for (const auto& ns : r->namespaces) {
                             if (!ids_.count(ns.name)) ids_[ns.name] = ns.id;
                           }
                           if (r->next_token) return List(r->next_token);
                           CreateNext();
                         });
}

void NamespaceSetup::CreateNext() {
  while (next_ < wanted_.size()) {
    const auto& spec = wanted_[next_++];
    if (auto it = ids_.find(spec.name); it != ids_.end()) {
      log_ << "cloudmap: namespace " << spec.name << " exists (" << it->second << ")\n";
      continue;
    }
    return Create(spec);
  }
  Finish(Status::Ok());
}

void NamespaceSetup::Create(const scenario::CloudMapNamespaceSpec& spec) {
  std::string name = spec.name;
  auto created = [this, name](Result<cloudmap::OperationIdResponse> r) {
    if (!r.ok()) return Finish(r.status());
    log_ << "cloudmap: creating namespace " << name << " (operation " << r->operation_id
         << ")\n";
    Poll(name, r->operation_id, 0);
  };
  if (spec.type == "HTTP") {
    client_.CreateHttpNamespace({.name = name, .creator_request_id = "meshsim-live-" + name},
                                created);
  } else if (spec.type == "DNS_PUBLIC") {
    client_.CreatePublicDnsNamespace({.name = name, .creator_request_id = "meshsim-live-" + name},
                                     created);
  } else {
    client_.CreatePrivateDnsNamespace(
        {.name = name, .vpc = spec.vpc, .creator_request_id = "meshsim-live-" + name}, created);
  }
}

void NamespaceSetup::Poll(const std::string& name, const std::string& operation_id, int polls) {
  client_.GetOperation({.operation_id = operation_id}, [this, name, operation_id,
                                                        polls](Result<cloudmap::Operation> r) {
    if (!r.ok()) return Finish(r.status());
    if (r->status == cloudmap::OperationStatus::kSuccess) {
      auto target = r->targets.find("NAMESPACE");
      ids_[name] = target == r->targets.end() ? "" : target->second;
      log_ << "cloudmap: namespace " << name << " created (" << ids_[name] << ")\n";
      return CreateNext();
    }
    if (r->status == cloudmap::OperationStatus::kFail) {
      return Finish(Status(StatusCode::kInternal, r->error_code.value_or("OperationFailed"),
                           "creating namespace " + name + ": " + r->error_message.value_or("")));
    }
    if (polls + 1 >= options_.max_polls) {
      return Finish(Status(StatusCode::kDeadlineExceeded, "OperationTimeout",
                           "namespace " + name + " still not created after " +
                               std::to_string(polls + 1) + " polls of " + operation_id));
    }
    poll_timer_ = dispatcher_.CreateTimer(
        [this, name, operation_id, polls] { Poll(name, operation_id, polls + 1); });
    poll_timer_->Enable(options_.poll_interval);
  });
}

void NamespaceSetup::Finish(Status s) {
  if (done_) std::exchange(done_, nullptr)(std::move(s));
}

}  // namespace meshsim::live
