#include "tools/repro/trace_filter.h"

namespace meshsim::repro {
namespace {

const std::string* StringField(const TraceEvent& event, const std::string& key) {
  for (const auto& f : event.fields()) {
    if (f.key == key) return std::get_if<std::string>(&f.value);
  }
  return nullptr;
}

bool FieldNames(const TraceEvent& event, const std::string& key, const std::string& name) {
  const std::string* v = StringField(event, key);
  return v != nullptr && NamesObject(*v, name);
}

// True if the comma-separated list `list` contains one of `items`.
bool ListHasAny(const std::string& list, const std::set<std::string>& items) {
  size_t start = 0;
  while (start <= list.size()) {
    size_t comma = list.find(',', start);
    if (comma == std::string::npos) comma = list.size();
    if (items.count(list.substr(start, comma - start))) return true;
    start = comma + 1;
  }
  return false;
}

}  // namespace

bool NamesObject(const std::string& value, const std::string& name) {
  if (value == name) return true;
  return value.size() > name.size() && value.ends_with(name) &&
         value[value.size() - name.size() - 1] == '/';
}

bool TraceFilter::AboutPod(const TraceEvent& event) {
  const std::string& pod = *spec_.pod;
  bool named = FieldNames(event, "pod", pod) || FieldNames(event, "envoy", pod);
  if (named) {
    if (const std::string* ip = StringField(event, "ip")) pod_ips_.insert(*ip);
    return true;
  }
  if (pod_ips_.empty()) return false;
  for (const char* key : {"instance", "ip"}) {
    const std::string* v = StringField(event, key);
    if (v != nullptr && pod_ips_.count(*v)) return true;
  }
  for (const char* key : {"added", "removed"}) {
    const std::string* v = StringField(event, key);
    if (v != nullptr && ListHasAny(*v, pod_ips_)) return true;
  }
  return false;
}

bool TraceFilter::AboutVirtualNode(const TraceEvent& event) {
  const std::string& vn = *spec_.virtual_node;
  bool named = FieldNames(event, "vn", vn) || FieldNames(event, "cluster", vn) ||
               (event.component() == "controller" && FieldNames(event, "key", vn));
  if (named) {
    if (const std::string* service = StringField(event, "service")) vn_services_.insert(*service);
    return true;
  }
  const std::string* service = StringField(event, "service");
  return service != nullptr && vn_services_.count(*service) > 0;
}

bool TraceFilter::Matches(int64_t time_ns, const TraceEvent& event) {
  // Learn aliases first, whatever the window says.
  bool about_pod = !spec_.pod || AboutPod(event);
  bool about_vn = !spec_.virtual_node || AboutVirtualNode(event);
  bool about_envoy = !spec_.envoy || FieldNames(event, "envoy", *spec_.envoy);
  if (spec_.from_ns && time_ns < *spec_.from_ns) return false;
  if (spec_.to_ns && time_ns > *spec_.to_ns) return false;
  return about_pod && about_vn && about_envoy;
}

}  // namespace meshsim::repro
