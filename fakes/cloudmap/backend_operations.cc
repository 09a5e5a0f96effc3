// The asynchronous-operation lifecycle (SUBMITTED -> PENDING -> SUCCESS/FAIL over simulated
// time), GetOperation and ListOperations.
#include <algorithm>

#include "controller/api/check.h"
#include "fakes/cloudmap/backend.h"
#include "fakes/cloudmap/errors.h"
#include "fakes/cloudmap/ids.h"
#include "fakes/cloudmap/paging.h"
#include "fakes/cloudmap/validation.h"

namespace meshsim::fakes::internal {
namespace {

using cloudmap::OperationStatus;

// Parses epoch seconds with an optional fraction ("1587081768.334") into a SystemTime.
std::optional<SystemTime> ParseEpochSeconds(const std::string& s) {
  size_t dot = s.find('.');
  std::string whole = s.substr(0, dot), frac = dot == s.npos ? "" : s.substr(dot + 1);
  if (whole.empty() || whole.size() > 12 || frac.size() > 9) return std::nullopt;
  auto digits = [](const std::string& d) {
    return std::all_of(d.begin(), d.end(), [](char c) { return c >= '0' && c <= '9'; });
  };
  if (!digits(whole) || !digits(frac)) return std::nullopt;
  frac.resize(9, '0');
  int64_t nanos = std::stoll(whole) * 1'000'000'000 + std::stoll(frac);
  return SystemTime(Duration(nanos));
}

Status BadFilter(const cloudmap::Filter& f) {
  return InvalidInput("Invalid filter: " + f.name + " " + f.condition.value_or("EQ") + ".");
}

// Returns whether `op` passes `f`, or InvalidInput for a filter ListOperations does not accept.
Result<bool> Matches(const cloudmap::Operation& op, const cloudmap::Filter& f) {
  std::string cond = f.condition.value_or("EQ");
  size_t n = f.values.size();
  if (f.name == "NAMESPACE_ID" || f.name == "SERVICE_ID") {
    if (cond != "EQ" || n != 1) return BadFilter(f);
    std::string kind = f.name == "NAMESPACE_ID" ? "namespace" : "service";
    auto it = op.targets.find(f.name == "NAMESPACE_ID" ? "NAMESPACE" : "SERVICE");
    return it != op.targets.end() && it->second == IdFromIdOrArn(f.values[0], kind);
  }
  if (f.name == "STATUS" || f.name == "TYPE") {
    if (!((cond == "EQ" && n == 1) || (cond == "IN" && n >= 1))) return BadFilter(f);
    std::string actual = f.name == "STATUS" ? ToString(op.status) : ToString(op.type);
    for (const auto& v : f.values) {
      bool known = f.name == "STATUS" ? cloudmap::ParseOperationStatus(v).has_value()
                                      : cloudmap::ParseOperationType(v).has_value();
      if (!known) return InvalidInput("Invalid value for filter " + f.name + ": " + v + ".");
    }
    return std::find(f.values.begin(), f.values.end(), actual) != f.values.end();
  }
  if (f.name == "UPDATE_DATE") {
    if (cond != "BETWEEN" || n != 2) return BadFilter(f);
    auto lo = ParseEpochSeconds(f.values[0]), hi = ParseEpochSeconds(f.values[1]);
    if (!lo || !hi) return InvalidInput("UPDATE_DATE values must be epoch seconds.");
    return op.update_date && *op.update_date >= *lo && *op.update_date <= *hi;
  }
  return BadFilter(f);
}

}  // namespace

void Backend::TraceOperation(const cloudmap::Operation& op) {
  // Fixed field order: operation, type, the targets that exist, status, error code on FAIL.
  TraceEvent event("cloudmap", "OperationStatus");
  event.With("operation", op.id).With("type", ToString(op.type));
  for (const char* target : {"NAMESPACE", "SERVICE", "INSTANCE"}) {
    auto it = op.targets.find(target);
    if (it == op.targets.end()) continue;
    std::string key = target;
    for (char& c : key) c = static_cast<char>(c - 'A' + 'a');
    event.With(key, it->second);
  }
  event.With("status", ToString(op.status));
  if (op.error_code) event.With("error_code", *op.error_code);
  tracer_.Record(event);
}

Backend::Backend(Dispatcher& dispatcher, Random& random, Tracer& tracer, CloudMapOptions options)
    : dispatcher_(dispatcher),
      random_(random),
      tracer_(tracer),
      options_(std::move(options)),
      policy_(dispatcher_, random_, options_) {}

void Backend::After(Duration delay, std::function<void()> fn) {
  std::weak_ptr<int> alive = alive_;
  dispatcher_.Schedule(delay, [alive, fn = std::move(fn)] {
    if (alive.lock()) fn();
  });
}

std::string Backend::StartOperation(cloudmap::OperationType type,
                                    std::map<std::string, std::string> targets,
                                    const std::string& inflight_key, OperationEffect effect) {
  std::string id = NewOperationId(random_);
  SystemTime now = dispatcher_.WallNow();
  OperationRecord record;
  record.op.id = id;
  record.op.owner_account = options_.account_id;
  record.op.type = type;
  record.op.status = OperationStatus::kSubmitted;
  record.op.create_date = record.op.update_date = now;
  record.op.targets = std::move(targets);
  record.inflight_key = inflight_key;
  record.effect = std::move(effect);
  store_.operations[id] = std::move(record);
  store_.inflight[inflight_key] = id;
  TraceOperation(store_.operations.at(id).op);
  Duration pending_after = options_.operation_pending_after.Sample(random_);
  Duration duration = options_.operation_duration.Sample(random_);
  After(pending_after, [this, id] { SetOperationStatus(id, OperationStatus::kPending); });
  After(pending_after + duration, [this, id] { FinishOperation(id); });
  return id;
}

void Backend::SetOperationStatus(const std::string& id, OperationStatus status) {
  auto it = store_.operations.find(id);
  MESHSIM_CHECK(it != store_.operations.end()) << "unknown operation " << id;
  cloudmap::Operation& op = it->second.op;
  op.status = status;
  op.update_date = dispatcher_.WallNow();
  TraceOperation(op);
}

void Backend::FinishOperation(const std::string& id) {
  OperationRecord& record = store_.operations.at(id);
  store_.inflight.erase(record.inflight_key);
  OperationEffect effect = std::move(record.effect);
  std::optional<OperationFailure> failure = effect ? effect(id) : std::nullopt;
  OperationRecord& after = store_.operations.at(id);  // `effect` may have grown the map
  if (failure) {
    after.op.error_code = failure->error_code;
    after.op.error_message = failure->message;
  }
  SetOperationStatus(id, failure ? OperationStatus::kFail : OperationStatus::kSuccess);
}

Result<cloudmap::Operation> Backend::GetOperation(const cloudmap::GetOperationRequest& req) {
  if (Status s = ValidateRequired("operationId", req.operation_id); !s.ok()) return s;
  if (Status s = ValidateMaxLength("operationId", req.operation_id, 255); !s.ok()) return s;
  if (req.owner_account && req.owner_account->size() != 12) {
    return InvalidInput("OwnerAccount must be 12 characters long.");
  }
  auto it = store_.operations.find(req.operation_id);
  if (it == store_.operations.end()) return OperationNotFound(req.operation_id);
  return it->second.op;
}

Result<cloudmap::ListOperationsResponse> Backend::ListOperations(
    const cloudmap::ListOperationsRequest& req) {
  Result<int32_t> max = ResolveMaxResults(req.max_results, 100);
  if (!max.ok()) return max.status();
  for (const auto& f : req.filters) {  // report a bad filter even when nothing is listed
    if (Result<bool> m = Matches(cloudmap::Operation{}, f); !m.ok()) return m.status();
  }
  std::vector<std::string> keys;
  for (const auto& [id, record] : store_.operations) {
    bool keep = true;
    for (const auto& f : req.filters) {
      Result<bool> m = Matches(record.op, f);
      if (!m.ok()) return m.status();
      keep = keep && *m;
    }
    if (keep) keys.push_back(id);
  }
  Result<Page> page = PageOf(keys, "ListOperations", req.next_token, *max);
  if (!page.ok()) return page.status();
  cloudmap::ListOperationsResponse out;
  for (size_t i = page->begin; i < page->end; ++i) {
    out.operations.push_back({keys[i], store_.operations.at(keys[i]).op.status});
  }
  out.next_token = page->next_token;
  return out;
}

}  // namespace meshsim::fakes::internal
