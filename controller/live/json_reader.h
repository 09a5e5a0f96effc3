// File: controller/live/json_reader.h
//
// Internal to cloudmap_json: a typed reader of one JSON object's members that records the first
// problem instead of throwing. Wrong JSON types are SerializationException, missing required
// members and unknown enum names are InvalidInput, as the Cloud Map service answers.
//
// Example:
//   JsonReader r(j, "Service");
//   r.Str("Id", &out->id);
//   r.OptStr("Description", &out->description);
//   return r.status();
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "controller/api/status.h"
#include "controller/api/time.h"

namespace meshsim::live {

class JsonReader {
 public:
  // `where` names the structure in messages ("DnsConfig").
  JsonReader(const nlohmann::json& j, std::string where);

  const Status& status() const { return status_; }
  bool ok() const { return status_.ok(); }

  void Str(const char* key, std::string* out);  // required
  void OptStr(const char* key, std::optional<std::string>* out);
  void Int(const char* key, int64_t* out);  // required
  void OptInt(const char* key, std::optional<int64_t>* out);
  void OptInt(const char* key, std::optional<int32_t>* out);
  void OptTime(const char* key, std::optional<SystemTime>* out);
  void StrMap(const char* key, std::map<std::string, std::string>* out);
  void StrList(const char* key, std::vector<std::string>* out);

  template <class E>
  void Enum(const char* key, E* out, std::optional<E> (*parse)(const std::string&)) {
    std::string s;
    Str(key, &s);
    if (ok()) SetEnum(key, s, out, parse);
  }
  template <class E>
  void OptEnum(const char* key, std::optional<E>* out,
               std::optional<E> (*parse)(const std::string&)) {
    std::optional<std::string> s;
    OptStr(key, &s);
    if (!ok() || !s) return;
    E e{};
    SetEnum(key, *s, &e, parse);
    if (ok()) *out = e;
  }
  // A nested structure decoded by `from` (a FromJson-shaped function).
  template <class T, class F>
  void Obj(const char* key, T* out, F from) {  // required
    const nlohmann::json* v = Member(key, /*required=*/true);
    if (v) Nest(from(*v, out));
  }
  template <class T, class F>
  void OptObj(const char* key, std::optional<T>* out, F from) {
    const nlohmann::json* v = Member(key, /*required=*/false);
    if (!v) return;
    T t{};
    Nest(from(*v, &t));
    if (ok()) *out = std::move(t);
  }
  template <class T, class F>
  void List(const char* key, std::vector<T>* out, F from) {
    const nlohmann::json* v = Member(key, /*required=*/false);
    if (!v) return;
    if (!v->is_array()) return TypeError(key, "a list");
    for (const nlohmann::json& e : *v) {
      T t{};
      Nest(from(e, &t));
      if (!ok()) return;
      out->push_back(std::move(t));
    }
  }

  // The member, or nullptr when absent or null (recording InvalidInput if required).
  const nlohmann::json* Member(const char* key, bool required);
  void TypeError(const char* key, const char* expected);

 private:
  template <class E>
  void SetEnum(const char* key, const std::string& s, E* out,
               std::optional<E> (*parse)(const std::string&)) {
    std::optional<E> e = parse(s);
    if (!e) return BadEnum(key, s);
    *out = *e;
  }
  void BadEnum(const char* key, const std::string& value);
  void Nest(Status s) {
    if (status_.ok() && !s.ok()) status_ = std::move(s);
  }

  const nlohmann::json& j_;
  std::string where_;
  Status status_;
};

// SerializationException "<what>" (the error of a wrong JSON type).
Status SerializationError(const std::string& what);

}  // namespace meshsim::live
