// File: fakes/cloudmap/dns_answer.h
//
// What Route 53 answers for the records Cloud Map keeps for a DNS namespace's service: a query
// for "<service>.<namespace>" of type A, AAAA, SRV or CNAME. FakeCloudMap::ResolveDnsNow
// computes it from the current state with the service's routing policy (MULTIVALUE: up to eight
// healthy instances; WEIGHTED: one) and the TTL of the service's record of that type.
//
// Example:
//   DnsAnswer a = cloudmap.ResolveDnsNow("colorapp.howto-k8s-cloudmap.pvt.aws.local",
//                                        cloudmap::RecordType::kA);
//   if (a.rcode == DnsRcode::kNoError) for (const auto& ip : a.values) ...
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace meshsim::fakes {

enum class DnsRcode {
  kNoError,   // the name exists (values may still be empty: no record of that type)
  kNxDomain,  // no DNS namespace or no service with DNS records by that name
};

struct DnsAnswer {
  DnsRcode rcode = DnsRcode::kNxDomain;
  int64_t ttl_seconds = 0;  // the service's DnsRecord TTL for the queried type
  // A/AAAA: addresses; CNAME: the target; SRV: "1 1 <port> <instance-id>.<service>.<namespace>".
  std::vector<std::string> values;
  // The instance ids behind `values`, in the same order.
  std::vector<std::string> instance_ids;
};

}  // namespace meshsim::fakes
