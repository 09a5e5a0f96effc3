// Private (and public) DNS answers, as Route 53 gives them for the records Cloud Map creates
// (Developer Guide, "service DNS configuration"): MULTIVALUE returns up to eight healthy
// instances, WEIGHTED one randomly chosen healthy instance; with no health check every instance
// counts as healthy, and when none is healthy Route 53 answers as if all were.
#include <algorithm>
#include <cctype>

#include "fakes/cloudmap/backend.h"

namespace meshsim::fakes::internal {
namespace {

constexpr size_t kMultivalueAnswers = 8;

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// The value of `instance`'s record of `type`, or "" when it has none.
std::string RecordValue(const cloudmap::Instance& instance, cloudmap::RecordType type,
                        const std::string& fqdn) {
  auto attr = [&](const char* key) {
    auto it = instance.attributes.find(key);
    return it == instance.attributes.end() ? std::string() : it->second;
  };
  switch (type) {
    case cloudmap::RecordType::kA: return attr("AWS_INSTANCE_IPV4");
    case cloudmap::RecordType::kAaaa: return attr("AWS_INSTANCE_IPV6");
    case cloudmap::RecordType::kCname: return attr("AWS_INSTANCE_CNAME");
    case cloudmap::RecordType::kSrv: {
      std::string port = attr("AWS_INSTANCE_PORT");
      return port.empty() ? "" : "1 1 " + port + " " + instance.id + "." + fqdn;
    }
  }
  return "";
}

}  // namespace

DnsAnswer Backend::ResolveDns(const std::string& name, cloudmap::RecordType type,
                              Random* shuffle) const {
  std::string fqdn = Lower(name);
  if (!fqdn.empty() && fqdn.back() == '.') fqdn.pop_back();
  DnsAnswer out;
  const ServiceRecord* service = nullptr;
  for (const auto& [id, s] : store_.services) {
    if (!s.service.dns_config) continue;
    auto ns = store_.namespaces.find(*s.service.namespace_id);
    if (ns == store_.namespaces.end() || ns->second.ns.type == cloudmap::NamespaceType::kHttp) {
      continue;
    }
    if (Lower(s.service.name + "." + ns->second.ns.name) == fqdn) service = &s;
  }
  if (!service) return out;
  out.rcode = DnsRcode::kNoError;
  const cloudmap::DnsConfig& dns = *service->service.dns_config;
  auto record = std::find_if(dns.dns_records.begin(), dns.dns_records.end(),
                             [type](const cloudmap::DnsRecord& r) { return r.type == type; });
  if (record == dns.dns_records.end()) return out;
  out.ttl_seconds = record->ttl;
  std::vector<const InstanceRecord*> healthy, all;
  for (const auto& [id, instance] : service->instances) {
    if (RecordValue(instance.instance, type, fqdn).empty()) continue;
    all.push_back(&instance);
    if (EffectiveHealth(*service, instance) != cloudmap::HealthStatus::kUnhealthy) {
      healthy.push_back(&instance);
    }
  }
  std::vector<const InstanceRecord*> pool = healthy.empty() ? all : healthy;
  if (shuffle) {
    for (size_t i = pool.size(); i > 1; --i) std::swap(pool[i - 1], pool[shuffle->Uniform(i)]);
  }
  bool weighted = dns.routing_policy == cloudmap::RoutingPolicy::kWeighted;
  pool.resize(std::min(pool.size(), weighted ? size_t{1} : kMultivalueAnswers));
  for (const InstanceRecord* r : pool) {
    out.values.push_back(RecordValue(r->instance, type, fqdn));
    out.instance_ids.push_back(r->instance.id);
  }
  return out;
}

}  // namespace meshsim::fakes::internal
