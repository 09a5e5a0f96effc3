#include "fakes/k8s/pod_template_hash.h"

#include <string>

namespace meshsim::fakes {
namespace {

class Writer {
 public:
  void Str(std::string_view s) { out_ += std::to_string(s.size()) + ":" + std::string(s) + ";"; }
  void Int(int64_t v) { out_ += "i" + std::to_string(v) + ";"; }
  void Open(std::string_view field) { out_ += std::string(field) + "{"; }
  void Close() { out_ += "}"; }
  void Map(std::string_view field, const std::map<std::string, std::string>& m) {
    Open(field);
    for (const auto& [k, v] : m) Str(k), Str(v);
    Close();
  }
  std::string Take() { return std::move(out_); }

 private:
  std::string out_;
};

void WriteContainers(Writer& w, std::string_view field,
                     const std::vector<kube::Container>& containers) {
  w.Open(field);
  for (const auto& c : containers) {
    w.Open("container");
    w.Str(c.name);
    w.Str(c.image);
    w.Open("ports");
    for (const auto& p : c.ports) w.Str(p.name), w.Int(p.container_port), w.Str(p.protocol);
    w.Close();
    w.Open("env");
    for (const auto& e : c.env) w.Str(e.name), w.Str(e.value);
    w.Close();
    w.Close();
  }
  w.Close();
}

}  // namespace

uint32_t Fnv32a(std::string_view data, uint32_t hash) {
  for (unsigned char c : data) {
    hash ^= c;
    hash *= 16777619u;
  }
  return hash;
}

std::string SafeEncodeString(std::string_view s) {
  std::string out(s.size(), ' ');
  for (size_t i = 0; i < s.size(); ++i) {
    out[i] = kKubeNameAlphabet[static_cast<unsigned char>(s[i]) % kKubeNameAlphabet.size()];
  }
  return out;
}

std::string CanonicalPodTemplate(const kube::PodTemplateSpec& t) {
  Writer w;
  w.Open("metadata");
  w.Map("labels", t.metadata.labels);
  w.Map("annotations", t.metadata.annotations);
  w.Close();
  w.Open("spec");
  WriteContainers(w, "initContainers", t.spec.init_containers);
  WriteContainers(w, "containers", t.spec.containers);
  w.Str(kube::ToString(t.spec.restart_policy));
  w.Str(t.spec.node_name);
  w.Open("readinessGates");
  for (const auto& g : t.spec.readiness_gates) w.Str(g);
  w.Close();
  w.Int(t.spec.termination_grace_period_seconds);
  w.Close();
  return w.Take();
}

std::string ComputePodTemplateHash(const kube::PodTemplateSpec& pod_template,
                                   int32_t collision_count) {
  uint32_t hash = Fnv32a(CanonicalPodTemplate(pod_template));
  if (collision_count != 0) {
    // binary.LittleEndian.PutUint32 into an 8-byte slice: four count bytes, four zeros.
    std::string bytes(8, '\0');
    auto v = static_cast<uint32_t>(collision_count);
    for (int i = 0; i < 4; ++i) bytes[i] = static_cast<char>((v >> (8 * i)) & 0xFF);
    hash = Fnv32a(bytes, hash);
  }
  return SafeEncodeString(std::to_string(hash));
}

}  // namespace meshsim::fakes
