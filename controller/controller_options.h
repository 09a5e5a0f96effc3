// File: controller/controller_options.h
//
// Every knob of the Cloud Map controller, with the real controller's default and where the
// spec (docs/controller.md, /work/shared/spec/controller.md section C) found it. Scenarios
// override them to explore "what if the cache TTL were shorter" and the like.
//
// Example:
//   ControllerOptions options;
//   options.enable_custom_health_check = true;   // --enable-custom-health-check
//   options.reconcile_wait = std::chrono::seconds(5);
#pragma once

#include <chrono>
#include <cstddef>
#include <string>
#include <vector>

#include "controller/api/time.h"
#include "controller/throttled_cloudmap_client.h"

namespace meshsim::controller {

struct ControllerOptions {
  // Which controller runs: "v1" (v1.x, this file's knobs) or "legacy" (v0.x, controller/legacy).
  std::string profile = "v1";

  // ---- controller-runtime (CC, MAIN) ----
  int workers = 3;                                    // CC MaxConcurrentReconciles
  Duration resync_period = std::chrono::hours(10);    // MAIN --sync-period (VN and pod informers)
  Duration informer_retry_period = std::chrono::seconds(1);  // relist delay (ours; client-go ~1s)
  Duration pod_store_sync_wait = std::chrono::seconds(5);    // KC GetDataStore re-check period

  // ---- service creation (RM, pkg/cloudmap/config.go) ----
  Duration dns_ttl = std::chrono::seconds(300);       // --cloudmap-dns-ttl
  bool enable_custom_health_check = false;            // --enable-custom-health-check
  int custom_health_check_failure_threshold = 1;      // RM
  // AWS_INIT_HEALTH_STATUS on a new registration. The real controller says HEALTHY (B.6), so
  // new instances are discoverable at once. UNHEALTHY (ours) models a registrar that registers
  // before health is known and reports HEALTHY afterwards (B.7's UpdateInstanceCustomHealthStatus,
  // applied ~30 s later), as ECS does: aws/containers-roadmap#830. Matters only with custom HC.
  std::string init_health_status = "HEALTHY";
  bool ipv6 = false;  // IP family from EKS DescribeCluster (MAIN); AAAA and AWS_INSTANCE_IPV6

  // ---- caches (RM, IC) ----
  Duration namespace_cache_ttl = std::chrono::minutes(2);  // RM, LRU 100
  size_t namespace_cache_size = 100;
  Duration service_cache_ttl = std::chrono::minutes(2);    // RM, LRU 1024
  size_t service_cache_size = 1024;
  Duration instances_cache_ttl = std::chrono::minutes(5);  // IC, LRU 1024 services
  size_t instances_cache_size = 1024;
  // What DeregisterInstance's InstanceNotFound means. The real controller (IC) returns it as an
  // error, so an instance cached but already gone from Cloud Map (e.g. listed by a restarted
  // controller while the old process's deregistration was still pending) fails every reconcile
  // of its virtual node until the cache entry expires (scenario crash-during-deregistration).
  // true (ours, a proposed fix): the instance is gone, which is what was asked, so the
  // deregistration succeeds and the cache forgets it.
  bool deregister_not_found_is_done = false;

  // ---- instance reconcile (IR, IC) ----
  Duration reconcile_wait = std::chrono::seconds(5);          // IR defaultInstancesReconcileWaitTimeout
  Duration requeue_after_timeout = std::chrono::seconds(10);  // IR: RequeueAfter on that timeout
  Duration operation_poll_interval = std::chrono::seconds(3);  // IC: first poll at +3 s
  int get_operation_max_retries = 10;                         // IC: SDK retries per GetOperation

  // ---- AWS SDK default retryer (aws-sdk-go client/default_retryer.go) ----
  int sdk_max_retries = 3;
  Duration sdk_min_retry_delay = std::chrono::milliseconds(30);
  Duration sdk_min_throttle_delay = std::chrono::milliseconds(500);
  Duration sdk_max_retry_delay = std::chrono::seconds(300);

  // ---- deletion (RM, pkg/k8s/finalizers.go) ----
  int delete_service_attempts = 4;                               // on ResourceInUse
  Duration delete_service_retry_interval = std::chrono::seconds(15);
  int conflict_retry_steps = 4;                                  // client-go DefaultBackoff
  Duration conflict_retry_initial = std::chrono::milliseconds(10);
  int conflict_retry_factor = 5;

  // ---- readiness-gate health prober (HP, spec B.7.2-4) ----
  Duration health_probe_period = std::chrono::seconds(4);     // loop timer, re-armed each loop
  Duration health_stable_window = std::chrono::seconds(20);   // same status held this long
  Duration health_probe_deadline = std::chrono::minutes(30);  // per (service, subset) submission
  int pod_condition_retry_steps = 5;                           // client-go DefaultRetry
  Duration pod_condition_retry_interval = std::chrono::milliseconds(10);

  // ---- failure knobs (ours; 0 = the real controller's behaviour) ----
  // Slow-down: each reconcile waits this long before it runs; each Cloud Map call this long
  // before it is sent. Stale caches: each watch event reaches the informers this late.
  Duration reconcile_delay{0};
  Duration api_call_delay{0};
  Duration watch_delivery_delay{0};

  // ---- legacy profile (controller/legacy, spec Appendix) ----
  Duration legacy_sweep_period = std::chrono::minutes(1);  // pkg/controller/controller.go loop

  // ---- client-side AWS rate limits (TH), spec C's table ----
  std::vector<ThrottleRule> cloudmap_throttles = DefaultCloudMapThrottles();

  // ---- TEST SEAM, not a controller knob: planted bugs for meshsim's own tests ----
  // Set only through world::RunOptions::adjust_options_for_test (tests/tools/repro); no
  // scenario setting or flag reaches it, and the default (0) is the real controller.
  // N > 0 skips, silently, the deregistration of every instance whose IP's last octet is a
  // multiple of N: a missed deregistration on one path, seed-dependent because pod IPs are
  // drawn from the seed, for the sweep -> replay -> shrink test.
  int fault_skip_deregister_for_test = 0;
};

// Finalizer and annotation names of the real controller.
inline constexpr char kCloudMapFinalizer[] = "finalizers.appmesh.k8s.aws/aws-cloudmap-resources";
inline constexpr char kCloudMapServiceArnAnnotation[] = "cloudMapServiceARN";

// The walkthrough's troubleshooting answer to AccessDeniedException (its README, "Troubleshooting"
// item 3), attached to the controller's error log line so a user sees cause and fix together.
inline constexpr char kAccessDeniedHint[] =
    "Cloud Map answered AccessDeniedException: the IAM role of the worker nodes (or the "
    "controller's service account) lacks Cloud Map permissions; attach the managed policy "
    "AWSCloudMapRegisterInstanceAccess (walkthrough troubleshooting, item 3)";

}  // namespace meshsim::controller
