// File: controller/live/json_reader.cc
#include "controller/live/json_reader.h"

#include <cmath>
#include <limits>
#include <utility>

namespace meshsim::live {

using nlohmann::json;

Status SerializationError(const std::string& what) {
  return Status(StatusCode::kInvalidArgument, "SerializationException", what);
}

JsonReader::JsonReader(const json& j, std::string where) : j_(j), where_(std::move(where)) {
  if (!j_.is_object()) {
    status_ = SerializationError("Expected a structure for " + where_);
  }
}

const json* JsonReader::Member(const char* key, bool required) {
  if (!ok()) return nullptr;
  auto it = j_.find(key);
  if (it == j_.end() || it->is_null()) {
    if (required) {
      status_ = Status(StatusCode::kInvalidArgument, "InvalidInput",
                       std::string("Missing required member ") + key + " in " + where_);
    }
    return nullptr;
  }
  return &*it;
}

void JsonReader::TypeError(const char* key, const char* expected) {
  if (!ok()) return;
  status_ = SerializationError(std::string("Expected ") + expected + " for member " + key +
                               " of " + where_);
}

void JsonReader::BadEnum(const char* key, const std::string& value) {
  if (!ok()) return;
  status_ = Status(StatusCode::kInvalidArgument, "InvalidInput",
                   "Value '" + value + "' at '" + key + "' of " + where_ +
                       " failed to satisfy constraint: Member must satisfy enum value set");
}

void JsonReader::Str(const char* key, std::string* out) {
  const json* v = Member(key, /*required=*/true);
  if (!v) return;
  if (!v->is_string()) return TypeError(key, "a string");
  *out = v->get<std::string>();
}

void JsonReader::OptStr(const char* key, std::optional<std::string>* out) {
  const json* v = Member(key, /*required=*/false);
  if (!v) return;
  if (!v->is_string()) return TypeError(key, "a string");
  *out = v->get<std::string>();
}

void JsonReader::Int(const char* key, int64_t* out) {
  std::optional<int64_t> v;
  if (!Member(key, /*required=*/true)) return;
  OptInt(key, &v);
  if (v) *out = *v;
}

void JsonReader::OptInt(const char* key, std::optional<int64_t>* out) {
  const json* v = Member(key, /*required=*/false);
  if (!v) return;
  if (v->is_number_integer()) {
    if (v->is_number_unsigned() &&
        v->get<uint64_t>() > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
      return TypeError(key, "a 64-bit integer");
    }
    *out = v->get<int64_t>();
    return;
  }
  TypeError(key, "an integer");
}

void JsonReader::OptInt(const char* key, std::optional<int32_t>* out) {
  std::optional<int64_t> wide;
  OptInt(key, &wide);
  if (!ok() || !wide) return;
  if (*wide < std::numeric_limits<int32_t>::min() || *wide > std::numeric_limits<int32_t>::max()) {
    return TypeError(key, "a 32-bit integer");
  }
  *out = static_cast<int32_t>(*wide);
}

void JsonReader::OptTime(const char* key, std::optional<SystemTime>* out) {
  const json* v = Member(key, /*required=*/false);
  if (!v) return;
  if (!v->is_number()) return TypeError(key, "a timestamp (epoch seconds)");
  double seconds = v->get<double>();
  if (!std::isfinite(seconds) || std::fabs(seconds) > 1e11) {
    return TypeError(key, "a timestamp (epoch seconds)");
  }
  auto millis = static_cast<int64_t>(std::llround(seconds * 1000.0));
  *out = SystemTime(std::chrono::milliseconds(millis));
}

void JsonReader::StrMap(const char* key, std::map<std::string, std::string>* out) {
  const json* v = Member(key, /*required=*/false);
  if (!v) return;
  if (!v->is_object()) return TypeError(key, "a map of strings");
  for (auto it = v->begin(); it != v->end(); ++it) {
    if (!it->is_string()) return TypeError(key, "a map of strings");
    (*out)[it.key()] = it->get<std::string>();
  }
}

void JsonReader::StrList(const char* key, std::vector<std::string>* out) {
  const json* v = Member(key, /*required=*/false);
  if (!v) return;
  if (!v->is_array()) return TypeError(key, "a list of strings");
  for (const json& e : *v) {
    if (!e.is_string()) return TypeError(key, "a list of strings");
    out->push_back(e.get<std::string>());
  }
}

}  // namespace meshsim::live
