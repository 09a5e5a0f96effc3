// File: controller/async/task_scope.h
//
// Owns detached root tasks. Spawn() starts a Task<void> at once; a finished root frees itself.
// Cancel() (and the destructor) destroys every still-suspended root frame, and with it every
// child task, timer, pending call and queue wait it holds: callbacks that arrive later for a
// destroyed frame are dropped (each awaiter keeps a shared liveness token). This is how a
// controller crash or restart is modelled: nothing it started runs again.
//
// Example:
//   TaskScope scope;
//   scope.Spawn(Worker(queue));   // runs until its first suspension
//   ...
//   scope.Cancel();               // the worker's frame is gone, its timers disarmed
//
// Declare the scope as the LAST member of its owner so frames die before what they reference.
#pragma once

#include <coroutine>
#include <cstdint>
#include <map>

#include "controller/async/task.h"

namespace meshsim::controller::async {

class TaskScope {
 public:
  TaskScope() = default;
  TaskScope(const TaskScope&) = delete;
  TaskScope& operator=(const TaskScope&) = delete;
  ~TaskScope() { Cancel(); }

  // Starts `task` now (it runs until its first suspension) and owns it until it finishes.
  void Spawn(Task<void> task);
  // Destroys every suspended root. REQUIRES: not called from inside one of this scope's tasks.
  // The scope stays usable afterwards.
  void Cancel();
  // Returns the number of roots that have not finished.
  size_t size() const { return roots_.size(); }

 private:
  void Finished(uint64_t id);

  uint64_t next_id_ = 0;
  std::map<uint64_t, Task<void>::Handle> roots_;
};

}  // namespace meshsim::controller::async
