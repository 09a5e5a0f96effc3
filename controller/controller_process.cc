#include "controller/controller_process.h"

#include <utility>

#include "controller/api/check.h"

namespace meshsim::controller {

ControllerProcess::ControllerProcess(Dispatcher& dispatcher, KubeClient& kube,
                                     CloudMapClient& cloudmap, Tracer& tracer,
                                     ControllerOptions options)
    : dispatcher_(dispatcher), kube_(kube), cloudmap_(cloudmap), tracer_(tracer),
      options_(std::move(options)) {}

void ControllerProcess::Start() {
  MESHSIM_CHECK(!controller_) << "ControllerProcess::Start while running";
  controller_ = std::make_unique<CloudMapController>(dispatcher_, kube_, cloudmap_, tracer_,
                                                     options_);
  controller_->Start();
}

void ControllerProcess::Crash() {
  if (!controller_) return;
  CloudMapController::Stats s = controller_->stats();
  tracer_.Record(TraceEvent("controller", "ControllerCrash")
                     .With("queued", s.queue_length).With("reconciles_in_flight", s.reconciles_in_flight)
                     .With("instance_tasks", s.instance_tasks));
  controller_.reset();
}

void ControllerProcess::Restart() {
  Crash();
  ++restarts_;
  tracer_.Record(TraceEvent("controller", "ControllerRestart").With("restarts", restarts_));
  Start();
}

void ControllerProcess::Pause() {
  if (controller_) controller_->Pause();
}

void ControllerProcess::Resume() {
  if (controller_) controller_->Resume();
}

void ControllerProcess::SetSlowdown(Slowdown s) {
  options_.reconcile_delay = s.reconcile_delay;
  options_.api_call_delay = s.api_delay;
  if (controller_) controller_->SetSlowdown(s);
}

void ControllerProcess::SetWatchDelay(Duration delay) {
  options_.watch_delivery_delay = delay;
  if (controller_) controller_->SetWatchDelay(delay);
}

}  // namespace meshsim::controller
