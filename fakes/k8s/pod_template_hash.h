// File: fakes/k8s/pod_template_hash.h
//
// The names Kubernetes' workload controllers generate: the pod-template-hash of a Deployment's
// template (FNV-32a over a canonical serialisation plus the collision count, printed as a
// decimal uint32 and passed through rand.SafeEncodeString), and the random 5-character pod
// suffix (utilrand.String(5)) over the same vowel-free alphabet.
//
// Example:
//   std::string hash = ComputePodTemplateHash(deployment.spec.template_, 0);  // "6f99884fd4"
//   std::string rs_name = deployment.metadata.name + "-" + hash;
//   std::string pod_name = rs_name + "-" + random.String(5, kKubeNameAlphabet);
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "fakes/k8s/workload_types.h"

namespace meshsim::fakes {

// k8s.io/apimachinery/pkg/util/rand's alphabet: no vowels (no accidental words) and no
// look-alikes (0, 1, 3).
inline constexpr std::string_view kKubeNameAlphabet = "bcdfghjklmnpqrstvwxz2456789";
inline constexpr char kPodTemplateHashLabel[] = "pod-template-hash";

// 32-bit FNV-1a of `data`.
uint32_t Fnv32a(std::string_view data, uint32_t hash = 2166136261u);
// Maps each byte b of `s` to kKubeNameAlphabet[b % 27] (rand.SafeEncodeString).
std::string SafeEncodeString(std::string_view s);
// A canonical, unambiguous serialisation of every field of the template (length-prefixed
// strings, fixed field order), standing in for hashutil.DeepHashObject's spew dump.
std::string CanonicalPodTemplate(const kube::PodTemplateSpec& pod_template);
// controller.ComputeHash: a collision count of 0 stands for Go's nil and adds no bytes.
std::string ComputePodTemplateHash(const kube::PodTemplateSpec& pod_template,
                                   int32_t collision_count);

}  // namespace meshsim::fakes
