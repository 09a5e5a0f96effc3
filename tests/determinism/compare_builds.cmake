# Runs every scenario with this build's meshsim and with another build's (e.g. Debug -O0 vs
# Release -O2) and compares the trace hashes of their summary lines. Skipped (SKIPPED: ...)
# without a reference binary. Usage:
#   cmake -DMESHSIM=... -DREFERENCE=<other build>/tools/meshsim -DSCENARIOS=<dir> -P compare_builds.cmake
if(NOT REFERENCE OR NOT EXISTS "${REFERENCE}")
  message("SKIPPED: no reference build; configure with -DMESHSIM_DETERMINISM_REFERENCE=<other build>/tools/meshsim")
  return()
endif()
file(GLOB files ${SCENARIOS}/*.yaml)
foreach(file ${files})
  foreach(binary MESHSIM REFERENCE)
    execute_process(COMMAND ${${binary}} run ${file} --quiet OUTPUT_VARIABLE out RESULT_VARIABLE code)
    string(REGEX MATCH "trace_hash=[0-9a-f]+" hash_${binary} "${out}")
  endforeach()
  if(NOT hash_MESHSIM OR NOT hash_MESHSIM STREQUAL hash_REFERENCE)
    message(FATAL_ERROR "${file}: ${MESHSIM} gives '${hash_MESHSIM}', ${REFERENCE} gives '${hash_REFERENCE}'")
  endif()
  message("${file}: ${hash_MESHSIM} in both builds")
endforeach()
