// File: tools/serve/cloudmap_operations.cc
#include "tools/serve/cloudmap_operations.h"

#include <map>
#include <memory>

#include "controller/live/cloudmap_json.h"
#include "tools/serve/discover_json.h"

namespace meshsim::serve {
namespace {

namespace cm = cloudmap;
using Reply = std::function<void(CloudMapReply)>;
using Handler = std::function<void(CloudMapClient&, std::string_view, Reply, DiscoverJsonCache*)>;

// A request body; DiscoverInstances, the call clients poll, may come from the server's memo.
template <class Req>
Result<std::shared_ptr<const Req>> DecodeBody(std::string_view body, DiscoverJsonCache*) {
  Result<Req> req = live::Decode<Req>(body);
  if (!req.ok()) return req.status();
  return std::make_shared<const Req>(std::move(*req));
}
template <>
Result<std::shared_ptr<const cm::DiscoverInstancesRequest>> DecodeBody(std::string_view body,
                                                                      DiscoverJsonCache* cache) {
  if (cache) return cache->DecodeRequest(body);
  Result<cm::DiscoverInstancesRequest> req = live::Decode<cm::DiscoverInstancesRequest>(body);
  if (!req.ok()) return req.status();
  return std::make_shared<const cm::DiscoverInstancesRequest>(std::move(*req));
}

// A response body; DiscoverInstances skips the JSON tree (and reuses the cache's instances).
template <class Resp>
std::string EncodeBody(const Resp& r, DiscoverJsonCache*) {
  return live::Encode(r);
}
std::string EncodeBody(const cm::DiscoverInstancesResponse& r, DiscoverJsonCache* cache) {
  return cache ? cache->EncodeResponse(r) : EncodeDiscoverInstancesResponse(r);
}

// A handler that decodes Req, calls `method` and encodes its Resp. The cache, when given,
// outlives the call and its callback (the server owns it).
template <class Req, class Resp>
Handler Op(void (CloudMapClient::*method)(const Req&, Callback<Resp>)) {
  return [method](CloudMapClient& client, std::string_view body, Reply reply,
                  DiscoverJsonCache* cache) {
    Result<std::shared_ptr<const Req>> req = DecodeBody<Req>(body, cache);
    if (!req.ok()) return reply(ErrorReply(req.status()));
    (client.*method)(**req, [reply = std::move(reply), cache](Result<Resp> r) {
      if (!r.ok()) return reply(ErrorReply(r.status()));
      reply(CloudMapReply{200, EncodeBody(*r, cache)});
    });
  };
}

const std::map<std::string, Handler, std::less<>>& Handlers() {
  using C = CloudMapClient;
  static const auto* handlers = new std::map<std::string, Handler, std::less<>>{
#define MESHSIM_SERVE_HANDLER(Method, Request, Response) {#Method, Op(&C::Method)},
      MESHSIM_CLOUDMAP_OPERATIONS(MESHSIM_SERVE_HANDLER)
#undef MESHSIM_SERVE_HANDLER
  };
  return *handlers;
}

}  // namespace

CloudMapReply ErrorReply(const Status& status) {
  return CloudMapReply{live::HttpStatusForError(status), live::EncodeError(status)};
}

void HandleCloudMapCall(CloudMapClient& client, std::string_view target, std::string_view body,
                        std::function<void(CloudMapReply)> reply, DiscoverJsonCache* cache) {
  std::string_view prefix = kCloudMapTargetPrefix;
  std::string_view op = target;
  if (op.substr(0, prefix.size()) == prefix) op.remove_prefix(prefix.size());
  auto it = target.size() > prefix.size() && target.substr(0, prefix.size()) == prefix
                ? Handlers().find(op)
                : Handlers().end();
  if (it == Handlers().end()) {
    std::string shown = target.empty() ? "(no X-Amz-Target header)" : std::string(target);
    return reply(ErrorReply(Status(StatusCode::kInvalidArgument, "UnknownOperationException",
                                   "Unknown operation " + shown)));
  }
  it->second(client, body, std::move(reply), cache);
}

std::string RegionFromAuthorization(std::string_view authorization) {
  size_t at = authorization.find("Credential=");
  if (at == std::string_view::npos) return "";
  std::string_view scope = authorization.substr(at + 11);
  scope = scope.substr(0, scope.find_first_of(", "));
  // AKID/date/region/service/aws4_request
  for (int i = 0; i < 2; ++i) {
    size_t slash = scope.find('/');
    if (slash == std::string_view::npos) return "";
    scope.remove_prefix(slash + 1);
  }
  return std::string(scope.substr(0, scope.find('/')));
}

}  // namespace meshsim::serve
