// File: tests/support/scratch_dir.h
//
// A fresh scratch directory for the running test, unique to its process and test name.
//
// Why: CTest runs every test in its own process, in parallel, and ::testing::TempDir() is the
// same /tmp for all of them (and for a second checkout's suite running at the same time). Two
// tests that wrote "compare/before.json" there overwrote each other's files: CI once saw a
// compare of the wrong reports. A directory per process and test cannot be shared.
//
// Example:
//   std::string dir = meshsim::testing::ScratchDir();   // exists and is empty
//   WriteFile(dir + "/before.json", ...);
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <set>
#include <string>

namespace meshsim::testing {

// `<TempDir>/meshsim-<pid>-<Suite>.<Test>[-<sub>]`: created, and emptied the first time a test
// asks for it (later calls in the same test return it as it is, so helpers may call it freely).
inline std::string ScratchDir(const std::string& sub = "") {
  const ::testing::TestInfo* test = ::testing::UnitTest::GetInstance()->current_test_info();
  std::string name = test ? std::string(test->test_suite_name()) + "." + test->name() : "no-test";
  for (char& c : name) {
    if (c == '/') c = '_';  // parameterised test names contain '/'
  }
  std::string dir = ::testing::TempDir() + "/meshsim-" + std::to_string(::getpid()) + "-" + name;
  if (!sub.empty()) dir += "-" + sub;
  static std::set<std::string> prepared;
  if (prepared.insert(dir).second) std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

}  // namespace meshsim::testing
