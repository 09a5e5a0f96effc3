// File: controller/controller_process.h
//
// The controller as a process that can crash and come back: owns at most one
// CloudMapController and rebuilds it on Restart() with the same clients and options, as a
// Kubernetes Deployment restarts a crashed controller pod. A crash destroys every in-memory
// thing at once (caches, work queue, instance tasks, operation polls, probe state); Cloud Map
// and the API server keep theirs, so a restart rebuilds from a relist (spec D.5): every VN and
// pod is listed again, each VN reconciled, and only the difference is sent to Cloud Map.
// Pause/Resume/SetSlowdown/SetWatchDelay forward to the running controller. The slow-down and
// the watch delay describe the environment, so a restarted controller keeps them; a pause does
// not survive a restart (the new process runs). While crashed, Pause/Resume do nothing.
// Every control is traced ("controller", "ControllerCrash" / "ControllerRestart" / ...).
//
// Example:
//   ControllerProcess process(dispatcher, kube, cloudmap, tracer, options);
//   process.Start();
//   dispatcher.Schedule(60s, [&] { process.Crash(); });
//   dispatcher.Schedule(90s, [&] { process.Restart(); });
#pragma once

#include <cstdint>
#include <memory>

#include "controller/cloudmap_controller.h"

namespace meshsim::controller {

class ControllerProcess {
 public:
  ControllerProcess(Dispatcher& dispatcher, KubeClient& kube, CloudMapClient& cloudmap,
                    Tracer& tracer, ControllerOptions options);
  ControllerProcess(const ControllerProcess&) = delete;
  ControllerProcess& operator=(const ControllerProcess&) = delete;

  // Creates and starts the controller. REQUIRES: not running.
  void Start();
  // Destroys the running controller (no-op when crashed).
  void Crash();
  // Like Crash, but a clean exit (untraced): the end of a live run.
  void Stop() { controller_.reset(); }
  // Crashes the running controller if any, then starts a new one.
  void Restart();
  bool running() const { return controller_ != nullptr; }
  int64_t restarts() const { return restarts_; }

  void Pause();
  void Resume();
  void SetSlowdown(Slowdown s);
  void SetWatchDelay(Duration delay);

  // The running controller, or nullptr while crashed.
  CloudMapController* controller() { return controller_.get(); }
  const CloudMapController* controller() const { return controller_.get(); }

 private:
  Dispatcher& dispatcher_;
  KubeClient& kube_;
  CloudMapClient& cloudmap_;
  Tracer& tracer_;
  ControllerOptions options_;  // slow-down and watch delay folded in, for restarts
  int64_t restarts_ = 0;
  std::unique_ptr<CloudMapController> controller_;
};

}  // namespace meshsim::controller
