// File: fakes/k8s/kube_options.h
//
// The knobs of the fake Kubernetes cluster: the API server's watch lag and the built-in
// controllers', scheduler's and kubelets' reaction times. Defaults describe a small EKS cluster
// with the VPC CNI and the App Mesh sidecar injector; each says where its value comes from.
//
// Example:
//   KubeOptions options;
//   options.container_start = Distribution::Fixed(std::chrono::seconds(3));
//   KubeCluster cluster(dispatcher, random, tracer, options);
#pragma once

#include <chrono>
#include <cstddef>
#include <string>

#include "controller/api/distribution.h"
#include "controller/api/time.h"

namespace meshsim::fakes {

struct KubeOptions {
  // The AWS region, used in node names and the topology.kubernetes.io/region label (the
  // walkthrough deploys to us-west-2).
  std::string region = "us-west-2";
  // API write -> watch event delivered (informer lag; watch cache plus network, typically tens
  // of milliseconds on EKS).
  Distribution watch_delay =
      Distribution::Uniform(std::chrono::milliseconds(5), std::chrono::milliseconds(50));
  // Pod created -> bound to a node (kube-scheduler's queue and bind call).
  Distribution scheduling_delay =
      Distribution::Uniform(std::chrono::milliseconds(10), std::chrono::milliseconds(100));
  // Bound -> containers started (image pull, sandbox, VPC CNI IP assignment).
  Distribution container_start =
      Distribution::Uniform(std::chrono::seconds(2), std::chrono::seconds(6));
  // Started -> each container ready (first successful readiness probe).
  Distribution container_ready =
      Distribution::Uniform(std::chrono::seconds(1), std::chrono::seconds(3));
  // Deployment/ReplicaSet controllers' reaction time after they see a change.
  Duration controller_delay = std::chrono::milliseconds(10);
  // SIGTERM -> an application container exits (a well-behaved app exits at once).
  Distribution container_stop =
      Distribution::Uniform(std::chrono::milliseconds(50), std::chrono::milliseconds(500));
  // The Envoy sidecar's preStop hook `sleep 20` (App Mesh injector --prestop-delay, controller
  // spec section C): Envoy keeps running this long after the pod starts terminating.
  Duration envoy_prestop_delay = std::chrono::seconds(20);
  // Events of each kind kept for watch replay; older resourceVersions answer "Expired" (the
  // apiserver's watch cache, bounded like etcd compaction).
  size_t watch_history = 1000;
  // Retry period of the scheduler when no node fits (kube-scheduler's initial backoff, 1 s).
  Duration scheduler_retry = std::chrono::seconds(1);
};

}  // namespace meshsim::fakes
