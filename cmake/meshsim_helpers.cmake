# Helpers in the shape of abseil's absl_cc_library / absl_cc_test, so every folder's
# CMakeLists.txt reads the same and the dependency graph is visible in one place per target.
#
# meshsim_cc_library(NAME kernel HDRS a.h SRCS a.cc DEPS meshsim::controller_api [TESTONLY])
#   defines target meshsim_<NAME> with alias meshsim::<NAME>. Header-only when SRCS is empty.
# meshsim_cc_test(NAME kernel_event_queue_test SRCS x_test.cc DEPS meshsim::kernel [LABELS unit])
#   defines a GoogleTest executable registered with CTest through gtest_discover_tests.
include(GoogleTest)

function(meshsim_cc_library)
  cmake_parse_arguments(LIB "TESTONLY" "NAME" "HDRS;SRCS;DEPS" ${ARGN})
  set(target meshsim_${LIB_NAME})
  if(LIB_SRCS)
    add_library(${target} STATIC ${LIB_SRCS} ${LIB_HDRS})
    target_include_directories(${target} PUBLIC ${PROJECT_SOURCE_DIR})
    target_link_libraries(${target} PUBLIC ${LIB_DEPS})
  else()
    add_library(${target} INTERFACE ${LIB_HDRS})
    target_include_directories(${target} INTERFACE ${PROJECT_SOURCE_DIR})
    target_link_libraries(${target} INTERFACE ${LIB_DEPS})
  endif()
  add_library(meshsim::${LIB_NAME} ALIAS ${target})
endfunction()

function(meshsim_cc_test)
  cmake_parse_arguments(TEST "" "NAME" "SRCS;DEPS;LABELS" ${ARGN})
  add_executable(${TEST_NAME} ${TEST_SRCS})
  target_link_libraries(${TEST_NAME} PRIVATE ${TEST_DEPS} GTest::gmock GTest::gtest_main)
  if(NOT TEST_LABELS)
    set(TEST_LABELS unit)
  endif()
  gtest_discover_tests(${TEST_NAME} PROPERTIES LABELS "${TEST_LABELS}" DISCOVERY_TIMEOUT 60)
endfunction()
