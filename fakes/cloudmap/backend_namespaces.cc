// CreateHttpNamespace, CreatePrivateDnsNamespace, CreatePublicDnsNamespace, GetNamespace,
// ListNamespaces and DeleteNamespace.
#include "fakes/cloudmap/backend.h"
#include "fakes/cloudmap/errors.h"
#include "fakes/cloudmap/ids.h"
#include "fakes/cloudmap/paging.h"
#include "fakes/cloudmap/validation.h"

namespace meshsim::fakes::internal {
namespace {

using cloudmap::NamespaceType;

bool InFlight(const cloudmap::Operation& op) {
  return op.status == cloudmap::OperationStatus::kSubmitted ||
         op.status == cloudmap::OperationStatus::kPending;
}

Status ValidateDraftCommon(const std::optional<std::string>& token,
                           const std::optional<std::string>& description,
                           const std::optional<int64_t>& soa_ttl) {
  if (Status s = ValidateMaxLength("creatorRequestId", token, 64); !s.ok()) return s;
  if (Status s = ValidateMaxLength("description", description, 1024); !s.ok()) return s;
  if (soa_ttl && (*soa_ttl < 0 || *soa_ttl > 2147483647)) {
    return InvalidInput("SOA TTL must be between 0 and 2147483647.");
  }
  return Status::Ok();
}

// Returns whether `ns` passes one ListNamespaces filter, or InvalidInput for a bad filter.
Result<bool> MatchesFilter(const cloudmap::Namespace& ns, const cloudmap::Filter& f) {
  std::string cond = f.condition.value_or("EQ");
  bool begins = cond == "BEGINS_WITH";
  if ((cond != "EQ" && !begins) || f.values.size() != 1) {
    return InvalidInput("Invalid filter: " + f.name + " " + cond + ".");
  }
  const std::string& want = f.values[0];
  std::string actual;
  if (f.name == "TYPE") {
    if (!begins && !cloudmap::ParseNamespaceType(want)) {
      return InvalidInput("Invalid namespace type: " + want + ".");
    }
    actual = ToString(ns.type);
  } else if (f.name == "NAME") {
    actual = ns.name;
  } else if (f.name == "HTTP_NAME") {
    actual = ns.properties.http_name.value_or("");
  } else if (f.name == "RESOURCE_OWNER" && !begins) {
    return want == "SELF" || want == ns.resource_owner.value_or("");
  } else {
    return InvalidInput("Invalid filter: " + f.name + " " + cond + ".");
  }
  return begins ? actual.rfind(want, 0) == 0 : actual == want;
}

}  // namespace

Result<cloudmap::OperationIdResponse> Backend::CreateHttpNamespace(
    const cloudmap::CreateHttpNamespaceRequest& req) {
  return StartCreateNamespace({.name = req.name,
                               .type = NamespaceType::kHttp,
                               .creator_request_id = req.creator_request_id,
                               .description = req.description});
}

Result<cloudmap::OperationIdResponse> Backend::CreatePrivateDnsNamespace(
    const cloudmap::CreatePrivateDnsNamespaceRequest& req) {
  if (Status s = ValidateRequired("vpc", req.vpc); !s.ok()) return s;
  if (Status s = ValidateMaxLength("vpc", req.vpc, 64); !s.ok()) return s;
  return StartCreateNamespace({.name = req.name,
                               .type = NamespaceType::kDnsPrivate,
                               .vpc = req.vpc,
                               .creator_request_id = req.creator_request_id,
                               .description = req.description,
                               .soa_ttl = req.soa_ttl});
}

Result<cloudmap::OperationIdResponse> Backend::CreatePublicDnsNamespace(
    const cloudmap::CreatePublicDnsNamespaceRequest& req) {
  return StartCreateNamespace({.name = req.name,
                               .type = NamespaceType::kDnsPublic,
                               .creator_request_id = req.creator_request_id,
                               .description = req.description,
                               .soa_ttl = req.soa_ttl});
}

Result<cloudmap::OperationIdResponse> Backend::StartCreateNamespace(const NamespaceDraft& draft) {
  if (Status s = ValidateNamespaceName(draft.type, draft.name); !s.ok()) return s;
  Status common = ValidateDraftCommon(draft.creator_request_id, draft.description, draft.soa_ttl);
  if (!common.ok()) return common;
  if (draft.creator_request_id) {
    auto seen = store_.namespace_requests.find(*draft.creator_request_id);
    if (seen != store_.namespace_requests.end()) {
      // A retry of the same request: never a second namespace.
      if (InFlight(store_.operations.at(seen->second).op)) return DuplicateRequest(seen->second);
      return cloudmap::OperationIdResponse{seen->second};
    }
  }
  if (Status s = CheckNamespaceConflict(draft); !s.ok()) return s;
  NamespaceRecord record = BuildNamespace(draft);
  std::string id = record.ns.id;
  store_.creating_namespaces[id] = std::move(record);
  std::string op_id =
      StartOperation(cloudmap::OperationType::kCreateNamespace, {{"NAMESPACE", id}}, id,
                     [this, id](const std::string&) -> std::optional<OperationFailure> {
                       NamespaceRecord created = std::move(store_.creating_namespaces.at(id));
                       store_.creating_namespaces.erase(id);
                       InsertNamespace(std::move(created));
                       return std::nullopt;
                     });
  if (draft.creator_request_id) store_.namespace_requests[*draft.creator_request_id] = op_id;
  return cloudmap::OperationIdResponse{op_id};
}

Status Backend::CheckNamespaceConflict(const NamespaceDraft& draft) const {
  auto conflicts = [&](const NamespaceRecord& r) {
    if (r.ns.name != draft.name) return false;
    if (draft.type == NamespaceType::kDnsPrivate) {
      // A private zone name may be reused in another VPC (HttpName then gets a suffix).
      return r.ns.type == NamespaceType::kDnsPrivate && r.vpc == draft.vpc;
    }
    return r.ns.type == draft.type || draft.type == NamespaceType::kHttp;
  };
  for (const auto* map : {&store_.namespaces, &store_.creating_namespaces}) {
    for (const auto& [id, r] : *map) {
      if (conflicts(r)) {
        return NamespaceAlreadyExists(draft.name, id, r.ns.creator_request_id.value_or(""));
      }
    }
  }
  size_t count = store_.namespaces.size() + store_.creating_namespaces.size();
  if (count >= static_cast<size_t>(options_.max_namespaces)) {
    return ResourceLimitExceeded("The maximum number of namespaces (" +
                                 std::to_string(options_.max_namespaces) +
                                 ") has been reached for this account and Region.");
  }
  return Status::Ok();
}

NamespaceRecord Backend::BuildNamespace(const NamespaceDraft& draft) {
  NamespaceRecord r;
  r.vpc = draft.vpc;
  r.ns.id = NewNamespaceId(random_);
  r.ns.arn = NamespaceArn(options_, arn_region(), r.ns.id);
  r.ns.resource_owner = options_.account_id;
  r.ns.name = draft.name;
  r.ns.type = draft.type;
  r.ns.description = draft.description;
  r.ns.creator_request_id = draft.creator_request_id;
  r.ns.properties.http_name = draft.name;
  bool http_name_taken = false;
  for (const auto* map : {&store_.namespaces, &store_.creating_namespaces}) {
    for (const auto& [id, other] : *map)
      http_name_taken |= other.ns.properties.http_name == draft.name;
  }
  if (http_name_taken) *r.ns.properties.http_name += "-" + NewHttpNameSuffix(random_);
  if (draft.type != NamespaceType::kHttp) {
    r.ns.properties.hosted_zone_id = NewHostedZoneId(random_);
    r.ns.properties.soa_ttl = draft.soa_ttl;
  }
  return r;
}

void Backend::InsertNamespace(NamespaceRecord record) {
  record.ns.create_date = dispatcher_.WallNow();
  std::string id = record.ns.id;
  tracer_.Record(TraceEvent("cloudmap", "NamespaceCreated")
                     .With("namespace", id)
                     .With("name", record.ns.name)
                     .With("type", ToString(record.ns.type)));
  if (const auto& http_name = record.ns.properties.http_name) {
    store_.namespaces_by_http_name[*http_name].insert(id);
  }
  store_.namespaces[id] = std::move(record);
}

void Backend::EraseNamespace(std::map<std::string, NamespaceRecord>::iterator it) {
  if (const auto& http_name = it->second.ns.properties.http_name) {
    EraseFromIndex(store_.namespaces_by_http_name, *http_name, it->first);
  }
  store_.namespaces.erase(it);
}

Result<cloudmap::Namespace> Backend::CreateNamespaceNow(const std::string& name,
                                                        cloudmap::NamespaceType type,
                                                        const std::string& vpc) {
  NamespaceDraft draft{.name = name, .type = type};
  if (type == NamespaceType::kDnsPrivate) draft.vpc = vpc;
  if (Status s = ValidateNamespaceName(type, name); !s.ok()) return s;
  if (Status s = CheckNamespaceConflict(draft); !s.ok()) return s;
  NamespaceRecord record = BuildNamespace(draft);
  std::string id = record.ns.id;
  InsertNamespace(std::move(record));
  return NamespaceOut(store_.namespaces.at(id));
}

cloudmap::Namespace Backend::NamespaceOut(const NamespaceRecord& record) const {
  cloudmap::Namespace ns = record.ns;
  ns.service_count = static_cast<int32_t>(ServicesOf(ns.id).size());
  return ns;
}

const NamespaceRecord* Backend::FindNamespace(const std::string& id_or_arn) const {
  auto it = store_.namespaces.find(IdFromIdOrArn(id_or_arn, "namespace"));
  return it == store_.namespaces.end() ? nullptr : &it->second;
}

Result<cloudmap::Namespace> Backend::GetNamespace(const cloudmap::GetNamespaceRequest& req) {
  if (Status s = ValidateRequired("id", req.id); !s.ok()) return s;
  if (Status s = ValidateMaxLength("id", req.id, 255); !s.ok()) return s;
  const NamespaceRecord* record = FindNamespace(req.id);
  if (!record) return NamespaceNotFound(req.id);
  return NamespaceOut(*record);
}

Result<cloudmap::ListNamespacesResponse> Backend::ListNamespaces(
    const cloudmap::ListNamespacesRequest& req) {
  Result<int32_t> max = ResolveMaxResults(req.max_results, 100);
  if (!max.ok()) return max.status();
  for (const auto& f : req.filters) {  // report a bad filter even when nothing is listed
    if (Result<bool> m = MatchesFilter(cloudmap::Namespace{}, f); !m.ok()) return m.status();
  }
  std::vector<std::string> keys;
  for (const auto& [id, record] : store_.namespaces) {
    bool keep = true;
    for (const auto& f : req.filters) {
      Result<bool> m = MatchesFilter(record.ns, f);
      if (!m.ok()) return m.status();
      keep = keep && *m;
    }
    if (keep) keys.push_back(id);
  }
  Result<Page> page = PageOf(keys, "ListNamespaces", req.next_token, *max);
  if (!page.ok()) return page.status();
  cloudmap::ListNamespacesResponse out;
  for (size_t i = page->begin; i < page->end; ++i) {
    cloudmap::Namespace summary = NamespaceOut(store_.namespaces.at(keys[i]));
    summary.creator_request_id.reset();
    out.namespaces.push_back(std::move(summary));
  }
  out.next_token = page->next_token;
  return out;
}

std::vector<cloudmap::Namespace> Backend::AllNamespaces() const {
  std::vector<cloudmap::Namespace> out;
  for (const auto& [id, record] : store_.namespaces) out.push_back(NamespaceOut(record));
  return out;
}

Result<cloudmap::OperationIdResponse> Backend::DeleteNamespace(
    const cloudmap::DeleteNamespaceRequest& req) {
  if (Status s = ValidateRequired("id", req.id); !s.ok()) return s;
  if (Status s = ValidateMaxLength("id", req.id, 255); !s.ok()) return s;
  std::string id = IdFromIdOrArn(req.id, "namespace");
  if (auto op = store_.inflight.find(id); op != store_.inflight.end()) {
    return DuplicateRequest(op->second);
  }
  const NamespaceRecord* record = FindNamespace(id);
  if (!record) return NamespaceNotFound(req.id);
  if (*NamespaceOut(*record).service_count > 0) {
    return ResourceInUse("Namespace " + id + " still contains one or more services.");
  }
  std::string op_id = StartOperation(
      cloudmap::OperationType::kDeleteNamespace, {{"NAMESPACE", id}}, id,
      [this, id](const std::string&) -> std::optional<OperationFailure> {
        auto it = store_.namespaces.find(id);
        if (it == store_.namespaces.end()) return std::nullopt;
        if (*NamespaceOut(it->second).service_count > 0) {
          return OperationFailure{"INTERNAL_FAILURE", "The namespace contains services."};
        }
        if (it->second.ns.creator_request_id) {
          store_.namespace_requests.erase(*it->second.ns.creator_request_id);
        }
        EraseNamespace(it);
        tracer_.Record(TraceEvent("cloudmap", "NamespaceDeleted").With("namespace", id));
        return std::nullopt;
      });
  return cloudmap::OperationIdResponse{op_id};
}

}  // namespace meshsim::fakes::internal
