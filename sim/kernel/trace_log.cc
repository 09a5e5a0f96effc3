#include "sim/kernel/trace_log.h"

#include <cstdio>

#include "sim/kernel/hash.h"
#include "sim/kernel/json_escape.h"

namespace meshsim::sim {
namespace {

void AppendValue(const TraceValue& v, std::string& out) {
  if (const auto* i = std::get_if<int64_t>(&v)) {
    out += std::to_string(*i);
  } else if (const auto* b = std::get_if<bool>(&v)) {
    out += *b ? "true" : "false";
  } else {
    AppendJsonString(std::get<std::string>(v), out);
  }
}

}  // namespace

void TraceLog::FormatLine(int64_t time_ns, const TraceEvent& event, std::string& out) {
  out += "{\"t\":";
  out += std::to_string(time_ns);
  out += ",\"c\":";
  AppendJsonString(event.component(), out);
  out += ",\"e\":";
  AppendJsonString(event.name(), out);
  for (const auto& f : event.fields()) {
    out.push_back(',');
    AppendJsonString(f.key, out);
    out.push_back(':');
    AppendValue(f.value, out);
  }
  out.push_back('}');
}

void TraceLog::Record(const TraceEvent& event) {
  int64_t t = ToNanos(clock_.Now());
  line_.clear();
  FormatLine(t, event, line_);
  line_.push_back('\n');
  hash_ = Fnv1a64(line_, hash_);
  ++events_;
  if (sink_ != nullptr) sink_->write(line_.data(), static_cast<std::streamsize>(line_.size()));
  TraceRecord record{t, &event, std::string_view(line_).substr(0, line_.size() - 1)};
  for (const auto& observer : observers_) observer(record);
}

std::string TraceLog::HashHex() const {
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(hash_));
  return buf;
}

}  // namespace meshsim::sim
