#include "controller/cloudmap/instances_cache.h"

#include <utility>

namespace meshsim::controller {

using async::Task;

InstancesCache::InstancesCache(CloudMapCaller& caller)
    : caller_(caller),
      cache_(caller.options().instances_cache_size, caller.options().instances_cache_ttl),
      mutex_(caller.dispatcher()) {}

Task<Result<InstancesSnapshot>> InstancesCache::ListInstances(std::string service_id,
                                                              TraceContext ctx,
                                                              ListingMark* mark) {
  async::Mutex::Guard guard = co_await mutex_.Lock();
  if (Entry* e = cache_.Get(service_id, caller_.dispatcher().Now())) {
    if (mark) *mark = {e->listing, e->change_log.size()};
    co_return InstancesSnapshot(e->instances);
  }
  Result<InstanceAttributes> listed = co_await ListAllPages(service_id, ctx);
  if (!listed.ok()) co_return listed.status();
  auto instances = std::make_shared<InstanceAttributes>(std::move(*listed));
  uint64_t listing = ++listings_;
  cache_.Put(service_id, Entry{.instances = instances, .listing = listing},
             caller_.dispatcher().Now());
  if (mark) *mark = {listing, 0};
  co_return InstancesSnapshot(std::move(instances));
}

std::optional<std::set<std::string>> InstancesCache::ChangedBetween(
    const std::string& service_id, ListingMark from, ListingMark to) const {
  const Entry* e = cache_.Peek(service_id);
  if (e == nullptr || from.listing != e->listing || to.listing != e->listing ||
      from.changes > to.changes || to.changes > e->change_log.size()) {
    return std::nullopt;
  }
  return std::set<std::string>(e->change_log.begin() + static_cast<ptrdiff_t>(from.changes),
                               e->change_log.begin() + static_cast<ptrdiff_t>(to.changes));
}

Task<Result<InstanceAttributes>> InstancesCache::ListAllPages(std::string service_id,
                                                              TraceContext ctx) {
  InstanceAttributes out;
  cloudmap::ListInstancesRequest req{.service_id = service_id};
  while (true) {
    Result<cloudmap::ListInstancesResponse> page =
        co_await caller_.Invoke<cloudmap::ListInstancesResponse>(
            "ListInstances", ctx, [&](Callback<cloudmap::ListInstancesResponse> cb) {
              caller_.client().ListInstances(req, std::move(cb));
            });
    if (!page.ok()) co_return page.status();
    for (const cloudmap::Instance& i : page->instances) out[i.id] = i.attributes;
    if (!page->next_token) break;
    req.next_token = page->next_token;
  }
  co_return out;
}

Task<Status> InstancesCache::RegisterInstance(std::string service_id, std::string instance_id,
                                              cloudmap::Attributes attributes, TraceContext ctx) {
  cloudmap::RegisterInstanceRequest req{
      .service_id = service_id, .instance_id = instance_id, .attributes = attributes};
  Result<cloudmap::OperationIdResponse> sent =
      co_await caller_.Invoke<cloudmap::OperationIdResponse>(
          "RegisterInstance", ctx, [&](Callback<cloudmap::OperationIdResponse> cb) {
            caller_.client().RegisterInstance(req, std::move(cb));
          });
  co_return co_await FinishOperation(std::move(sent), service_id, instance_id,
                                     std::move(attributes), ctx);
}

Task<Status> InstancesCache::DeregisterInstance(std::string service_id, std::string instance_id,
                                                TraceContext ctx) {
  cloudmap::DeregisterInstanceRequest req{.service_id = service_id, .instance_id = instance_id};
  Result<cloudmap::OperationIdResponse> sent =
      co_await caller_.Invoke<cloudmap::OperationIdResponse>(
          "DeregisterInstance", ctx, [&](Callback<cloudmap::OperationIdResponse> cb) {
            caller_.client().DeregisterInstance(req, std::move(cb));
          });
  std::optional<cloudmap::Attributes> none;
  if (!sent.ok() && sent.status().error_name() == "InstanceNotFound" &&
      caller_.options().deregister_not_found_is_done) {
    Apply(service_id, instance_id, none, caller_.dispatcher().WallNow());
    co_return Status::Ok();
  }
  Status s = co_await FinishOperation(std::move(sent), service_id, instance_id, std::move(none),
                                      ctx);
  co_return s;
}

Task<Status> InstancesCache::FinishOperation(Result<cloudmap::OperationIdResponse> sent,
                                             std::string service_id, std::string instance_id,
                                             std::optional<cloudmap::Attributes> attributes,
                                             TraceContext ctx) {
  if (!sent.ok()) co_return sent.status();
  ctx.emplace_back("operation", sent->operation_id);
  Result<cloudmap::Operation> op = co_await WaitOperation(sent->operation_id, ctx);
  if (!op.ok()) co_return op.status();
  Apply(service_id, instance_id, attributes,
        op->update_date.value_or(caller_.dispatcher().WallNow()));
  co_return Status::Ok();
}

Task<Result<cloudmap::Operation>> InstancesCache::WaitOperation(std::string operation_id,
                                                                TraceContext ctx) {
  cloudmap::GetOperationRequest req{.operation_id = operation_id};
  const ControllerOptions& o = caller_.options();
  for (int poll = 1;; ++poll) {
    co_await async::Sleep(caller_.dispatcher(), o.operation_poll_interval);
    Result<cloudmap::Operation> op = co_await caller_.Invoke<cloudmap::Operation>(
        "GetOperation", ctx,
        [&](Callback<cloudmap::Operation> cb) { caller_.client().GetOperation(req, std::move(cb)); },
        o.get_operation_max_retries);
    if (!op.ok()) co_return op.status();
    TraceEvent e("controller", "OperationPoll");
    for (const auto& [k, v] : ctx) e.With(k, v);
    caller_.tracer().Record(e.With("poll", poll).With("status", cloudmap::ToString(op->status)));
    if (op->status == cloudmap::OperationStatus::kSuccess) co_return op;
    if (op->status == cloudmap::OperationStatus::kFail) {
      co_return Status(StatusCode::kInternal, op->error_code.value_or("OperationFailed"),
                       op->error_message.value_or("operation " + operation_id + " failed"));
    }
  }
}

void InstancesCache::Apply(const std::string& service_id, const std::string& instance_id,
                           const std::optional<cloudmap::Attributes>& attributes,
                           SystemTime update_date) {
  Entry* e = cache_.Get(service_id, caller_.dispatcher().Now());
  if (e == nullptr) return;
  auto last = e->last_change.find(instance_id);
  if (last != e->last_change.end() && update_date < last->second) return;
  e->last_change[instance_id] = update_date;
  e->change_log.push_back(instance_id);
  // Copy on write: a snapshot handed out earlier must not change under its reader.
  if (e->instances.use_count() > 1) {
    e->instances = std::make_shared<InstanceAttributes>(*e->instances);
  }
  if (attributes) {
    (*e->instances)[instance_id] = *attributes;
  } else {
    e->instances->erase(instance_id);
  }
}

}  // namespace meshsim::controller
