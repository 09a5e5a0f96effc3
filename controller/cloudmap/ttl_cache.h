// File: controller/cloudmap/ttl_cache.h
//
// A size-bounded LRU cache whose entries expire a fixed TTL after they were written, in
// dispatcher time (the Go controller's k8s.io/apimachinery LRUExpireCache). Only positive
// results are stored by the callers. Ordered containers only, so eviction is deterministic.
//
// Example:
//   TtlCache<ServiceSummary> services(1024, std::chrono::minutes(2));
//   services.Put(ns_id + "/" + name, summary, dispatcher.Now());
//   if (const ServiceSummary* s = services.Get(key, dispatcher.Now())) ...
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <utility>

#include "controller/api/time.h"

namespace meshsim::controller {

template <class V>
class TtlCache {
 public:
  TtlCache(size_t capacity, Duration ttl) : capacity_(capacity), ttl_(ttl) {}

  // Returns the live entry and marks it recently used, or nullptr (an expired one is dropped).
  V* Get(const std::string& key, MonotonicTime now) {
    auto it = entries_.find(key);
    if (it == entries_.end()) return nullptr;
    if (now >= it->second.expires) {
      Erase(key);
      return nullptr;
    }
    Touch(it->second, key);
    return &it->second.value;
  }
  // The entry, live or expired, without marking it used or dropping it; nullptr when absent.
  const V* Peek(const std::string& key) const {
    auto it = entries_.find(key);
    return it == entries_.end() ? nullptr : &it->second.value;
  }
  // Stores `value`, expiring `ttl` from `now`; evicts the least recently used beyond capacity.
  void Put(const std::string& key, V value, MonotonicTime now) {
    Erase(key);
    Entry& e = entries_[key];
    e.value = std::move(value);
    e.expires = now + ttl_;
    Touch(e, key);
    while (entries_.size() > capacity_ && !lru_.empty()) Erase(lru_.begin()->second);
  }
  void Erase(const std::string& key) {
    auto it = entries_.find(key);
    if (it == entries_.end()) return;
    lru_.erase(it->second.last_use);
    entries_.erase(it);
  }
  size_t size() const { return entries_.size(); }

 private:
  struct Entry {
    V value{};
    MonotonicTime expires{};
    uint64_t last_use = 0;
  };
  void Touch(Entry& e, const std::string& key) {
    lru_.erase(e.last_use);
    e.last_use = ++clock_;
    lru_[e.last_use] = key;
  }

  size_t capacity_;
  Duration ttl_;
  uint64_t clock_ = 0;
  std::map<std::string, Entry> entries_;
  std::map<uint64_t, std::string> lru_;
};

}  // namespace meshsim::controller
