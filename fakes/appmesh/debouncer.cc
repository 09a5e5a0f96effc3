#include "fakes/appmesh/debouncer.h"

#include <algorithm>
#include <utility>

#include "controller/api/check.h"

namespace meshsim::fakes {

Debouncer::Debouncer(Dispatcher& dispatcher, Duration after, Duration max,
                     std::function<void()> fire)
    : dispatcher_(dispatcher), after_(after), max_(max), fire_(std::move(fire)) {
  MESHSIM_CHECK(after_ >= Duration(0) && max_ >= after_);
  timer_ = dispatcher_.CreateTimer([this] { Fire(); });
}

void Debouncer::Notify() {
  MonotonicTime now = dispatcher_.Now();
  if (!pending_) {
    pending_ = true;
    first_ = now;
    merged_ = 0;
  }
  ++merged_;
  // Quiet period restarts with each change, capped by the deadline of the first one.
  MonotonicTime due = std::min(now + after_, first_ + max_);
  timer_->Enable(due - now);
}

void Debouncer::Cancel() {
  pending_ = false;
  merged_ = 0;
  timer_->Disable();
}

void Debouncer::Fire() {
  if (!pending_) return;
  pending_ = false;
  merged_last_ = merged_;
  merged_ = 0;
  fire_();
}

}  // namespace meshsim::fakes
