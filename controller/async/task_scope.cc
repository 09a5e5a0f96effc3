#include "controller/async/task_scope.h"

#include <utility>

namespace meshsim::controller::async {

void TaskScope::Spawn(Task<void> task) {
  Task<void>::Handle h = task.Release();
  if (!h) return;
  uint64_t id = next_id_++;
  roots_.emplace(id, h);
  h.promise().on_done = [this, id] { Finished(id); };
  h.resume();
}

void TaskScope::Finished(uint64_t id) {
  auto it = roots_.find(id);
  if (it == roots_.end()) return;
  Task<void>::Handle h = it->second;
  roots_.erase(it);
  h.destroy();
}

void TaskScope::Cancel() {
  // Destroying a frame may run destructors that touch other roots' state, so take one at a
  // time until none is left.
  while (!roots_.empty()) {
    auto it = roots_.begin();
    Task<void>::Handle h = it->second;
    roots_.erase(it);
    h.destroy();
  }
}

}  // namespace meshsim::controller::async
