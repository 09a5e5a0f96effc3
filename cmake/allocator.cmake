# The heap allocator of the binaries whose speed is measured: `meshsim` and the Google Benchmark
# binaries. A run of day-1k or scale-10k allocates and frees tens of millions of small strings
# and map nodes (Cloud Map answers, desired-instance maps, trace records); with glibc's malloc
# about a quarter of the CPU went to _int_malloc, _int_free and malloc_consolidate. jemalloc
# (Debian's libjemalloc-dev) took day-1k from 17.4 to 11.8 s in one sitting, same trace hash.
#
# The allocator never changes a trace: nothing orders output by address. The determinism
# cross-build test checks it, comparing this Release binary with the sanitizer build, which
# keeps the system allocator (ASan replaces malloc itself). Tests link the system allocator.
#
# MESHSIM_ALLOCATOR (cache): jemalloc (default when found and not sanitizing) or system.
# meshsim_use_allocator(target) links the chosen one into an executable.

set(_default_allocator system)
find_package(PkgConfig QUIET)
if(PkgConfig_FOUND)
  pkg_check_modules(MESHSIM_JEMALLOC QUIET IMPORTED_TARGET jemalloc)
endif()
if(MESHSIM_JEMALLOC_FOUND AND NOT CMAKE_CXX_FLAGS MATCHES "-fsanitize")
  set(_default_allocator jemalloc)
endif()
set(MESHSIM_ALLOCATOR "${_default_allocator}" CACHE STRING
    "Heap allocator of meshsim and its benchmarks: jemalloc or system")
set_property(CACHE MESHSIM_ALLOCATOR PROPERTY STRINGS jemalloc system)
if(MESHSIM_ALLOCATOR STREQUAL "jemalloc" AND NOT MESHSIM_JEMALLOC_FOUND)
  message(FATAL_ERROR "MESHSIM_ALLOCATOR=jemalloc but jemalloc was not found "
                      "(apt install libjemalloc-dev, or -DMESHSIM_ALLOCATOR=system)")
endif()
if(MESHSIM_ALLOCATOR STREQUAL "jemalloc" AND CMAKE_CXX_FLAGS MATCHES "-fsanitize")
  message(FATAL_ERROR "MESHSIM_ALLOCATOR=jemalloc cannot be combined with a sanitizer")
endif()
message(STATUS "meshsim: heap allocator ${MESHSIM_ALLOCATOR}")

function(meshsim_use_allocator target)
  if(MESHSIM_ALLOCATOR STREQUAL "jemalloc")
    target_link_libraries(${target} PRIVATE PkgConfig::MESHSIM_JEMALLOC)
  endif()
endfunction()
