#include "tools/serve/xds/ads_server.h"

#include <grpcpp/grpcpp.h>

#include <atomic>
#include <chrono>
#include <deque>
#include <optional>
#include <utility>
#include <vector>

#include "envoy/service/discovery/v3/ads.grpc.pb.h"

namespace meshsim::serve::xds {
namespace {

using envoy::service::discovery::v3::DeltaDiscoveryRequest;
using envoy::service::discovery::v3::DeltaDiscoveryResponse;
using envoy::service::discovery::v3::DiscoveryRequest;
using envoy::service::discovery::v3::DiscoveryResponse;

constexpr int kLds = static_cast<int>(ResourceType::kListener);
constexpr int kRds = static_cast<int>(ResourceType::kRoute);
constexpr int kCds = static_cast<int>(ResourceType::kCluster);
constexpr int kEds = static_cast<int>(ResourceType::kEndpoint);
// Make before break: clusters and their endpoints before what routes to them.
constexpr std::array<int, kResourceTypes> kPushOrder = {kCds, kEds, kLds, kRds};

const char* Short(int type) { return fakes::xds::ShortName(static_cast<ResourceType>(type)); }

std::string Join(const std::set<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ",") + n;
  return out;
}

}  // namespace

class AdsServer::Impl final
    : public envoy::service::discovery::v3::AggregatedDiscoveryService::CallbackService {
 public:
  Impl(SnapshotStore& store, const AdsServerOptions& options) : store(store), options(options) {}

  grpc::ServerBidiReactor<DiscoveryRequest, DiscoveryResponse>* StreamAggregatedResources(
      grpc::CallbackServerContext* context) override;
  grpc::ServerBidiReactor<DeltaDiscoveryRequest, DeltaDiscoveryResponse>* DeltaAggregatedResources(
      grpc::CallbackServerContext* context) override;

  void Log(const std::string& line) {
    if (!options.log) return;
    std::lock_guard<std::mutex> lock(log_mutex);
    options.log(line);
  }
  void SetStatus(const std::string& node, const NodeStatus& s) {
    {
      std::lock_guard<std::mutex> lock(status_mutex);
      status[node] = s;
    }
    status_changed.notify_all();
  }

  SnapshotStore& store;
  AdsServerOptions options;
  std::unique_ptr<grpc::Server> server;
  std::mutex log_mutex;
  mutable std::mutex status_mutex;
  mutable std::condition_variable status_changed;
  std::map<std::string, NodeStatus> status;
};

namespace {

// One ADS stream: reads requests one at a time, writes responses one at a time from a queue,
// and hears of every publish. The protocol lives in the subclasses' *Locked methods, which run
// under mu_ and only append responses; gRPC calls are made outside the lock.
template <typename Request, typename Response>
class Stream : public grpc::ServerBidiReactor<Request, Response> {
 public:
  explicit Stream(AdsServer::Impl& server) : server_(server) {}

  // Called once the subclass is constructed (virtual calls are safe from then on).
  void Begin() {
    subscription_ = server_.store.Subscribe([this] { OnSnapshot(); });
    this->StartRead(&request_);
  }

  void OnReadDone(bool ok) override {
    if (!ok) {
      bool finish = false;
      {
        std::lock_guard<std::mutex> lock(mu_);
        reading_done_ = true;
        finish = !writing_ && !finished_;
        if (finish) finished_ = true;
      }
      if (finish) this->Finish(grpc::Status::OK);
      return;
    }
    std::vector<Response> out;
    {
      std::lock_guard<std::mutex> lock(mu_);
      HandleLocked(request_, out);
      PublishStatusLocked();
    }
    Enqueue(std::move(out));
    this->StartRead(&request_);
  }

  void OnWriteDone(bool ok) override {
    const Response* next = nullptr;
    bool finish = false;
    {
      std::lock_guard<std::mutex> lock(mu_);
      queue_.pop_front();
      if (!ok) queue_.clear();  // the stream is broken; the pending read will fail too
      if (!queue_.empty() && !reading_done_) {
        next = &queue_.front();
      } else {
        writing_ = false;
        if (reading_done_ && !finished_) finished_ = finish = true;
      }
    }
    if (next != nullptr) this->StartWrite(next);
    if (finish) this->Finish(grpc::Status::OK);
  }

  void OnDone() override {
    server_.store.Unsubscribe(subscription_);
    delete this;
  }

 protected:
  // What both variants keep per resource type.
  struct TypeStateBase {
    bool requested = false;
    bool wildcard = false;
    std::string nonce;                 // of the latest response
    std::set<std::string> sent_names;  // resources in the latest response
    bool held = false;                 // an update waits for warming clusters
  };

  virtual void HandleLocked(const Request& request, std::vector<Response>& out) = 0;
  virtual void OnSnapshotLocked(std::vector<Response>& out) = 0;

  void Log(const std::string& what) {
    server_.Log("xds: node=" + (node_.empty() ? std::string("-") : node_) + " " + what);
  }
  // The prologue of every request, both variants: the first request's node decides which
  // snapshot the stream serves; returns the requested type's index, or nothing (logged) for a
  // type this server does not serve.
  std::optional<int> RequestedTypeLocked(const Request& req, bool delta) {
    if (!have_node_) {
      have_node_ = true;
      node_ = req.node().id();
      status_.cluster = req.node().cluster();
      status_.delta = delta;
      Log(std::string("stream opened (") + (delta ? "delta" : "state of the world") +
          ") cluster=" + req.node().cluster());
    }
    ResourceType type;
    if (!ParseTypeUrl(req.type_url(), type)) {
      Log(std::string("ignored ") + (delta ? "delta " : "") + "request for unknown type " +
          req.type_url());
      return std::nullopt;
    }
    return static_cast<int>(type);
  }
  void PublishStatusLocked() {
    if (!have_node_) return;
    status_.warming_clusters = warming_;
    if (warming_.empty() && !status_.types[kCds].acked_version.empty()) {
      status_.applied_cds_version = status_.types[kCds].acked_version;
    }
    server_.SetStatus(node_, status_);
  }
  std::string NextNonce() { return std::to_string(next_nonce_++); }

  // Warming: the clusters of a CDS response whose content is new to the client wait for an
  // acked EDS response with their assignment; clusters with no assignment to wait for do not.
  void ClustersSentLocked(const std::vector<std::string>& changed) {
    for (const auto& c : changed) {
      auto eds = snapshot_->cluster_eds_names.find(c);
      if (eds != snapshot_->cluster_eds_names.end() &&
          snapshot_->resources[kEds].count(eds->second) > 0) {
        warming_.insert(c);
      }
    }
  }
  void EndpointsAckedLocked(const std::set<std::string>& eds_names) {
    for (auto it = warming_.begin(); it != warming_.end();) {
      auto eds = snapshot_->cluster_eds_names.find(*it);
      bool warm = eds == snapshot_->cluster_eds_names.end() || eds_names.count(eds->second) > 0 ||
                  snapshot_->resources[kEds].count(eds->second) == 0;
      it = warm ? warming_.erase(it) : std::next(it);
    }
  }

  AdsServer::Impl& server_;
  std::string node_;
  bool have_node_ = false;
  NodeStatus status_;
  std::set<std::string> warming_;
  std::shared_ptr<const ServedSnapshot> snapshot_;

 private:
  void OnSnapshot() {
    std::vector<Response> out;
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (finished_ || reading_done_ || !have_node_) return;
      OnSnapshotLocked(out);
      PublishStatusLocked();
    }
    Enqueue(std::move(out));
  }
  void Enqueue(std::vector<Response> out) {
    if (out.empty()) return;
    const Response* first = nullptr;
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (finished_ || reading_done_) return;
      for (auto& r : out) queue_.push_back(std::move(r));
      if (!writing_) {
        writing_ = true;
        first = &queue_.front();
      }
    }
    if (first != nullptr) this->StartWrite(first);
  }

  std::mutex mu_;
  Request request_;
  std::deque<Response> queue_;  // front = the write in flight; deque keeps it in place
  bool writing_ = false;
  bool reading_done_ = false;
  bool finished_ = false;
  uint64_t subscription_ = 0;
  uint64_t next_nonce_ = 1;
};

// State of the world.
class SotwStream final : public Stream<DiscoveryRequest, DiscoveryResponse> {
 public:
  using Stream::Stream;

 private:
  struct TypeState : TypeStateBase {
    std::set<std::string> names;
    std::map<std::string, std::string> sent_versions;  // resource -> version last sent
  };

  void HandleLocked(const DiscoveryRequest& req, std::vector<DiscoveryResponse>& out) override {
    std::optional<int> type = RequestedTypeLocked(req, /*delta=*/false);
    if (!type) return;
    const int t = *type;
    TypeState& st = types_[t];
    TypeStatus& ts = status_.types[t];
    if (!req.response_nonce().empty() && req.response_nonce() != st.nonce) {
      // Only the request answering the latest response counts.
      ++ts.stale;
      Log(std::string("stale ") + Short(t) + " nonce=" + req.response_nonce() + " (latest " +
          st.nonce + ") ignored");
      return;
    }
    snapshot_ = server_.store.Get(node_, status_.cluster);
    if (!req.response_nonce().empty()) {
      if (req.has_error_detail()) {
        ++ts.nacks;
        ts.nacked_version = ts.sent_version;
        ts.last_error = req.error_detail().message();
        Log(std::string("NACK ") + Short(t) + " version=" + ts.sent_version + " nonce=" +
            st.nonce + " keeps version=" + ts.acked_version + " error=" + ts.last_error);
      } else {
        ++ts.acks;
        ts.acked_version = req.version_info();
        Log(std::string("ACK ") + Short(t) + " version=" + req.version_info() + " nonce=" + st.nonce);
        if (t == kEds) EndpointsAckedLocked(st.sent_names);
      }
    }
    std::set<std::string> names(req.resource_names().begin(), req.resource_names().end());
    bool changed = !st.requested || names != st.names;
    st.requested = true;
    st.names = names;
    st.wildcard = (names.empty() && (t == kLds || t == kCds)) || names.count("*") > 0;
    if (changed) {
      Log(std::string("request ") + Short(t) + " names=[" + Join(names) + "]");
      Send(t, out);
    }
    ReleaseHeldLocked(out);
  }

  void OnSnapshotLocked(std::vector<DiscoveryResponse>& out) override {
    snapshot_ = server_.store.Get(node_, status_.cluster);
    for (int t : kPushOrder) {
      TypeState& st = types_[t];
      if (!st.requested || snapshot_->type_versions[t] == status_.types[t].sent_version) continue;
      if ((t == kLds || t == kRds) && !warming_.empty()) {
        if (!st.held) Log(std::string("hold ") + Short(t) + " while clusters warm: " + Join(warming_));
        st.held = true;
        continue;
      }
      Send(t, out);
    }
  }

  void ReleaseHeldLocked(std::vector<DiscoveryResponse>& out) {
    if (!warming_.empty()) return;
    for (int t : {kLds, kRds}) {
      if (!types_[t].held) continue;
      if (snapshot_->type_versions[t] != status_.types[t].sent_version) Send(t, out);
      types_[t].held = false;
    }
  }

  void Send(int t, std::vector<DiscoveryResponse>& out) {
    TypeState& st = types_[t];
    TypeStatus& ts = status_.types[t];
    DiscoveryResponse response;
    response.set_type_url(TypeUrl(static_cast<ResourceType>(t)));
    response.set_version_info(snapshot_->type_versions[t]);
    st.nonce = NextNonce();
    response.set_nonce(st.nonce);
    st.sent_names.clear();
    std::vector<std::string> changed_clusters;
    std::string endpoints;
    for (const auto& [name, resource] : snapshot_->resources[t]) {
      if (!st.wildcard && st.names.count(name) == 0) continue;
      *response.add_resources() = resource.body;
      st.sent_names.insert(name);
      auto& version = st.sent_versions[name];
      if (version != resource.version) changed_clusters.push_back(name);
      version = resource.version;
      if (t == kEds) endpoints += " " + name + "=[" + snapshot_->endpoint_summaries.at(name) + "]";
    }
    if (t == kCds) ClustersSentLocked(changed_clusters);
    ts.sent_version = snapshot_->type_versions[t];
    ts.sent_nonce = st.nonce;
    ++ts.responses;
    st.held = false;
    Log(std::string("send ") + Short(t) + " version=" + ts.sent_version + " nonce=" + st.nonce +
        " resources=[" + Join(st.sent_names) + "]" + endpoints);
    out.push_back(std::move(response));
  }

  std::array<TypeState, kResourceTypes> types_;
};

// Incremental.
class DeltaStream final : public Stream<DeltaDiscoveryRequest, DeltaDiscoveryResponse> {
 public:
  using Stream::Stream;

 private:
  struct TypeState : TypeStateBase {
    std::set<std::string> subscribed;
    std::map<std::string, std::string> client_has;  // name -> version the client holds
  };

  void HandleLocked(const DeltaDiscoveryRequest& req, std::vector<DeltaDiscoveryResponse>& out) override {
    std::optional<int> type = RequestedTypeLocked(req, /*delta=*/true);
    if (!type) return;
    const int t = *type;
    TypeState& st = types_[t];
    TypeStatus& ts = status_.types[t];
    snapshot_ = server_.store.Get(node_, status_.cluster);
    std::set<std::string> newly;
    if (!st.requested) {
      st.requested = true;
      st.wildcard = req.resource_names_subscribe().empty() && (t == kLds || t == kCds);
    }
    for (const auto& n : req.resource_names_subscribe()) {
      if (n == "*") {
        st.wildcard = true;
      } else if (st.subscribed.insert(n).second) {
        newly.insert(n);
      }
    }
    for (const auto& n : req.resource_names_unsubscribe()) {
      if (n == "*") st.wildcard = false;
      st.subscribed.erase(n);
      st.client_has.erase(n);
    }
    for (const auto& [name, version] : req.initial_resource_versions()) st.client_has[name] = version;

    if (!req.response_nonce().empty()) {
      if (req.response_nonce() != st.nonce) {
        // Subscriptions above still count; only the ACK/NACK of an old response is ignored.
        ++ts.stale;
        Log(std::string("stale delta ") + Short(t) + " nonce=" + req.response_nonce() +
            " (latest " + st.nonce + ") ignored");
      } else if (req.has_error_detail()) {
        ++ts.nacks;
        ts.nacked_version = ts.sent_version;
        ts.last_error = req.error_detail().message();
        Log(std::string("NACK delta ") + Short(t) + " version=" + ts.sent_version +
            " keeps version=" + ts.acked_version + " error=" + ts.last_error);
      } else {
        ++ts.acks;
        ts.acked_version = ts.sent_version;
        Log(std::string("ACK delta ") + Short(t) + " version=" + ts.sent_version + " nonce=" + st.nonce);
        if (t == kEds) EndpointsAckedLocked(st.sent_names);
      }
    }
    Send(t, newly, out);
    ReleaseHeldLocked(out);
  }

  void OnSnapshotLocked(std::vector<DeltaDiscoveryResponse>& out) override {
    snapshot_ = server_.store.Get(node_, status_.cluster);
    for (int t : kPushOrder) {
      if (!types_[t].requested) continue;
      if ((t == kLds || t == kRds) && !warming_.empty()) {
        types_[t].held = true;
        continue;
      }
      Send(t, {}, out);
    }
  }

  void ReleaseHeldLocked(std::vector<DeltaDiscoveryResponse>& out) {
    if (!warming_.empty()) return;
    for (int t : {kLds, kRds}) {
      if (!types_[t].held) continue;
      types_[t].held = false;
      Send(t, {}, out);
    }
  }

  // Sends what the client lacks of its subscription and what it holds that no longer exists
  // (and newly subscribed names that do not exist); nothing when it is up to date.
  void Send(int t, const std::set<std::string>& newly, std::vector<DeltaDiscoveryResponse>& out) {
    TypeState& st = types_[t];
    DeltaDiscoveryResponse response;
    std::set<std::string> sent;
    std::vector<std::string> changed_clusters;
    std::string endpoints;
    for (const auto& [name, resource] : snapshot_->resources[t]) {
      if (!st.wildcard && st.subscribed.count(name) == 0) continue;
      auto has = st.client_has.find(name);
      if (has != st.client_has.end() && has->second == resource.version) continue;
      auto* r = response.add_resources();
      r->set_name(name);
      r->set_version(resource.version);
      *r->mutable_resource() = resource.body;
      st.client_has[name] = resource.version;
      sent.insert(name);
      changed_clusters.push_back(name);
      if (t == kEds) endpoints += " " + name + "=[" + snapshot_->endpoint_summaries.at(name) + "]";
    }
    std::set<std::string> removed;
    for (auto it = st.client_has.begin(); it != st.client_has.end();) {
      if (snapshot_->resources[t].count(it->first) == 0) {
        removed.insert(it->first);
        it = st.client_has.erase(it);
      } else {
        ++it;
      }
    }
    for (const auto& n : newly) {
      if (snapshot_->resources[t].count(n) == 0) removed.insert(n);
    }
    if (sent.empty() && removed.empty()) return;
    for (const auto& n : removed) response.add_removed_resources(n);
    response.set_type_url(TypeUrl(static_cast<ResourceType>(t)));
    response.set_system_version_info(snapshot_->type_versions[t]);
    st.nonce = NextNonce();
    response.set_nonce(st.nonce);
    st.sent_names = sent;
    if (t == kCds) ClustersSentLocked(changed_clusters);
    TypeStatus& ts = status_.types[t];
    ts.sent_version = snapshot_->type_versions[t];
    ts.sent_nonce = st.nonce;
    ++ts.responses;
    Log(std::string("send delta ") + Short(t) + " version=" + ts.sent_version + " nonce=" +
        st.nonce + " resources=[" + Join(sent) + "] removed=[" + Join(removed) + "]" + endpoints);
    out.push_back(std::move(response));
  }

  std::array<TypeState, kResourceTypes> types_;
};

}  // namespace

grpc::ServerBidiReactor<DiscoveryRequest, DiscoveryResponse>*
AdsServer::Impl::StreamAggregatedResources(grpc::CallbackServerContext*) {
  auto* stream = new SotwStream(*this);
  stream->Begin();
  return stream;
}

grpc::ServerBidiReactor<DeltaDiscoveryRequest, DeltaDiscoveryResponse>*
AdsServer::Impl::DeltaAggregatedResources(grpc::CallbackServerContext*) {
  auto* stream = new DeltaStream(*this);
  stream->Begin();
  return stream;
}

AdsServer::AdsServer(SnapshotStore& store, AdsServerOptions options)
    : store_(store), options_(std::move(options)), impl_(std::make_unique<Impl>(store_, options_)) {}

AdsServer::~AdsServer() { Shutdown(); }

Status AdsServer::Start() {
  grpc::ServerBuilder builder;
  builder.AddListeningPort(options_.address, grpc::InsecureServerCredentials(), &port_);
  builder.RegisterService(impl_.get());
  impl_->server = builder.BuildAndStart();
  if (impl_->server == nullptr || port_ == 0) {
    impl_->server.reset();
    return Status(StatusCode::kInvalidArgument, "XdsBindFailed",
                  "cannot serve xDS on " + options_.address);
  }
  return Status::Ok();
}

void AdsServer::Shutdown() {
  if (impl_ == nullptr || impl_->server == nullptr) return;
  // Open streams are cancelled at once: ADS streams never end by themselves.
  impl_->server->Shutdown(std::chrono::system_clock::now());
  impl_->server->Wait();
  impl_->server.reset();
}

std::optional<NodeStatus> AdsServer::StatusOf(const std::string& node) const {
  std::lock_guard<std::mutex> lock(impl_->status_mutex);
  auto it = impl_->status.find(node);
  if (it == impl_->status.end()) return std::nullopt;
  return it->second;
}

bool AdsServer::WaitFor(const std::string& node, const std::function<bool(const NodeStatus&)>& done,
                        std::chrono::milliseconds timeout) const {
  std::unique_lock<std::mutex> lock(impl_->status_mutex);
  return impl_->status_changed.wait_for(lock, timeout, [&] {
    auto it = impl_->status.find(node);
    return it != impl_->status.end() && done(it->second);
  });
}

}  // namespace meshsim::serve::xds
