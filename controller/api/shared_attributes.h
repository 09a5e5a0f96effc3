// File: controller/api/shared_attributes.h
//
// Instance attributes, and SharedAttributes: an immutable attribute map that copies share. A
// DiscoverInstances answer carries the attributes of up to 1,000 instances; copying each map (a
// tree node and up to two heap strings per attribute) was most of the call's cost, so the
// answer's HttpInstanceSummary hands out the map Cloud Map stores instead. It stays a value type:
// nothing can change a shared map, and assigning a new map to one copy leaves the others alone.
// Reads look like a const std::map (find, at, count, iteration in key order).
//
// Example:
//   cloudmap::SharedAttributes a = {{"AWS_INSTANCE_IPV4", "10.0.0.1"}};
//   cloudmap::SharedAttributes b = a;                 // shares the map, copies nothing
//   b = cloudmap::Attributes{{"AWS_INSTANCE_PORT", "8080"}};  // a is unchanged
//   if (auto it = a.find("AWS_INSTANCE_IPV4"); it != a.end()) Use(it->second);
#pragma once

#include <cstddef>
#include <initializer_list>
#include <map>
#include <memory>
#include <string>
#include <utility>

namespace meshsim::cloudmap {

// Instance attributes. std::map so every listing is sorted the way the aws CLI shows them.
using Attributes = std::map<std::string, std::string>;

class SharedAttributes {
 public:
  using value_type = Attributes::value_type;
  using size_type = Attributes::size_type;
  using const_iterator = Attributes::const_iterator;
  using iterator = const_iterator;  // read-only: there is no mutable iterator

  SharedAttributes() = default;
  // Implicit, so a map (or a braced list) can be given wherever the shape holds attributes.
  SharedAttributes(Attributes attributes)  // NOLINT(google-explicit-constructor)
      : map_(attributes.empty() ? nullptr
                                : std::make_shared<const Attributes>(std::move(attributes))) {}
  SharedAttributes(std::initializer_list<value_type> init) : SharedAttributes(Attributes(init)) {}
  // Shares `map`, which nobody may change afterwards (null = no attributes).
  explicit SharedAttributes(std::shared_ptr<const Attributes> map) : map_(std::move(map)) {}

  const Attributes& get() const { return map_ ? *map_ : Empty(); }
  // The shared map itself (null when empty): lets a cache key on the map's identity and keep
  // that identity from being reused while it holds the entry (tools/serve/discover_json.h).
  const std::shared_ptr<const Attributes>& shared() const { return map_; }
  operator const Attributes&() const { return get(); }  // NOLINT(google-explicit-constructor)

  const_iterator begin() const { return get().begin(); }
  const_iterator end() const { return get().end(); }
  size_type size() const { return map_ ? map_->size() : 0; }
  bool empty() const { return size() == 0; }
  const_iterator find(const std::string& key) const { return get().find(key); }
  size_type count(const std::string& key) const { return get().count(key); }
  bool contains(const std::string& key) const { return get().contains(key); }
  // REQUIRES: the key is present (throws std::out_of_range otherwise, as std::map::at does).
  const std::string& at(const std::string& key) const { return get().at(key); }

  friend bool operator==(const SharedAttributes& a, const SharedAttributes& b) {
    return a.map_ == b.map_ || a.get() == b.get();
  }

 private:
  static const Attributes& Empty() {
    static const Attributes empty;
    return empty;
  }

  std::shared_ptr<const Attributes> map_;
};

}  // namespace meshsim::cloudmap
