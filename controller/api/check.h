// File: controller/api/check.h
//
// MESHSIM_CHECK(cond) << why; aborts with file:line when an invariant breaks. A broken
// invariant is a meshsim bug (Envoy's RELEASE_ASSERT, ns-3's NS_ASSERT_MSG); never use it for
// bad input or remote errors, which are Status values.
//
// Example:
//   MESHSIM_CHECK(when >= now_) << "event scheduled in the past: " << when.count();
#pragma once

#include <cstdlib>
#include <iostream>
#include <sstream>

namespace meshsim::internal {

class CheckFailure {
 public:
  CheckFailure(const char* file, int line, const char* cond) {
    stream_ << file << ":" << line << ": MESHSIM_CHECK(" << cond << ") failed: ";
  }
  [[noreturn]] ~CheckFailure() {
    std::cerr << stream_.str() << std::endl;
    std::abort();
  }
  std::ostream& stream() { return stream_; }

 private:
  std::ostringstream stream_;
};

}  // namespace meshsim::internal

#define MESHSIM_CHECK(cond) \
  if (cond) {               \
  } else                    \
    ::meshsim::internal::CheckFailure(__FILE__, __LINE__, #cond).stream()
